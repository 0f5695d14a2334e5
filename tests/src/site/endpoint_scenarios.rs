//! The consent endpoint's boundary, against each example shop over real TCP: bodies cut off
//! mid-way, malformed origins, repeated fields, a scheme the request names. Expanded with the
//! other [`scenarios`](super::scenarios) by [`end_to_end_tests!`](crate::end_to_end_tests).

use super::SiteServer;
use super::scenarios::start;

/// A body is read completely, or nothing happens: a client that half-closes after part of the
/// declared body, or in the middle of a chunked body, gets `400`, no cookie and no record. The
/// same form sent whole is then accepted, so the refusals are the cut's doing.
pub async fn cut_off_consent_forms_change_nothing<S: SiteServer>() {
    let site = start::<S>().await;
    let head = "POST /consent HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://{addr}\r\n\
                Sec-Fetch-Site: same-origin\r\nContent-Type: application/x-www-form-urlencoded\r\n";
    let form = "choice=all&return_to=%2Fcart&csrf=0123456789abcdef01"; // 52 bytes
    assert_eq!(form.len(), 52);
    let cut = [
        // 33 of 52 declared bytes: the form so far reads as a valid choice.
        format!("{head}Content-Length: 52\r\n\r\n{}", &form[..33]),
        // A chunk announced longer than what came.
        format!(
            "{head}Transfer-Encoding: chunked\r\n\r\n34\r\n{}",
            &form[..33]
        ),
        // Whole chunks, but never the last (empty) one.
        format!("{head}Transfer-Encoding: chunked\r\n\r\n34\r\n{form}\r\n"),
    ];
    for request in &cut {
        let reply = site.send_raw(request).await;
        assert_eq!(reply.status, 400, "{request:?}: {}", reply.body);
        assert_eq!(reply.set_cookies().count(), 0, "{request:?}");
    }
    assert!(site.records().is_empty(), "no record for a cut-off form");

    let whole = format!("{head}Content-Length: 52\r\nConnection: close\r\n\r\n{form}");
    let reply = site.send_raw(&whole).await;
    assert_eq!(reply.status, 303, "{}", reply.body);
    assert_eq!(site.records().len(), 1);
}

/// A malformed `Origin` is refused with `403`, and a request with two `Origin`, `Host` or
/// `Sec-Fetch-Site` fields with `400`, whichever field comes first: no cookie, no record.
pub async fn malformed_origins_and_repeated_fields_are_refused<S: SiteServer>() {
    let site = start::<S>().await;
    let this = format!("http://{}", site.addr());
    let malformed = [
        format!("foo://{}", site.addr()),
        format!("://{}", site.addr()),
        format!("{this}/"),
        "garbage".to_owned(),
    ];
    for origin in &malformed {
        let reply = site
            .post_form("choice=all", &[], &[("Origin", origin.as_str())])
            .await;
        assert_eq!(reply.status, 403, "{origin}: {}", reply.body);
        assert_eq!(reply.set_cookies().count(), 0, "{origin}");
    }
    let host = site.addr().to_string();
    let repeated: [&[(&str, &str)]; 6] = [
        &[("Origin", &this), ("Origin", &this)],
        &[("Origin", &this), ("Origin", "http://evil.example")],
        &[("Origin", "http://evil.example"), ("Origin", &this)],
        &[
            ("Sec-Fetch-Site", "same-origin"),
            ("Sec-Fetch-Site", "cross-site"),
        ],
        &[
            ("Sec-Fetch-Site", "same-origin"),
            ("Sec-Fetch-Site", "same-origin"),
        ],
        &[("Host", &host)], // a second `Host` after the client's own
    ];
    for fields in repeated {
        let mut sent = vec![("Content-Type", "application/x-www-form-urlencoded")];
        if !fields.iter().any(|(name, _)| *name == "Origin") {
            sent.push(("Origin", &this));
        }
        sent.extend_from_slice(fields);
        let reply = site
            .send_with("POST", "/consent", &[], &sent, "choice=all")
            .await;
        assert_eq!(reply.status, 400, "{fields:?}: {}", reply.body);
        assert_eq!(reply.set_cookies().count(), 0, "{fields:?}");
    }
    // The scheme, where the request tells it (a target in absolute form): an `https` origin
    // posting to this `http` site is another origin, even on the same host and port.
    let absolute = "POST http://{addr}/consent HTTP/1.1\r\nHost: {addr}\r\nOrigin: ORIGIN\r\n\
                    Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 10\r\n\
                    Connection: close\r\n\r\nchoice=all";
    let reply = site
        .send_raw(&absolute.replace("ORIGIN", "https://{addr}"))
        .await;
    assert_eq!(reply.status, 403, "{}", reply.body);
    assert!(site.records().is_empty());
    let reply = site
        .send_raw(&absolute.replace("ORIGIN", "http://{addr}"))
        .await;
    assert_eq!(reply.status, 303, "{}", reply.body);
    assert_eq!(site.records().len(), 1);
}
