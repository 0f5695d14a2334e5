#![no_main]
//! The consent endpoint's engine on arbitrary requests never panics, changes nothing unless it
//! answers 200 or 303 to a POST, and redirects only to a path on the site.

use cookie_registry::engine::{self, EndpointBody, EndpointRequest};
use cookie_registry_fuzz::Cookies;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The input: method selector, then body, Cookie, Origin, Sec-Fetch-Site, Content-Type,
    // Accept and Host, separated by 0xff bytes.
    let (first, rest) = data.split_first().map_or((0, data), |(f, r)| (*f, r));
    let method = ["POST", "GET", "HEAD", "PUT"][usize::from(first % 4)];
    let mut parts = rest.split(|&b| b == 0xff);
    let mut next = || parts.next();
    let body = next().unwrap_or_default();
    let cookie = next().unwrap_or_default();
    let (origin, site, content_type, accept, host) = (next(), next(), next(), next(), next());
    let request = EndpointRequest::new(method, EndpointBody::read(None, Ok(body)))
        .cookie(cookie)
        .origin(origin)
        .sec_fetch_site(site)
        .content_type(content_type)
        .accept(accept)
        .host(host);
    let answer = engine::answer_endpoint::<Cookies>(&request);
    let decided = method == "POST" && matches!(answer.status, 200 | 303);
    assert_eq!(answer.record.is_some(), decided);
    assert_eq!(!answer.set_cookies.is_empty(), decided);
    if let Some(location) = &answer.location {
        assert!(location.starts_with('/') && !location.starts_with("//"), "{location:?}");
        assert!(!location.contains('\\') && location.bytes().all(|b| b.is_ascii_graphic()));
    }
});
