//! The runtime's parameter styles, checked against the OpenAPI 3.0.3 "Style Examples" table:
//! `color` = `blue`, `["blue","black","brown"]` and `{"R":100,"G":200,"B":150}`, written into
//! a path, a query, a header and the `Cookie` header, exactly as the table writes them.

use hubspot_oauth::runtime::{
    JsonText, ParamPair, ParamValue, RequestBuilder, RequestError, Style, ToParam,
};

const BASE: &str = "https://api.example.com";

/// `{"R":100,"G":200,"B":150}`, as a generated object parameter implements it.
struct Rgb {
    r: i64,
    g: i64,
    b: i64,
}

impl ToParam for Rgb {
    fn to_param(&self) -> Result<Option<ParamValue<'_>>, RequestError> {
        Ok(Some(ParamValue::Object(vec![
            ParamPair::new("R", &self.r),
            ParamPair::new("G", &self.g),
            ParamPair::new("B", &self.b),
        ])))
    }
}

const RGB: Rgb = Rgb {
    r: 100,
    g: 200,
    b: 150,
};

fn colors() -> Vec<String> {
    ["blue", "black", "brown"].map(String::from).to_vec()
}

/// The path and query of a request whose path is `/p/` then the parameter.
fn path_of<V: ToParam + ?Sized>(style: Style, explode: bool, value: &V) -> String {
    let request = RequestBuilder::new(http::Method::GET, BASE)
        .path("/p/")
        .path_value("color", style, explode, value)
        .build()
        .expect("the request builds");
    let uri = request.http().uri().to_string();
    uri.strip_prefix("https://api.example.com/p/")
        .expect("the base and literal path come first")
        .to_owned()
}

/// The query string (without `?`) of a request with only this parameter.
fn query_of<V: ToParam + ?Sized>(style: Style, explode: bool, value: &V) -> String {
    let request = RequestBuilder::new(http::Method::GET, BASE)
        .query_value("color", style, explode, value)
        .build()
        .expect("the request builds");
    request.http().uri().query().unwrap_or("").to_owned()
}

fn header_of<V: ToParam + ?Sized>(explode: bool, value: &V) -> Vec<String> {
    let request = RequestBuilder::new(http::Method::GET, BASE)
        .header_value("X-Color", explode, value)
        .build()
        .expect("the request builds");
    request
        .http()
        .headers()
        .get_all("x-color")
        .iter()
        .map(|v| v.to_str().expect("ASCII").to_owned())
        .collect()
}

fn cookie_of<V: ToParam + ?Sized>(explode: bool, value: &V) -> String {
    let request = RequestBuilder::new(http::Method::GET, BASE)
        .cookie_value("color", explode, value)
        .build()
        .expect("the request builds");
    let cookies: Vec<_> = request.http().headers().get_all("cookie").iter().collect();
    assert_eq!(cookies.len(), 1, "one Cookie header");
    cookies[0].to_str().expect("ASCII").to_owned()
}

#[test]
fn matrix() {
    assert_eq!(path_of(Style::Matrix, false, ""), ";color");
    assert_eq!(path_of(Style::Matrix, false, "blue"), ";color=blue");
    assert_eq!(path_of(Style::Matrix, true, "blue"), ";color=blue");
    assert_eq!(
        path_of(Style::Matrix, false, &colors()),
        ";color=blue,black,brown"
    );
    assert_eq!(
        path_of(Style::Matrix, true, &colors()),
        ";color=blue;color=black;color=brown"
    );
    assert_eq!(
        path_of(Style::Matrix, false, &RGB),
        ";color=R,100,G,200,B,150"
    );
    assert_eq!(path_of(Style::Matrix, true, &RGB), ";R=100;G=200;B=150");
}

#[test]
fn label() {
    assert_eq!(path_of(Style::Label, false, "blue"), ".blue");
    assert_eq!(path_of(Style::Label, true, "blue"), ".blue");
    assert_eq!(path_of(Style::Label, false, &colors()), ".blue.black.brown");
    assert_eq!(path_of(Style::Label, true, &colors()), ".blue.black.brown");
    assert_eq!(path_of(Style::Label, false, &RGB), ".R.100.G.200.B.150");
    assert_eq!(path_of(Style::Label, true, &RGB), ".R=100.G=200.B=150");
}

