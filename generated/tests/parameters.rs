//! Generated request functions for the parameter fixtures (`generator/tests/fixtures/`, written
//! into `tests/api/` by `cargo xtask codegen`), run through the runtime: the exact URL and
//! headers each builds, and one request sent to a loopback server, as it arrives.

use std::collections::BTreeMap;
use std::time::Duration;

use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The generated modules call `crate::runtime::…`.
mod runtime {
    pub use hubspot_oauth::runtime::*;
}

#[rustfmt::skip]
#[allow(dead_code)]
mod api {
    #[path = "../api/content_parameters.rs"]
    pub mod content_parameters;
    #[path = "../api/cookie_parameters.rs"]
    pub mod cookie_parameters;
    #[path = "../api/parameter_aliases.rs"]
    pub mod parameter_aliases;
    #[path = "../api/parameter_objects.rs"]
    pub mod parameter_objects;
    #[path = "../api/parameter_styles.rs"]
    pub mod parameter_styles;
}

use api::{
    content_parameters as content, cookie_parameters as cookies, parameter_aliases as aliases,
    parameter_objects as objects, parameter_styles as styles,
};

const BASE: &str = "http://127.0.0.1:9";

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

/// The request's URL after the origin.
fn target(request: &hubspot_oauth::runtime::Request) -> String {
    let uri = request.http().uri();
    uri.path_and_query()
        .map_or_else(String::new, |pq| pq.as_str().to_owned())
}

fn header_lines(request: &hubspot_oauth::runtime::Request, name: &str) -> Vec<String> {
    request
        .http()
        .headers()
        .get_all(name)
        .iter()
        .map(|v| v.to_str().expect("ASCII header").to_owned())
        .collect()
}

fn styles_params() -> styles::ListColorsParams {
    styles::ListColorsParams {
        repeated: Some(strings(&["a b", "c"])),
        commas: Some(strings(&["x,y", "z"])),
        spaces: Some(vec![1.5, 2.0]),
        pipes: Some(vec![true, false]),
        x_colors: Some(strings(&["blue", "black"])),
        shade: Some("dark".to_owned()),
    }
}

#[test]
fn every_style_of_a_generated_request() {
    let request = styles::request::list_colors(
        BASE,
        &strings(&["blue", "black", "brown"]),
        &strings(&["blue", "black"]),
        &[1, 2],
        &strings(&["blue", "black"]),
        &strings(&["blue", "black"]),
        &styles_params(),
    )
    .expect("the request builds");
    assert_eq!(
        target(&request),
        "/colors/blue,black,brown/.blue.black/.1.2/;matrix=blue,black/\
         ;matrixExploded=blue;matrixExploded=black\
         ?repeated=a%20b&repeated=c&commas=x%2Cy,z&spaces=1.5%202&pipes=true|false&shade=dark"
    );
    assert_eq!(header_lines(&request, "x-colors"), ["blue,black"]);
}

#[test]
fn objects_in_every_place() {
    let rgb = objects::Rgb {
        r: 100,
        g: Some(200),
        b: Some(150),
    };
    let params = objects::GetColorParams {
        exploded: Some(objects::Rgb {
            b: None,
            ..rgb.clone()
        }),
        flat: Some(rgb.clone()),
        filter: Some(objects::GetColorFilter {
            mode: Some(objects::GetColorFilterMode::Dark),
            name: Some("a&b".to_owned()),
            tags: Some(strings(&["x", "y"])),
            owner_token: Some("SECRET-owner".to_owned()),
        }),
        x_rgb: Some(rgb.clone()),
        extra: Some(BTreeMap::from([
            ("n".to_owned(), serde_json::json!(1)),
            ("s".to_owned(), serde_json::json!("t")),
        ])),
        labels: Some(BTreeMap::from([("k".to_owned(), "v w".to_owned())])),
        grid: Some(vec![vec![1, 2], vec![3]]),
    };
    let request = objects::request::get_color(BASE, &rgb, &params).expect("the request builds");
    assert_eq!(
        target(&request),
        "/colors/R=100,G=200,B=150\
         ?R=100&G=200\
         &flat=R,100,G,200,B,150\
         &filter[mode]=dark&filter[name]=a%26b&filter[tags]=%5B%22x%22%2C%22y%22%5D\
         &filter[owner_token]=SECRET-owner\
         &extra[n]=1&extra[s]=t\
         &k=v%20w\
         &grid=%5B%5B1%2C2%5D%2C%5B3%5D%5D"
    );
    assert_eq!(header_lines(&request, "x-rgb"), ["R,100,G,200,B,150"]);
    // The secret property is recorded, and neither Debug shows it.
    assert_eq!(
        request.secrets().scrub("owner SECRET-owner"),
        "owner <redacted>"
    );
    assert!(!format!("{params:?}").contains("SECRET-owner"));
    assert!(!format!("{request:?}").contains("SECRET-owner"));
}

