//! Typed formats: `hubspot_oauth::formats::Formatted` on its own, and the module generated with
//! typed formats from `generator/tests/fixtures/typed_formats.yaml` (written into
//! `tests/api/` by `cargo xtask codegen`): values in their format are parsed, any other text is
//! kept raw and written back exactly, so one odd date never fails a decode.

use hubspot_oauth::formats::{Date, Formatted, OffsetDateTime, Uuid};
use hubspot_oauth::runtime::{Error, SentSecrets};

/// The generated module calls `crate::runtime::…` and `crate::formats::…`.
mod runtime {
    pub use hubspot_oauth::runtime::*;
}
mod formats {
    pub use hubspot_oauth::formats::*;
}

#[rustfmt::skip]
#[allow(dead_code)]
mod api {
    #[path = "../api/typed_formats.rs"]
    pub mod typed_formats;
}

use api::typed_formats as typed;

const ID: &str = "6f1c3e5a-2b4d-4c8e-9a7f-1d2e3f4a5b6c";
const KEY: &str = "0b7d2f0e-8c1a-4e8b-b1f3-9d6c5a4e3f21";

fn response(status: u16, body: &str) -> http::Response<Vec<u8>> {
    http::Response::builder()
        .status(status)
        .header("content-type", "application/json")
        .body(body.as_bytes().to_vec())
        .expect("a valid response")
}

fn event_json(created: &str) -> String {
    format!(
        r#"{{"id":"{ID}","created":"{created}","day":"2024-05-01","updated":null,"attendees":["{ID}","not-a-uuid"],"checkpoints":{{"in":"2024-05-01T08:00:00Z","out":"soon"}},"when":"2024-05-02","api_key":"{KEY}"}}"#
    )
}