#[test]
fn simple_in_a_path() {
    assert_eq!(path_of(Style::Simple, false, "blue"), "blue");
    assert_eq!(path_of(Style::Simple, true, "blue"), "blue");
    assert_eq!(path_of(Style::Simple, false, &colors()), "blue,black,brown");
    assert_eq!(path_of(Style::Simple, true, &colors()), "blue,black,brown");
    assert_eq!(path_of(Style::Simple, false, &RGB), "R,100,G,200,B,150");
    assert_eq!(path_of(Style::Simple, true, &RGB), "R=100,G=200,B=150");
}

#[test]
fn simple_in_a_header() {
    assert_eq!(header_of(false, "blue"), ["blue"]);
    assert_eq!(header_of(false, &colors()), ["blue,black,brown"]);
    assert_eq!(header_of(true, &colors()), ["blue,black,brown"]);
    assert_eq!(header_of(false, &RGB), ["R,100,G,200,B,150"]);
    assert_eq!(header_of(true, &RGB), ["R=100,G=200,B=150"]);
    assert!(header_of(false, &Vec::<String>::new()).is_empty());
    assert!(header_of(false, &None::<String>).is_empty());
}

#[test]
fn form() {
    assert_eq!(query_of(Style::Form, true, ""), "color=");
    assert_eq!(query_of(Style::Form, false, "blue"), "color=blue");
    assert_eq!(query_of(Style::Form, true, "blue"), "color=blue");
    assert_eq!(
        query_of(Style::Form, false, &colors()),
        "color=blue,black,brown"
    );
    assert_eq!(
        query_of(Style::Form, true, &colors()),
        "color=blue&color=black&color=brown"
    );
    assert_eq!(
        query_of(Style::Form, false, &RGB),
        "color=R,100,G,200,B,150"
    );
    assert_eq!(query_of(Style::Form, true, &RGB), "R=100&G=200&B=150");
    assert_eq!(query_of(Style::Form, true, &Vec::<String>::new()), "");
    assert_eq!(
        query_of(Style::Form, false, &Vec::<String>::new()),
        "color="
    );
    assert_eq!(query_of(Style::Form, true, &None::<i64>), "");
}

#[test]
fn delimited() {
    assert_eq!(
        query_of(Style::SpaceDelimited, false, &colors()),
        "color=blue%20black%20brown"
    );
    assert_eq!(
        query_of(Style::SpaceDelimited, false, &RGB),
        "color=R%20100%20G%20200%20B%20150"
    );
    assert_eq!(
        query_of(Style::PipeDelimited, false, &colors()),
        "color=blue|black|brown"
    );
    assert_eq!(
        query_of(Style::PipeDelimited, false, &RGB),
        "color=R|100|G|200|B|150"
    );
    // Where the table says nothing: `explode: true` repeats, as `form` does.
    assert_eq!(
        query_of(Style::PipeDelimited, true, &colors()),
        "color=blue&color=black&color=brown"
    );
}

#[test]
fn deep_object() {
    assert_eq!(
        query_of(Style::DeepObject, true, &RGB),
        "color[R]=100&color[G]=200&color[B]=150"
    );
    let map: std::collections::BTreeMap<String, String> =
        [("a b".to_owned(), "x[y]".to_owned())].into();
    assert_eq!(
        query_of(Style::DeepObject, true, &map),
        "color[a%20b]=x%5By%5D"
    );
}

#[test]
fn cookies() {
    assert_eq!(cookie_of(true, "blue"), "color=blue");
    assert_eq!(cookie_of(false, &colors()), "color=blue,black,brown");
    assert_eq!(
        cookie_of(true, &colors()),
        "color=blue; color=black; color=brown"
    );
    assert_eq!(cookie_of(false, &RGB), "color=R,100,G,200,B,150");
    assert_eq!(cookie_of(true, &RGB), "R=100; G=200; B=150");
    // A value cannot end its pair or the header.
    assert_eq!(
        cookie_of(true, "a; b=c,\"d\"\\"),
        "color=a%3B%20b%3Dc%2C%22d%22%5C"
    );
}

#[test]
fn every_cookie_goes_into_one_header() {
    let request = RequestBuilder::new(http::Method::GET, BASE)
        .header("Cookie", Some("first=1"))
        .cookie("session", Some("s 1"))
        .cookie_value("color", true, "blue")
        .secret_cookie("api_key", Some("k;2"))
        .cookie("absent", None)
        .build()
        .expect("the request builds");
    let cookies: Vec<_> = request.http().headers().get_all("cookie").iter().collect();
    assert_eq!(
        cookies,
        ["first=1; session=s%201; color=blue; api_key=k%3B2"]
    );
    assert_eq!(
        request.secrets().scrub("key k;2 or k%3B2"),
        "key <redacted> or <redacted>"
    );
}

