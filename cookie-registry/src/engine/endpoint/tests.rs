//! The endpoint's unit tests: the cross-site guard (allowed origins, default ports, schemes,
//! repeated fields) and whole bodies.

use super::origin::{AllowedOrigin, Guard, guard};
use super::{EndpointBody, EndpointRequest, ReadError, answer_endpoint};

fn post() -> EndpointRequest<'static> {
    EndpointRequest::new("POST", EndpointBody::read(None, Ok(b"")))
}

#[test]
fn allowed_origins_are_serialized_origins() {
    for good in [
        "https://shop.example",
        "http://shop.example:8080",
        "HTTPS://Shop.Example:443",
        "http://127.0.0.1:1",
        "http://[::1]:8080",
        "https://xn--bcher-kva.example",
    ] {
        assert!(good.parse::<AllowedOrigin>().is_ok(), "{good}");
    }
    for bad in [
        "",
        "null",
        "shop.example",
        "://shop.example",
        "foo://shop.example",
        "https//shop.example",
        "https://",
        "https://shop.example/",
        "https://shop.example/cart",
        "https://shop.example?x",
        "https://user@shop.example",
        "https://shop.example:",
        "https://shop.example:65536",
        "https://shop.example:+1",
        "https://shop.example:8080:1",
        "https://shop example",
        "https://bücher.example",
        "https://[::1",
        "https://[]",
        "https://[evil.example]",
        " https://shop.example",
    ] {
        let error = bad.parse::<AllowedOrigin>().expect_err(bad);
        assert!(error.to_string().contains("is not a serialized origin"));
    }
}

#[test]
fn default_ports_are_normalised() {
    let origin = |text: &str| text.parse::<AllowedOrigin>().unwrap();
    assert_eq!(
        origin("https://shop.example:443"),
        origin("https://shop.example")
    );
    assert_eq!(
        origin("http://shop.example:80"),
        origin("http://SHOP.example")
    );
    assert_ne!(
        origin("https://shop.example:80"),
        origin("http://shop.example")
    );
    assert_ne!(
        origin("https://shop.example:8443"),
        origin("https://shop.example")
    );
    assert_eq!(
        origin("https://shop.example:443").to_string(),
        "https://shop.example"
    );
    assert_eq!(origin("http://[::1]:8080").to_string(), "http://[::1]:8080");
}

#[test]
fn origins_must_name_this_host() {
    let check = |origin: &[u8], host: &[u8]| {
        guard(&post().origin(Some(origin)).host(Some(host))) == Guard::Pass
    };
    assert!(check(b"https://shop.example", b"shop.example"));
    assert!(check(b"https://shop.example", b"SHOP.example:443"));
    assert!(check(b"http://127.0.0.1:8080", b"127.0.0.1:8080"));
    assert!(check(b"http://[::1]:8080", b"[::1]:8080"));
    assert!(!check(b"http://127.0.0.1:8081", b"127.0.0.1:8080"));
    assert!(!check(b"https://evil.example", b"shop.example"));
    assert!(!check(
        b"https://shop.example.evil.example",
        b"shop.example"
    ));
    assert!(!check(b"null", b"shop.example"));
    assert!(!check(b"https://shop.example/", b"shop.example"));
    assert!(!check(b"https://", b""));
    // Malformed origins are refused even when their authority is this host.
    assert!(!check(b"foo://shop.example", b"shop.example"));
    assert!(!check(b"://shop.example", b"shop.example"));
    assert!(!check(b"https://x@shop.example", b"x@shop.example"));
    assert!(!check(b"\xff\xfe", b"shop.example"));
}

#[test]
fn a_known_scheme_must_be_the_origin_s() {
    let check = |scheme: Option<&'static [u8]>, origin: &'static [u8]| {
        guard(
            &post()
                .scheme(scheme)
                .origin(Some(origin))
                .host(Some(b"shop.example")),
        )
    };
    assert_eq!(check(Some(b"https"), b"https://shop.example"), Guard::Pass);
    assert_eq!(
        check(Some(b"https"), b"http://shop.example:443"),
        Guard::Forbidden
    );
    assert_eq!(
        check(Some(b"http"), b"https://shop.example:80"),
        Guard::Forbidden
    );
    assert_eq!(check(None, b"http://shop.example"), Guard::Pass);
}

#[test]
fn allowed_origins_replace_the_host_comparison() {
    let allowed: Vec<AllowedOrigin> = ["https://shop.example", "https://www.shop.example:8443"]
        .iter()
        .map(|o| o.parse().unwrap())
        .collect();
    let check = |origin: &'static [u8], host: &'static [u8]| {
        let request = post().origin(Some(origin)).host(Some(host));
        guard(&request.allowed_origins(&allowed))
    };
    // nginx's default: the upstream's address as `Host`.
    assert_eq!(
        check(b"https://shop.example", b"127.0.0.1:8080"),
        Guard::Pass
    );
    assert_eq!(
        check(b"https://shop.example:443", b"127.0.0.1:8080"),
        Guard::Pass
    );
    assert_eq!(check(b"https://www.shop.example:8443", b"x"), Guard::Pass);
    // The host comparison no longer lets anything through.
    assert_eq!(
        check(b"http://127.0.0.1:8080", b"127.0.0.1:8080"),
        Guard::Forbidden
    );
    assert_eq!(
        check(b"http://shop.example", b"shop.example"),
        Guard::Forbidden
    );
    assert_eq!(check(b"https://www.shop.example", b"x"), Guard::Forbidden);
    assert_eq!(
        check(b"https://evil.example", b"shop.example"),
        Guard::Forbidden
    );
    assert_eq!(
        check(b"foo://shop.example", b"shop.example"),
        Guard::Forbidden
    );
}