#[test]
fn aliases_enums_and_scalar_unions() {
    let params = aliases::GetItemParams {
        other: Some("other".to_owned()),
        names: Some(strings(&["a", "b"])),
        statuses: Some(vec![aliases::Status::Open, aliases::Status::Closed]),
        kinds: Some(vec![
            aliases::GetItemKindsItem::B,
            aliases::GetItemKindsItem::Unrecognized("c d".to_owned()),
        ]),
        sort: Some(aliases::SortMode::Descending),
        order: Some(aliases::GetItemOrder::Asc),
        r#ref: aliases::GetItemRef::Integer(42),
        x_key: Some(aliases::GetItemXKey::Status(aliases::Status::Open)),
        ids: Some(aliases::GetItemIds::Array(strings(&["i", "j"]))),
    };
    let request =
        aliases::request::get_item(BASE, &"name".to_owned(), &7, &params).expect("it builds");
    assert_eq!(
        target(&request),
        "/items/name/7?other=other&names=a&names=b&statuses=open,closed&kinds=b&kinds=c%20d\
         &sort=descending&order=asc&ref=42&ids=i&ids=j"
    );
    assert_eq!(header_lines(&request, "x-key"), ["open"]);
    let text = aliases::GetItemParams {
        r#ref: aliases::GetItemRef::String("x/y".to_owned()),
        ids: Some(aliases::GetItemIds::String("k".to_owned())),
        ..params
    };
    let request = aliases::request::get_item(BASE, &"n".to_owned(), &1, &text).expect("builds");
    assert!(
        target(&request).ends_with("&ref=x%2Fy&ids=k"),
        "{}",
        target(&request)
    );
}

fn session() -> cookies::GetSessionParams {
    cookies::GetSessionParams {
        lang: Some("en".to_owned()),
        lang_2: Some("fr; x=1".to_owned()),
        session_token: "SECRET-session,1".to_owned(),
        tabs: Some(vec![1, 2]),
        theme: Some(cookies::GetSessionTheme::Dark),
    }
}

#[test]
fn cookies_go_into_one_header() {
    let request = cookies::request::get_session(BASE, &session()).expect("the request builds");
    assert_eq!(target(&request), "/session?lang=en");
    assert_eq!(
        header_lines(&request, "cookie"),
        ["lang=fr%3B%20x%3D1; session_token=SECRET-session%2C1; tabs=1,2; theme=dark"]
    );
    assert_eq!(
        request
            .secrets()
            .scrub("SECRET-session,1 SECRET-session%2C1"),
        "<redacted> <redacted>"
    );
    assert!(!format!("{:?}", session()).contains("SECRET"));
}

#[test]
fn content_parameters_are_json_text() {
    let params = content::SearchParams {
        filter: content::SearchFilter {
            name: Some("a b".to_owned()),
            tags: None,
        },
        x_context: Some(serde_json::json!({"k": [1, true]})),
        expr: Some("x=1".to_owned()),
    };
    let request = content::request::search(BASE, &[1, 2], &params).expect("the request builds");
    assert_eq!(
        target(&request),
        "/search/%5B1%2C2%5D?filter=%7B%22name%22%3A%22a%20b%22%7D&expr=x%3D1"
    );
    assert_eq!(header_lines(&request, "x-context"), [r#"{"k":[1,true]}"#]);
}

#[tokio::test]
async fn a_generated_request_arrives_as_built() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = cookies::Client::with_base_url(server.uri());
    tokio::time::timeout(Duration::from_secs(20), client.get_session(&session()))
        .await
        .expect("the call finished within its time bound")
        .expect("204 is a success");
    let styles_client = styles::Client::with_base_url(server.uri());
    tokio::time::timeout(
        Duration::from_secs(20),
        styles_client.list_colors(
            &strings(&["a"]),
            &strings(&["b"]),
            &[1],
            &strings(&["c"]),
            &strings(&["d", "e"]),
            &styles_params(),
        ),
    )
    .await
    .expect("the call finished within its time bound")
    .expect("204 is a success");

    let received = server
        .received_requests()
        .await
        .expect("request recording is enabled");
    assert_eq!(received.len(), 2, "one request per call");
    let first = &received[0];
    assert_eq!(first.url.path(), "/session");
    assert_eq!(first.url.query(), Some("lang=en"));
    let cookie: Vec<_> = first.headers.get_all("cookie").iter().collect();
    assert_eq!(
        cookie,
        ["lang=fr%3B%20x%3D1; session_token=SECRET-session%2C1; tabs=1,2; theme=dark"]
    );
    // The delimiters the styles add arrive as they were written.
    let second = &received[1];
    assert_eq!(
        second.url.path(),
        "/colors/a/.b/.1/;matrix=c/;matrixExploded=d;matrixExploded=e"
    );
    assert_eq!(
        second.url.query(),
        Some("repeated=a%20b&repeated=c&commas=x%2Cy,z&spaces=1.5%202&pipes=true|false&shade=dark")
    );
    let colors: Vec<_> = second.headers.get_all("x-colors").iter().collect();
    assert_eq!(colors, ["blue,black"]);
}