#[test]
fn reserved_characters_in_values_are_encoded_and_delimiters_are_not() {
    let values = vec!["a,b".to_owned(), "c|d e".to_owned(), "f&g=h/i?#".to_owned()];
    assert_eq!(
        query_of(Style::Form, false, &values),
        "color=a%2Cb,c%7Cd%20e,f%26g%3Dh%2Fi%3F%23"
    );
    assert_eq!(
        query_of(Style::PipeDelimited, false, &values),
        "color=a%2Cb|c%7Cd%20e|f%26g%3Dh%2Fi%3F%23"
    );
    assert_eq!(
        path_of(Style::Matrix, true, &values[..2]),
        ";color=a%2Cb;color=c%7Cd%20e"
    );
    assert_eq!(path_of(Style::Label, false, "x.y;z"), ".x.y%3Bz");
    // Unreserved characters stay as they are; others, UTF-8 included, are encoded.
    assert_eq!(
        query_of(Style::Form, true, "A-z_0.9~é+"),
        "color=A-z_0.9~%C3%A9%2B"
    );
}

#[test]
fn a_path_value_that_is_a_dot_segment_or_empty_fails() {
    for (style, value) in [
        (Style::Simple, ""),
        (Style::Simple, ".."),
        (Style::Label, "."),
    ] {
        let built = RequestBuilder::new(http::Method::GET, BASE)
            .path("/p/")
            .path_value("color", style, false, value)
            .build();
        assert!(built.is_err(), "{style:?} {value:?}");
    }
    let absent = RequestBuilder::new(http::Method::GET, BASE)
        .path("/p/")
        .path_value("color", Style::Simple, false, &None::<String>)
        .build();
    assert!(absent.is_err(), "a path parameter must have a value");
}

#[test]
fn json_content_is_one_value() {
    let value = serde_json::json!({"a": [1, "x y"]});
    let text = JsonText::of(&value).expect("JSON");
    assert_eq!(text.as_str(), r#"{"a":[1,"x y"]}"#);
    assert_eq!(
        query_of(Style::Form, true, &text),
        "color=%7B%22a%22%3A%5B1%2C%22x%20y%22%5D%7D"
    );
    assert_eq!(header_of(false, &text), [r#"{"a":[1,"x y"]}"#]);
}

#[test]
fn every_text_of_a_secret_parameter_is_recorded() {
    let request = RequestBuilder::new(http::Method::GET, BASE)
        .path("/p/")
        .secret_path_value("color", Style::Matrix, true, &colors())
        .secret_query_value("rgb", Style::DeepObject, true, &RGB)
        .secret_header_value("X-Color", false, &colors()[..1])
        .secret_cookie_value("c", false, &["one".to_owned(), "two".to_owned()][..])
        .query_value("public", Style::Form, true, "visible")
        .build()
        .expect("the request builds");
    let scrubbed = request
        .secrets()
        .scrub("blue black brown 100 200 150 one two visible");
    assert_eq!(
        scrubbed,
        "<redacted> <redacted> <redacted> <redacted> <redacted> <redacted> <redacted> \
         <redacted> visible"
    );
    let debug = format!("{request:?}");
    for secret in ["blue", "black", "200", "one"] {
        assert!(!debug.contains(secret), "{debug}");
    }
}

#[test]
fn a_secret_property_of_an_object_is_recorded() {
    struct Filter {
        name: String,
        api_key: String,
    }
    impl ToParam for Filter {
        fn to_param(&self) -> Result<Option<ParamValue<'_>>, RequestError> {
            Ok(Some(ParamValue::Object(vec![
                ParamPair::new("name", &self.name),
                ParamPair::secret("api_key", &self.api_key),
            ])))
        }
    }
    let filter = Filter {
        name: "public-name".to_owned(),
        api_key: "k-123".to_owned(),
    };
    let request = RequestBuilder::new(http::Method::GET, BASE)
        .query_value("filter", Style::DeepObject, true, &filter)
        .build()
        .expect("the request builds");
    assert_eq!(
        request.http().uri().query(),
        Some("filter[name]=public-name&filter[api_key]=k-123")
    );
    assert_eq!(
        request.secrets().scrub("public-name k-123"),
        "public-name <redacted>"
    );
}