#[test]
fn values_in_their_format_are_parsed() {
    let at: Formatted<OffsetDateTime> =
        serde_json::from_str(r#""2024-05-01T14:30:00.5+02:00""#).expect("a string always decodes");
    let parsed = at.parsed().expect("RFC 3339");
    assert_eq!(parsed.offset().whole_hours(), 2, "the offset is kept");
    assert_eq!(parsed.millisecond(), 500);
    assert_eq!(at.raw(), None);

    let day: Formatted<Date> = serde_json::from_str(r#""2024-02-29""#).unwrap();
    let day = day.into_parsed().expect("a full-date");
    assert_eq!(
        (day.year(), u8::from(day.month()), day.day()),
        (2024, 2, 29)
    );

    let id: Formatted<Uuid> = serde_json::from_str(&format!("\"{}\"", ID.to_uppercase())).unwrap();
    assert_eq!(id.parsed().map(Uuid::to_string).as_deref(), Some(ID));
}

#[test]
fn text_outside_the_format_is_kept_raw_and_written_back_exactly() {
    let cases: [(&str, RawOf); 11] = [
        ("yesterday", raw::<OffsetDateTime>),
        ("2024-05-01 14:30:00", raw::<OffsetDateTime>),
        ("2024-05-01T14:30:00", raw::<OffsetDateTime>),
        ("2024-13-01T00:00:00Z", raw::<OffsetDateTime>),
        ("", raw::<OffsetDateTime>),
        ("2024-02-30", raw::<Date>),
        ("2024-5-01", raw::<Date>),
        ("+2024-05-01", raw::<Date>),
        ("2024-05-01T00:00:00Z", raw::<Date>),
        ("6f1c3e5a2b4d4c8e9a7f1d2e3f4a5b6c", raw::<Uuid>),
        ("{6f1c3e5a-2b4d-4c8e-9a7f-1d2e3f4a5b6c}", raw::<Uuid>),
    ];
    for (text, raw) in cases {
        assert_eq!(raw(text).as_deref(), Some(text), "{text:?}");
    }
}

type RawOf = fn(&str) -> Option<String>;

/// The raw text of `text` read as `Formatted<T>`, after checking it is written back as it was.
fn raw<T: hubspot_oauth::formats::TextFormat>(text: &str) -> Option<String> {
    let json = serde_json::to_string(text).unwrap();
    let value: Formatted<T> = serde_json::from_str(&json).expect("a string always decodes");
    assert_eq!(serde_json::to_string(&value).unwrap(), json, "round trip");
    value.raw().map(str::to_owned)
}

#[test]
fn parsed_values_are_written_in_canonical_form() {
    for (received, written) in [
        (
            "2024-05-01T14:30:00.500+02:00",
            "2024-05-01T14:30:00.5+02:00",
        ),
        ("2024-05-01T12:30:00Z", "2024-05-01T12:30:00Z"),
        ("2024-05-01T12:30:00+00:00", "2024-05-01T12:30:00Z"),
    ] {
        let value = Formatted::<OffsetDateTime>::parse(received);
        assert!(value.parsed().is_some(), "{received}");
        assert_eq!(value.to_string(), written);
        assert_eq!(
            serde_json::to_value(&value).unwrap(),
            serde_json::json!(written)
        );
    }
    let id = Formatted::<Uuid>::parse(&ID.to_uppercase());
    assert_eq!(id.text().as_deref(), Some(ID));
    let day = Formatted::<Date>::from("2024-05-01");
    assert_eq!(day.to_string(), "2024-05-01");
}

#[test]
fn only_strings_decode_as_for_a_string() {
    assert!(serde_json::from_str::<Formatted<Date>>("20240501").is_err());
    assert!(serde_json::from_str::<Formatted<Uuid>>("null").is_err());
    assert!(serde_json::from_str::<Option<Formatted<Uuid>>>("null")
        .unwrap()
        .is_none());
}

#[test]
fn a_value_the_format_cannot_express_is_an_encode_error_not_a_wrong_text() {
    let offset = time::UtcOffset::from_hms(1, 0, 30).unwrap();
    let at = OffsetDateTime::UNIX_EPOCH.to_offset(offset);
    let value = Formatted::Parsed(at);
    assert_eq!(value.text(), None);
    let error = serde_json::to_string(&value).unwrap_err().to_string();
    assert!(error.contains("date-time"), "{error}");
    // Display, and so a parameter, falls back to what `time` writes.
    assert_eq!(value.to_string(), at.to_string());
}

#[test]
fn debug_shows_the_text_in_its_variant() {
    let at = Formatted::<OffsetDateTime>::parse("2024-05-01T12:30:00Z");
    assert_eq!(format!("{at:?}"), "Parsed(2024-05-01T12:30:00Z)");
    let odd = Formatted::<OffsetDateTime>::parse("soon");
    assert_eq!(format!("{odd:?}"), r#"Raw("soon")"#);
}

#[test]
fn a_response_with_one_bad_date_still_decodes() {
    let event = typed::response::get_event(
        response(200, &event_json("yesterday")),
        &SentSecrets::none(),
    )
    .expect("decodes");
    assert_eq!(event.created.raw(), Some("yesterday"));
    assert_eq!(event.id.parsed().map(Uuid::to_string).as_deref(), Some(ID));
    assert!(event.day.parsed().is_some());
    assert_eq!(event.updated, None);
    assert_eq!(event.attendees[1].raw(), Some("not-a-uuid"));
    assert!(event.checkpoints["in"].parsed().is_some());
    assert_eq!(event.checkpoints["out"].raw(), Some("soon"));
    assert!(matches!(&event.when, Some(typed::When::Date(d)) if d.parsed().is_some()));
    // The spec's default, parsed as a received value is.
    assert_eq!(event.starts.to_string(), "2024-01-01");
    assert!(event.starts.parsed().is_some());

    // Written back: the raw texts exactly, the parsed ones in canonical form (here the same).
    let written: serde_json::Value = serde_json::to_value(&event).unwrap();
    let mut expected: serde_json::Value = serde_json::from_str(&event_json("yesterday")).unwrap();
    expected["starts"] = serde_json::json!("2024-01-01");
    assert_eq!(written, expected);
}

#[test]
fn an_api_error_with_a_bad_date_keeps_its_decoded_body() {
    let body =
        format!(r#"{{"message":"no such event","correlationId":"{ID}","at":"last tuesday"}}"#);
    let error =
        typed::response::get_event(response(404, &body), &SentSecrets::none()).expect_err("a 404");
    let Error::Api(api) = &error else {
        panic!("not an API error: {error:?}");
    };
    let decoded = api.error().expect("the error body matches the spec");
    assert_eq!(decoded.message, "no such event");
    assert_eq!(
        decoded.at.as_ref().and_then(Formatted::raw),
        Some("last tuesday")
    );
    assert!(decoded
        .correlation_id
        .as_ref()
        .and_then(Formatted::parsed)
        .is_some());
}

#[test]
fn secret_values_are_redacted_in_debug_whatever_their_type() {
    let mut event: typed::Event =
        serde_json::from_str(&event_json("2024-05-01T12:30:00Z")).unwrap();
    event.refresh_token = Some(Formatted::parse(KEY));
    let debug = format!("{event:?}");
    assert!(!debug.contains(KEY), "{debug}");
    assert!(debug.contains(r#"api_key: <redacted>"#), "{debug}");
    assert!(
        debug.contains(r#"refresh_token: Some(<redacted>)"#),
        "{debug}"
    );
    assert!(
        debug.contains("created: Parsed(2024-05-01T12:30:00Z)"),
        "{debug}"
    );
}

#[test]
fn parameters_are_sent_as_their_text() {
    let params = typed::GetEventParams {
        since: Some(Formatted::parse("2024-05-01T12:30:00+02:00")),
        on: Formatted::parse("someday"),
        ids: Some(vec![Formatted::parse(ID), Formatted::Raw("x y".to_owned())]),
        x_request_id: Some(Formatted::parse(ID)),
        x_session_token: Some(Formatted::parse(KEY)),
    };
    let request = typed::request::get_event(
        "https://api.example.com",
        &Formatted::parse(ID),
        &Formatted::from(Date::from_calendar_date(2024, time::Month::May, 1).unwrap()),
        &Formatted::parse("2024-05-01T12:30:00Z"),
        &params,
    )
    .expect("builds");
    let uri = request.http().uri().to_string();
    assert_eq!(
        uri,
        format!(
            "https://api.example.com/events/{ID}/days/2024-05-01/at/2024-05-01T12%3A30%3A00Z\
             ?since=2024-05-01T12%3A30%3A00%2B02%3A00&on=someday&ids={ID}&ids=x%20y"
        )
    );
    let headers = request.http().headers();
    assert_eq!(headers["x-request-id"], ID);
    assert_eq!(headers["x-session-token"], KEY);
    assert_eq!(
        request.secrets().scrub(KEY),
        "<redacted>",
        "recorded as a secret"
    );
    assert_eq!(request.secrets().scrub(ID), ID);
}
