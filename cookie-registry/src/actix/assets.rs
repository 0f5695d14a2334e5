//! The banner's assets as an actix-web handler: the actix twin of the tower `AssetService`.

use core::future::{Ready, ready};

use actix_web::http::header::{ALLOW, CACHE_CONTROL, CONTENT_TYPE, X_CONTENT_TYPE_OPTIONS};
use actix_web::http::{Method, StatusCode};
use actix_web::{Handler, HttpRequest, HttpResponse};

use crate::banner::Asset;

/// An actix-web [`Handler`] that answers every request with one [`Asset`]: `200` with its
/// content type for `GET` and `HEAD`, `405` for other methods. Made by
/// [`Asset::handler`]; mount it at the asset's path with `web::to`:
///
/// ```
/// use actix_web::{App, test, web};
/// use cookie_registry::banner::{SCRIPT, STYLESHEET};
///
/// actix_web::rt::System::new().block_on(async {
///     let app = test::init_service(
///         App::new()
///             .route(STYLESHEET.path, web::to(STYLESHEET.handler()))
///             .route(SCRIPT.path, web::to(SCRIPT.handler())),
///     )
///     .await;
///     let request = test::TestRequest::get().uri(STYLESHEET.path).to_request();
///     let response = test::call_service(&app, request).await;
///     assert_eq!(response.status(), 200);
///     let headers = response.headers();
///     assert_eq!(headers.get("content-type").unwrap(), STYLESHEET.content_type);
///     assert_eq!(headers.get("x-content-type-options").unwrap(), "nosniff");
///     let post = test::TestRequest::post().uri(SCRIPT.path).to_request();
///     assert_eq!(test::call_service(&app, post).await.status(), 405);
/// });
/// ```
#[derive(Debug, Clone, Copy)]
pub struct AssetHandler(Asset);

impl Asset {
    /// This asset as an actix-web handler (feature `actix`).
    #[must_use]
    pub const fn handler(self) -> AssetHandler {
        AssetHandler(self)
    }
}

impl Handler<(HttpRequest,)> for AssetHandler {
    type Output = HttpResponse;
    type Future = Ready<HttpResponse>;

    fn call(&self, (request,): (HttpRequest,)) -> Self::Future {
        let asset = self.0;
        let method = request.method();
        if method != Method::GET && method != Method::HEAD {
            return ready(
                HttpResponse::build(StatusCode::METHOD_NOT_ALLOWED)
                    .insert_header((ALLOW, "GET, HEAD"))
                    .finish(),
            );
        }
        let mut response = HttpResponse::Ok();
        response
            .insert_header((CONTENT_TYPE, asset.content_type))
            .insert_header((X_CONTENT_TYPE_OPTIONS, "nosniff"))
            // The file changes with the crate's version under the same path: revalidate.
            .insert_header((CACHE_CONTROL, "no-cache"));
        ready(if method == Method::HEAD {
            response.finish()
        } else {
            response.body(asset.body)
        })
    }
}
