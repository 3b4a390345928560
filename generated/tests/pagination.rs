//! Pagers on the wire: the client generated from `generator/tests/fixtures/pagination.yaml`
//! (written into `tests/api/` by `cargo xtask codegen`) against a loopback server that serves
//! three pages: every page in order, the page limit, an absent or empty cursor, an error.

use std::future::Future;
use std::time::Duration;

use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// The generated module calls `crate::runtime::…`.
mod runtime {
    pub use hubspot_oauth::runtime::*;
}

#[rustfmt::skip]
#[allow(dead_code)]
mod api {
    #[path = "../api/pagination.rs"]
    pub mod pagination;
}

use api::pagination::{Client, ListEventsParams, ListMessagesParams};

async fn bounded<F: Future>(future: F) -> F::Output {
    tokio::time::timeout(Duration::from_secs(10), future)
        .await
        .expect("the call finishes within 10 s")
}

/// HubSpot-style pages: `after` absent → page 1, `c2` → page 2, `c3` → page 3 (the last).
struct Events;

impl Respond for Events {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let after = query(request, "after");
        let (ids, next) = match after.as_deref() {
            None => (["e1", "e2"], Some("c2")),
            Some("c2") => (["e3", "e4"], Some("c3")),
            Some("c3") => (["e5", "e6"], None),
            Some(_) => return ResponseTemplate::new(400).set_body_json(json!({})),
        };
        let results: Vec<Value> = ids.iter().map(|id| json!({ "id": id })).collect();
        let body = match next {
            Some(after) => {
                json!({ "results": results, "paging": { "next": { "after": after, "link": "?after=x" } } })
            }
            None => json!({ "results": results }),
        };
        ResponseTemplate::new(200).set_body_json(body)
    }
}

fn query(request: &Request, key: &str) -> Option<String> {
    request
        .url
        .query_pairs()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.into_owned())
}

async fn sent(server: &MockServer, key: &str) -> Vec<Option<String>> {
    let requests = server.received_requests().await.expect("recording is on");
    requests.iter().map(|r| query(r, key)).collect()
}

async fn events_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/events"))
        .respond_with(Events)
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn pages_through_every_page_in_order() {
    let server = events_server().await;
    let client = Client::with_base_url(server.uri());
    let params = ListEventsParams {
        limit: Some(2),
        ..Default::default()
    };
    let mut events = client.list_events_pages(&params);
    let mut ids = Vec::new();
    // Bounded: a pager that never stopped would fail here, not hang.
    for _ in 0..10 {
        match bounded(events.next()).await {
            Some(event) => ids.push(event.expect("a page").id),
            None => break,
        }
    }
    assert_eq!(ids, ["e1", "e2", "e3", "e4", "e5", "e6"]);
    assert_eq!(events.pages_fetched(), 3);
    assert!(
        bounded(events.next()).await.is_none(),
        "a finished pager stays finished"
    );
    assert_eq!(
        sent(&server, "after").await,
        [None, Some("c2".to_owned()), Some("c3".to_owned())]
    );
    // Every request keeps the caller's other parameters.
    assert_eq!(sent(&server, "limit").await, vec![Some("2".to_owned()); 3]);
}

#[tokio::test]
async fn stops_at_the_page_limit() {
    let server = events_server().await;
    let client = Client::with_base_url(server.uri());
    let mut pages = client
        .list_events_pages(&ListEventsParams::default())
        .max_pages(2);
    let mut sizes = Vec::new();
    for _ in 0..10 {
        match bounded(pages.next_page()).await {
            Some(page) => sizes.push(page.expect("a page").len()),
            None => break,
        }
    }
    assert_eq!(sizes, [2, 2]);
    assert_eq!(server.received_requests().await.map(|r| r.len()), Some(2));
}

#[tokio::test]
async fn starts_at_the_callers_cursor() {
    let server = events_server().await;
    let client = Client::with_base_url(server.uri());
    let params = ListEventsParams {
        after: Some("c3".to_owned()),
        ..Default::default()
    };
    let mut pages = client.list_events_pages(&params);
    let first = bounded(pages.next_page())
        .await
        .expect("a page")
        .expect("ok");
    assert_eq!(
        first.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(),
        ["e5", "e6"]
    );
    assert!(bounded(pages.next_page()).await.is_none());
}

/// `next_cursor` pages: the first has a cursor, the second an empty one (or `null`).
struct Messages {
    last: Value,
}

impl Respond for Messages {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let body = match query(request, "cursor").as_deref() {
            None => json!({ "data": [{ "text": "one" }], "next_cursor": "m2" }),
            Some("m2") => json!({ "data": [{ "text": "two" }], "next_cursor": self.last }),
            Some(_) => json!({ "data": [{ "text": "again" }], "next_cursor": "m2" }),
        };
        ResponseTemplate::new(200).set_body_json(body)
    }
}

#[tokio::test]
async fn stops_at_an_empty_or_absent_cursor() {
    for last in [json!(""), Value::Null] {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/channels/general/messages"))
            .respond_with(Messages { last: last.clone() })
            .mount(&server)
            .await;
        let client = Client::with_base_url(server.uri());
        let mut messages = client.list_messages_pages("general", &ListMessagesParams::default());
        let mut texts = Vec::new();
        for _ in 0..10 {
            match bounded(messages.next()).await {
                Some(message) => texts.push(message.expect("a page").text),
                None => break,
            }
        }
        assert_eq!(texts, ["one", "two"], "last cursor {last}");
        assert_eq!(
            sent(&server, "cursor").await,
            [None, Some("m2".to_owned())],
            "last cursor {last}"
        );
    }
}

#[tokio::test]
async fn stops_when_the_cursor_repeats() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/channels/loop/messages"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({ "data": [{ "text": "same" }], "next_cursor": "m2" })),
        )
        .mount(&server)
        .await;
    let client = Client::with_base_url(server.uri());
    let mut pages = client.list_messages_pages("loop", &ListMessagesParams::default());
    let mut count = 0;
    while bounded(pages.next_page()).await.is_some() {
        count += 1;
        assert!(count <= 10, "the pager does not stop");
    }
    // The first page gives `m2`; the second, fetched with `m2`, gives `m2` again: the end.
    assert_eq!(count, 2);
}

#[tokio::test]
async fn an_error_ends_paging_and_shows_no_cursor() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/events"))
        .respond_with(|request: &Request| match query(request, "after") {
            None => ResponseTemplate::new(200).set_body_json(json!({
                "results": [{ "id": "e1" }],
                "paging": { "next": { "after": "cursor-7b2e9d" } }
            })),
            Some(_) => ResponseTemplate::new(400).set_body_json(json!({ "message": "bad" })),
        })
        .mount(&server)
        .await;
    let client = Client::with_base_url(server.uri());
    let mut events = client.list_events_pages(&ListEventsParams::default());
    assert_eq!(
        bounded(events.next()).await.expect("item").expect("ok").id,
        "e1"
    );
    let error = bounded(events.next())
        .await
        .expect("the error")
        .expect_err("400");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(400));
    let shown = format!("{events:?} {error:?} {error}");
    assert!(!shown.contains("cursor-7b2e9d"), "{shown}");
    assert!(
        bounded(events.next()).await.is_none(),
        "no retry after an error"
    );
    assert_eq!(server.received_requests().await.map(|r| r.len()), Some(2));
}
