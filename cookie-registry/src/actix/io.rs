//! The actix-web side of the consent endpoint: reading a request's body, and writing the
//! engine's answer as a response.

use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::http::{StatusCode, Version};
use actix_web::{HttpRequest, HttpResponse, web};

use crate::adapter::Headers as _;
use crate::engine::{BODY_LIMIT, EndpointResponse, ReadError};

/// The body up to [`BODY_LIMIT`], or why not. An HTTP/1 body without `Content-Length` is
/// chunked, and actix-http reports one cut off by the client as ended: refused unread.
pub(super) async fn read_whole(
    request: &HttpRequest,
    payload: web::Payload,
) -> Result<web::Bytes, ReadError> {
    let headers = request.headers();
    let chunked = request.version() < Version::HTTP_2
        && headers.first("content-length").is_none()
        && headers.first("transfer-encoding").is_some();
    if chunked {
        return Err(ReadError::Failed);
    }
    match payload.to_bytes_limited(BODY_LIMIT).await {
        Ok(Ok(bytes)) => Ok(bytes),
        Ok(Err(_)) => Err(ReadError::Failed),
        Err(_) => Err(ReadError::TooLarge),
    }
}

/// The engine's answer as an actix-web response.
pub(super) fn to_actix(answer: EndpointResponse, head: bool) -> HttpResponse {
    let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = HttpResponse::build(status);
    for (name, value) in answer.headers() {
        if let Ok(value) = HeaderValue::from_str(value) {
            response.append_header((HeaderName::from_static(name), value));
        }
    }
    if head {
        response.finish()
    } else {
        response.body(answer.body)
    }
}
