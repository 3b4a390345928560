//! `multipart/form-data` bodies: the runtime's encoder (`runtime::Multipart`), read back part by
//! part; the client generated from `generator/tests/fixtures/multipart.yaml` (written into
//! `tests/api/` by `cargo xtask codegen`) against a loopback server; and no file byte or secret
//! in any `Debug`.

use std::time::Duration;

use hubspot_oauth::runtime::{
    Config, FilePart, Multipart, RequestBuilder, RetryConfig, SentSecrets, Transport,
};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The generated module calls `crate::runtime::…`.
mod runtime {
    pub use hubspot_oauth::runtime::*;
}

#[rustfmt::skip]
#[allow(dead_code)]
mod api {
    #[path = "../api/multipart.rs"]
    pub mod multipart;
}

use api::multipart::{Client, UploadFileRequest, UploadOptions, UploadOptionsAccess};

/// One part read back: its header lines and its content.
#[derive(Debug, PartialEq)]
struct Part {
    headers: Vec<String>,
    content: Vec<u8>,
}

fn part(headers: &[&str], content: &[u8]) -> Part {
    Part {
        headers: headers.iter().map(|h| (*h).to_owned()).collect(),
        content: content.to_vec(),
    }
}

/// The boundary of a `multipart/form-data; boundary=…` media type.
fn boundary(content_type: &str) -> String {
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap_or_else(|| panic!("not a form-data media type: {content_type}"));
    assert!(!boundary.is_empty() && boundary.len() <= 70, "{boundary}");
    assert!(
        boundary
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-'),
        "{boundary}"
    );
    boundary.to_owned()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Splits a body on its boundary (RFC 2046 §5.1.1) and each part at its blank line.
fn parse(body: &[u8], content_type: &str) -> Vec<Part> {
    let boundary = boundary(content_type);
    let first = format!("--{boundary}\r\n");
    let last = format!("--{boundary}--\r\n");
    if body == last.as_bytes() {
        return Vec::new();
    }
    let inner = body
        .strip_prefix(first.as_bytes())
        .expect("the body starts with the first delimiter");
    let inner = inner
        .strip_suffix(format!("\r\n{last}").as_bytes())
        .expect("the body ends with the close delimiter");
    let delimiter = format!("\r\n--{boundary}\r\n");
    let mut parts = Vec::new();
    let mut rest = inner;
    loop {
        let (this, next) = match find(rest, delimiter.as_bytes()) {
            Some(at) => (&rest[..at], Some(&rest[at + delimiter.len()..])),
            None => (rest, None),
        };
        let blank = find(this, b"\r\n\r\n").expect("a blank line ends the headers");
        let headers = std::str::from_utf8(&this[..blank]).expect("UTF-8 headers");
        parts.push(Part {
            headers: headers.split("\r\n").map(str::to_owned).collect(),
            content: this[blank + 4..].to_vec(),
        });
        match next {
            Some(next) => rest = next,
            None => return parts,
        }
    }
}

fn encoded(form: &Multipart) -> Vec<Part> {
    let (body, content_type) = form.encode().expect("the form encodes");
    parse(&body, &content_type)
}

#[test]
fn every_value_becomes_its_parts() {
    let png = vec![0x89, b'P', b'N', b'G', b'\r', b'\n', 0, 0xff];
    let form = Multipart::new()
        .file(
            "file",
            &FilePart::new("a.png", png.clone()),
            Some("image/png"),
        )
        .files(
            "attachments",
            &[
                FilePart::new("notes.txt", "one").with_content_type("text/plain; charset=utf-8"),
                FilePart::new("blob", vec![1, 2, 3]),
            ],
            None,
        )
        .value("folderId", "42", None)
        .value("size", &7_i64, None)
        .value("ratio", &0.5_f64, None)
        .value("overwrite", &true, None)
        .value("tags", &["a", "b c"], None)
        .value("options", &json!({"access": "PRIVATE", "n": 1}), None)
        .value("metadata", r#"{"k":"v"}"#, Some("application/json"))
        .value("absent", &None::<String>, None)
        .text("note", "é\r\nline", None);
    assert_eq!(
        encoded(&form),
        vec![
            part(
                &[
                    r#"Content-Disposition: form-data; name="file"; filename="a.png""#,
                    "Content-Type: image/png",
                ],
                &png,
            ),
            part(
                &[
                    r#"Content-Disposition: form-data; name="attachments"; filename="notes.txt""#,
                    "Content-Type: text/plain; charset=utf-8",
                ],
                b"one",
            ),
            part(
                &[
                    r#"Content-Disposition: form-data; name="attachments"; filename="blob""#,
                    "Content-Type: application/octet-stream",
                ],
                &[1, 2, 3],
            ),
            part(
                &[r#"Content-Disposition: form-data; name="folderId""#],
                b"42"
            ),
            part(&[r#"Content-Disposition: form-data; name="size""#], b"7"),
            part(&[r#"Content-Disposition: form-data; name="ratio""#], b"0.5"),
            part(
                &[r#"Content-Disposition: form-data; name="overwrite""#],
                b"true"
            ),
            part(&[r#"Content-Disposition: form-data; name="tags""#], b"a"),
            part(&[r#"Content-Disposition: form-data; name="tags""#], b"b c"),
            part(
                &[
                    r#"Content-Disposition: form-data; name="options""#,
                    "Content-Type: application/json",
                ],
                br#"{"access":"PRIVATE","n":1}"#,
            ),
            part(
                &[
                    r#"Content-Disposition: form-data; name="metadata""#,
                    "Content-Type: application/json",
                ],
                br#"{"k":"v"}"#,
            ),
            part(
                &[r#"Content-Disposition: form-data; name="note""#],
                "é\r\nline".as_bytes(),
            ),
        ]
    );
}

#[test]
fn names_with_quotes_line_breaks_and_non_ascii_stay_in_their_header() {
    let name = "say \"hi\"\r\nX-Injected: 1";
    let file = FilePart::new("résumé \"final\".pdf\n", b"%PDF".to_vec());
    let form = Multipart::new().file(name, &file, None);
    assert_eq!(
        encoded(&form),
        vec![part(
            &[
                "Content-Disposition: form-data; name=\"say %22hi%22%0D%0AX-Injected: 1\"; \
                 filename=\"résumé %22final%22.pdf%0A\"",
                "Content-Type: application/octet-stream",
            ],
            b"%PDF",
        )]
    );
}

#[test]
fn an_empty_form_is_the_close_delimiter_alone() {
    let form = Multipart::new().value("absent", &None::<i64>, None);
    assert!(form.is_empty());
    let (body, content_type) = form.encode().unwrap();
    assert_eq!(
        body,
        format!("--{}--\r\n", boundary(&content_type)).into_bytes()
    );
}

#[test]
fn the_boundary_is_fresh_and_absent_from_the_content() {
    let form = Multipart::new().text("a", "--", None);
    let (first_body, first) = form.encode().unwrap();
    let (_, second) = form.encode().unwrap();
    assert_ne!(boundary(&first), boundary(&second));
    let needle = boundary(&first).into_bytes();
    // The delimiters hold it twice; the content never does.
    let count = first_body
        .windows(needle.len())
        .filter(|w| *w == needle)
        .count();
    assert_eq!(count, 2);
}

#[test]
fn a_content_type_with_a_line_break_fails_the_request() {
    let file = FilePart::new("a", b"x".to_vec()).with_content_type("text/plain\r\nX-Injected: 1");
    let form = Multipart::new().file("file", &file, None);
    let error = RequestBuilder::new(http::Method::POST, "https://api.example.com")
        .multipart(form, &[])
        .expect_err("the request is refused");
    assert!(error.to_string().contains("content type"), "{error}");
    assert!(!error.to_string().contains("Injected"), "{error}");
}

#[test]
fn the_request_carries_the_media_type_and_the_secret_parts() {
    let form = Multipart::new()
        .value("access_token", "tok-91af", None)
        .value("customField", "listed-73c", None)
        .value(
            "options",
            &json!({"signature": "sig-5e2", "name": "public"}),
            None,
        )
        .value("folderId", "public-folder", None)
        .file("file", &FilePart::new("f", b"file-bytes".to_vec()), None);
    let request = RequestBuilder::new(http::Method::POST, "https://api.example.com")
        .path("/files")
        .multipart(form, &["customField"])
        .unwrap()
        .build()
        .unwrap();
    let content_type = request.http().headers()[http::header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(parse(request.http().body(), &content_type).len(), 5);
    let scrubbed = request
        .secrets()
        .scrub("tok-91af listed-73c sig-5e2 public public-folder file-bytes");
    assert_eq!(
        scrubbed,
        "<redacted> <redacted> <redacted> public public-folder file-bytes"
    );
    let debug = format!("{request:?}");
    assert!(
        !debug.contains("tok-91af") && !debug.contains("file-bytes"),
        "{debug}"
    );
}

fn upload() -> UploadFileRequest {
    UploadFileRequest {
        file: FilePart::new("logo \"v2\".png", b"\x89PNG-secret-bytes".to_vec()),
        attachments: Some(vec![FilePart::new("a.txt", b"attached".to_vec())]),
        folder_id: "folder-1".to_owned(),
        size: Some(17),
        tags: Some(vec!["x".to_owned(), "y".to_owned()]),
        options: Some(UploadOptions {
            access: Some(UploadOptionsAccess::Private),
            overwrite: Some(false),
            signature: Some("sig-0d4b".to_owned()),
        }),
        metadata: Some(r#"{"k":1}"#.to_owned()),
        access_token: Some("tok-6a1c".to_owned()),
    }
}

#[test]
fn debug_shows_no_file_bytes_and_no_secret() {
    let body = upload();
    let debug = format!("{body:?}");
    for hidden in ["PNG-secret-bytes", "attached", "sig-0d4b", "tok-6a1c"] {
        assert!(!debug.contains(hidden), "{hidden} in {debug}");
    }
    for shown in [
        "logo \\\"v2\\\".png",
        "<17 bytes>",
        "<8 bytes>",
        "folder-1",
        "<redacted>",
    ] {
        assert!(debug.contains(shown), "{shown} not in {debug}");
    }
    let parts = format!("{:?}", body.to_multipart());
    assert!(
        !parts.contains("PNG") && !parts.contains("tok-6a1c"),
        "{parts}"
    );
    assert!(parts.contains("<17 bytes>"), "{parts}");
}

#[test]
fn the_generated_request_lists_the_parts_in_order() {
    let request =
        api::multipart::request::upload_file("https://api.example.com", &upload()).unwrap();
    let content_type = request.http().headers()[http::header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .to_owned();
    let parts = parse(request.http().body(), &content_type);
    let names: Vec<&str> = parts.iter().map(|p| p.headers[0].as_str()).collect();
    assert_eq!(
        names,
        [
            r#"Content-Disposition: form-data; name="file"; filename="logo %22v2%22.png""#,
            r#"Content-Disposition: form-data; name="attachments"; filename="a.txt""#,
            r#"Content-Disposition: form-data; name="folderId""#,
            r#"Content-Disposition: form-data; name="size""#,
            r#"Content-Disposition: form-data; name="tags""#,
            r#"Content-Disposition: form-data; name="tags""#,
            r#"Content-Disposition: form-data; name="options""#,
            r#"Content-Disposition: form-data; name="metadata""#,
            r#"Content-Disposition: form-data; name="access_token""#,
        ]
    );
    // The spec's `encoding` gives the file `image/png` and the metadata `application/json`.
    assert_eq!(parts[0].headers[1], "Content-Type: image/png");
    assert_eq!(parts[7].headers[1], "Content-Type: application/json");
    assert_eq!(
        parts[6],
        part(
            &[
                r#"Content-Disposition: form-data; name="options""#,
                "Content-Type: application/json",
            ],
            br#"{"access":"PRIVATE","overwrite":false,"signature":"sig-0d4b"}"#,
        )
    );
    let secrets: &SentSecrets = request.secrets();
    assert_eq!(
        secrets.scrub("tok-6a1c sig-0d4b folder-1"),
        "<redacted> <redacted> folder-1"
    );
}

#[tokio::test]
async fn a_generated_upload_arrives_as_form_data() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/files"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "f-1"})))
        .expect(1)
        .mount(&server)
        .await;
    let transport =
        Transport::new(server.uri()).with_config(Config::new().with_retry(RetryConfig::disabled()));
    let client = Client::from_transport(transport);
    let body = upload();
    let response = tokio::time::timeout(Duration::from_secs(10), client.upload_file(&body))
        .await
        .expect("the call finishes within 10 s")
        .expect("the upload succeeds");
    assert_eq!(response.id.as_deref(), Some("f-1"));

    let requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1);
    let content_type = requests[0].headers["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        content_type.starts_with("multipart/form-data; boundary="),
        "{content_type}"
    );
    let parts = parse(&requests[0].body, &content_type);
    assert_eq!(parts.len(), 9);
    assert_eq!(
        parts[0],
        part(
            &[
                r#"Content-Disposition: form-data; name="file"; filename="logo %22v2%22.png""#,
                "Content-Type: image/png",
            ],
            b"\x89PNG-secret-bytes",
        )
    );
    assert_eq!(
        parts[3],
        part(&[r#"Content-Disposition: form-data; name="size""#], b"17")
    );
}
