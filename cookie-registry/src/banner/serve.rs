//! The banner's assets as a tower service (feature `tower`).

use core::convert::Infallible;
use core::future::{Ready, ready};
use core::task::{Context, Poll};

use http::header::{ALLOW, CACHE_CONTROL, CONTENT_TYPE, HeaderValue, X_CONTENT_TYPE_OPTIONS};
use http::{Method, Request, Response, StatusCode};
use tower_service::Service;

use super::Asset;
use crate::tower::ConsentBody;

/// A tower service that answers every request with one [`Asset`]: `200` with its content type
/// for `GET` and `HEAD`, `405` for other methods. Its body is a [`ConsentBody`] (one chunk).
/// Made by [`Asset::service`]; mount it at the asset's path:
///
/// ```
/// use axum::Router;
/// use cookie_registry::banner::{SCRIPT, STYLESHEET};
///
/// let app: Router = Router::new()
///     .route_service(STYLESHEET.path, STYLESHEET.service())
///     .route_service(SCRIPT.path, SCRIPT.service());
/// ```
#[derive(Debug, Clone, Copy)]
pub struct AssetService(Asset);

impl Asset {
    /// This asset as a tower service (feature `tower`).
    #[must_use]
    pub const fn service(self) -> AssetService {
        AssetService(self)
    }
}

impl<B> Service<Request<B>> for AssetService {
    type Response = Response<ConsentBody>;
    type Error = Infallible;
    type Future = Ready<Result<Response<ConsentBody>, Infallible>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        let asset = self.0;
        let mut response = Response::new(ConsentBody::default());
        let method = request.method();
        if method == Method::GET || method == Method::HEAD {
            if method == Method::GET {
                *response.body_mut() = ConsentBody::from_static(asset.body);
            }
            let headers = response.headers_mut();
            headers.insert(CONTENT_TYPE, HeaderValue::from_static(asset.content_type));
            headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
            // The file changes with the crate's version under the same path: revalidate.
            headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        } else {
            *response.status_mut() = StatusCode::METHOD_NOT_ALLOWED;
            let allow = HeaderValue::from_static("GET, HEAD");
            response.headers_mut().insert(ALLOW, allow);
        }
        ready(Ok(response))
    }
}

#[cfg(test)]
mod tests {
    use http_body::Body as _;

    use super::*;
    use crate::banner::STYLESHEET;

    fn answer(method: Method) -> Response<ConsentBody> {
        let request = Request::builder()
            .method(method)
            .uri(STYLESHEET.path)
            .body(())
            .expect("a request");
        let mut service = STYLESHEET.service();
        let future = service.call(request);
        match future.into_inner() {
            Ok(response) => response,
            Err(never) => match never {},
        }
    }

    #[test]
    fn get_serves_the_file_head_its_headers_others_405() {
        let get = answer(Method::GET);
        assert_eq!(get.status(), StatusCode::OK);
        assert_eq!(get.headers()[CONTENT_TYPE], STYLESHEET.content_type);
        assert_eq!(get.headers()[X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert_eq!(
            get.body().size_hint().exact(),
            Some(STYLESHEET.body.len() as u64)
        );

        let head = answer(Method::HEAD);
        assert_eq!(head.status(), StatusCode::OK);
        assert_eq!(head.headers()[CONTENT_TYPE], STYLESHEET.content_type);
        assert!(head.body().is_end_stream());

        let post = answer(Method::POST);
        assert_eq!(post.status(), StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(post.headers()[ALLOW], "GET, HEAD");
        assert!(post.body().is_end_stream());
    }
}
