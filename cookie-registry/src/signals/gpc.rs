//! `/.well-known/gpc.json`: the resource by which a site states that it honours Global Privacy
//! Control (W3C GPC specification, "The `gpc.json` resource"), as a tower service (feature
//! `tower`) and an actix-web handler (feature `actix`).

use core::fmt;

/// Where the GPC support resource is served: `/.well-known/gpc.json`.
pub const GPC_JSON_PATH: &str = "/.well-known/gpc.json";

/// The site's GPC support resource, `{"gpc": true, "lastUpdate": "YYYY-MM-DD"}`, served at
/// [`GPC_JSON_PATH`] with `Content-Type: application/json`. `lastUpdate` is the day the site
/// last changed how it honours the signal; it is checked where the value is made.
///
/// ```
/// use cookie_registry::signals::GpcJson;
///
/// let resource = GpcJson::last_updated("2026-12-04").expect("a date");
/// assert_eq!(resource.to_string(), r#"{"gpc":true,"lastUpdate":"2026-12-04"}"#);
/// assert_eq!(GpcJson::new().to_string(), r#"{"gpc":true}"#);
/// assert!(GpcJson::last_updated("4 Dec 2026").is_err());
/// ```
///
/// With axum (feature `tower`):
///
/// ```
/// # #[cfg(feature = "tower")] {
/// use axum::Router;
/// use cookie_registry::signals::{GPC_JSON_PATH, GpcJson};
///
/// let gpc = GpcJson::last_updated("2026-12-04").expect("a date");
/// let app: Router = Router::new().route_service(GPC_JSON_PATH, gpc);
/// # }
/// ```
///
/// With actix-web (feature `actix`): `App::new().route(GPC_JSON_PATH, web::to(gpc))`, as
/// `GpcJson` is an actix `Handler`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct GpcJson {
    /// `YYYY-MM-DD`, checked.
    last_update: Option<[u8; 10]>,
}

/// The error of [`GpcJson::last_updated`]: the text is not a `YYYY-MM-DD` date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GpcDateError;

impl fmt::Display for GpcDateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("gpc.json's lastUpdate is a date written YYYY-MM-DD")
    }
}

impl std::error::Error for GpcDateError {}

impl GpcJson {
    /// The resource without `lastUpdate` (the member is optional).
    #[must_use]
    pub const fn new() -> Self {
        GpcJson { last_update: None }
    }

    /// The resource with `lastUpdate`, a date written `YYYY-MM-DD` (RFC 3339 `full-date`).
    ///
    /// # Errors
    /// [`GpcDateError`] when `date` is not of that form, or names no real month or day.
    pub fn last_updated(date: &str) -> Result<Self, GpcDateError> {
        let bytes: [u8; 10] = date.as_bytes().try_into().map_err(|_| GpcDateError)?;
        let digits = |range: core::ops::Range<usize>| -> Option<u32> {
            let part = bytes.get(range)?;
            part.iter().all(u8::is_ascii_digit).then(|| {
                part.iter()
                    .fold(0u32, |n, digit| n * 10 + u32::from(digit - b'0'))
            })
        };
        let (Some(_), Some(month), Some(day)) = (digits(0..4), digits(5..7), digits(8..10)) else {
            return Err(GpcDateError);
        };
        if bytes[4] != b'-'
            || bytes[7] != b'-'
            || !(1..=12).contains(&month)
            || !(1..=31).contains(&day)
        {
            return Err(GpcDateError);
        }
        Ok(GpcJson {
            last_update: Some(bytes),
        })
    }

    /// The media type it is served with.
    pub const CONTENT_TYPE: &'static str = "application/json";
}

impl Default for GpcJson {
    fn default() -> Self {
        GpcJson::new()
    }
}

impl fmt::Display for GpcJson {
    /// The JSON body.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self
            .last_update
            .as_ref()
            .and_then(|d| core::str::from_utf8(d).ok())
        {
            Some(date) => write!(f, "{{\"gpc\":true,\"lastUpdate\":\"{date}\"}}"),
            None => f.write_str("{\"gpc\":true}"),
        }
    }
}

#[cfg(feature = "tower")]
mod tower_service_impl {
    use core::convert::Infallible;
    use core::future::{Ready, ready};
    use core::task::{Context, Poll};

    use http::header::{ALLOW, CACHE_CONTROL, CONTENT_TYPE, HeaderValue};
    use http::{Method, Request, Response, StatusCode};
    use tower_service::Service;

    use super::GpcJson;
    use crate::tower::ConsentBody;

    /// `200` with the JSON for `GET` and `HEAD` (a day's caching), `405` otherwise.
    impl<B> Service<Request<B>> for GpcJson {
        type Response = Response<ConsentBody>;
        type Error = Infallible;
        type Future = Ready<Result<Response<ConsentBody>, Infallible>>;

        fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
            Poll::Ready(Ok(()))
        }

        fn call(&mut self, request: Request<B>) -> Self::Future {
            let mut response = Response::new(ConsentBody::default());
            let method = request.method();
            if method == Method::GET || method == Method::HEAD {
                if method == Method::GET {
                    *response.body_mut() = ConsentBody::from_string(self.to_string());
                }
                let headers = response.headers_mut();
                headers.insert(
                    CONTENT_TYPE,
                    HeaderValue::from_static(GpcJson::CONTENT_TYPE),
                );
                headers.insert(CACHE_CONTROL, HeaderValue::from_static("max-age=86400"));
            } else {
                *response.status_mut() = StatusCode::METHOD_NOT_ALLOWED;
                let allow = HeaderValue::from_static("GET, HEAD");
                response.headers_mut().insert(ALLOW, allow);
            }
            ready(Ok(response))
        }
    }
}

#[cfg(feature = "actix")]
mod actix_handler_impl {
    use core::future::{Ready, ready};

    use actix_web::http::Method;
    use actix_web::http::header::{ALLOW, CACHE_CONTROL, CONTENT_TYPE};
    use actix_web::{Handler, HttpRequest, HttpResponse};

    use super::GpcJson;

    /// `200` with the JSON for `GET` and `HEAD` (a day's caching), `405` otherwise.
    impl Handler<(HttpRequest,)> for GpcJson {
        type Output = HttpResponse;
        type Future = Ready<HttpResponse>;

        fn call(&self, (request,): (HttpRequest,)) -> Self::Future {
            let method = request.method();
            let response = if method == Method::GET || method == Method::HEAD {
                let mut response = HttpResponse::Ok();
                response
                    .insert_header((CONTENT_TYPE, GpcJson::CONTENT_TYPE))
                    .insert_header((CACHE_CONTROL, "max-age=86400"));
                if method == Method::HEAD {
                    response.finish()
                } else {
                    response.body(self.to_string())
                }
            } else {
                HttpResponse::MethodNotAllowed()
                    .insert_header((ALLOW, "GET, HEAD"))
                    .finish()
            };
            ready(response)
        }
    }
}