#[test]
fn repeated_fields_are_refused_not_first_wins() {
    let same: &[u8] = b"http://127.0.0.1:8080";
    let host: &[u8] = b"127.0.0.1:8080";
    let base = || post().origin(Some(same)).host(Some(host));
    assert_eq!(guard(&base()), Guard::Pass);
    assert_eq!(guard(&base().origin_fields([same, same])), Guard::Repeated);
    assert_eq!(
        guard(&base().host_fields([host, b"evil.example"])),
        Guard::Repeated
    );
    let site: [&[u8]; 2] = [b"same-origin", b"cross-site"];
    assert_eq!(guard(&base().sec_fetch_site_fields(site)), Guard::Repeated);
    assert_eq!(guard(&base().origin_fields([same])), Guard::Pass);
    assert_eq!(guard(&base().origin_fields([])), Guard::Pass);
}

#[test]
fn browsers_marking_a_request_cross_site_are_refused() {
    for (site, allowed) in [
        (&b"same-origin"[..], true),
        (b"none", true),
        (b"same-site", false),
        (b"cross-site", false),
        (b"", false),
    ] {
        let verdict = guard(&post().sec_fetch_site(Some(site)));
        assert_eq!(verdict == Guard::Pass, allowed, "{site:?}");
    }
}

#[derive(crate::CookieRegistry)]
#[registry(consent_cookie = Choice)]
enum Cookies {
    #[cookie(name = "choice", category = Necessary, provider = "Acme", purpose = "Consent")]
    Choice,
}

const FORM: &[u8] = b"choice=all&return_to=%2Fcart";
const FORM_TYPE: &[u8] = b"application/x-www-form-urlencoded";

/// The site's own post, with this body.
fn own_post(body: EndpointBody<'_>) -> EndpointRequest<'_> {
    EndpointRequest::new("POST", body)
        .host(Some(b"shop.example"))
        .origin(Some(b"https://shop.example"))
        .content_type(Some(FORM_TYPE))
}

#[test]
fn only_a_whole_body_changes_anything() {
    let length = FORM.len().to_string();
    let whole = answer_endpoint::<Cookies>(&own_post(EndpointBody::read(
        Some(length.as_bytes()),
        Ok(FORM),
    )));
    assert_eq!(whole.status, 303);
    assert!(whole.record.is_some());
    assert_eq!(whole.set_cookies.len(), 1);

    type Read<'a> = Result<&'a [u8], ReadError>;
    let cut: [(Option<&[u8]>, Read<'_>); 6] = [
        (Some(b"52"), Ok(FORM)),        // half-closed after 28 of 52 bytes
        (Some(b"10"), Ok(FORM)),        // more than declared
        (Some(b"28x"), Ok(FORM)),       // a length that is no number
        (None, Err(ReadError::Failed)), // an unterminated chunked body
        (Some(length.as_bytes()), Err(ReadError::Failed)), // a read error
        (None, Err(ReadError::TooLarge)),
    ];
    for (declared, read) in cut {
        let answer = answer_endpoint::<Cookies>(&own_post(EndpointBody::read(declared, read)));
        let expected = if read == Err(ReadError::TooLarge) {
            413
        } else {
            400
        };
        assert_eq!(answer.status, expected, "{declared:?} {read:?}");
        assert!(answer.record.is_none() && answer.set_cookies.is_empty());
    }
}

#[test]
fn the_endpoint_refuses_repeated_and_malformed_fields_and_honours_allowed_origins() {
    let body = || EndpointBody::read(None, Ok(FORM));
    let same: &[u8] = b"https://shop.example";
    let repeated = own_post(body()).origin_fields([same, same]);
    let answer = answer_endpoint::<Cookies>(&repeated);
    assert_eq!(answer.status, 400);
    assert!(answer.record.is_none() && answer.set_cookies.is_empty());

    let malformed = own_post(body()).origin(Some(b"foo://shop.example"));
    assert_eq!(answer_endpoint::<Cookies>(&malformed).status, 403);

    // Behind nginx: the upstream's address as `Host`.
    let allowed = ["https://shop.example".parse::<AllowedOrigin>().unwrap()];
    let proxied = own_post(body()).host(Some(b"127.0.0.1:8080"));
    assert_eq!(answer_endpoint::<Cookies>(&proxied).status, 403);
    let answer = answer_endpoint::<Cookies>(&proxied.allowed_origins(&allowed));
    assert_eq!(answer.status, 303);
    assert!(answer.record.is_some());
}
