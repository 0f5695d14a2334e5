//! The consent endpoint's bodies: the request's read up to [`BODY_LIMIT`], and
//! [`ConsentBody`], the responses' (the banner's assets and `/.well-known/gpc.json` are served
//! with it too).

use core::convert::Infallible;
use core::pin::Pin;
use core::task::{Context, Poll};

use bytes::{Buf as _, Bytes};
use http_body::{Body, Frame, SizeHint};

use crate::engine::{BODY_LIMIT, ReadError};

/// The body's bytes, reading no more than [`BODY_LIMIT`] and one frame.
pub(super) async fn read_limited<B: Body>(body: B) -> Result<Vec<u8>, ReadError> {
    let mut body = core::pin::pin!(body);
    let mut bytes = Vec::new();
    while let Some(frame) = core::future::poll_fn(|cx| body.as_mut().poll_frame(cx)).await {
        let frame = frame.map_err(|_| ReadError::Failed)?;
        if let Ok(mut data) = frame.into_data() {
            if bytes.len() + data.remaining() > BODY_LIMIT {
                return Err(ReadError::TooLarge);
            }
            while data.has_remaining() {
                let chunk = data.chunk();
                bytes.extend_from_slice(chunk);
                let read = chunk.len();
                data.advance(read);
            }
        }
    }
    Ok(bytes)
}

/// The body of the consent endpoint's responses: one chunk of bytes.
#[derive(Debug, Clone, Default)]
pub struct ConsentBody(pub(super) Option<Bytes>);

impl ConsentBody {
    /// A body of static text (the banner's assets are served with it too).
    pub(crate) fn from_static(text: &'static str) -> Self {
        ConsentBody(Some(Bytes::from_static(text.as_bytes())))
    }

    /// A body of owned text (`/.well-known/gpc.json`).
    pub(crate) fn from_string(text: String) -> Self {
        ConsentBody(Some(Bytes::from(text)))
    }
}

impl Body for ConsentBody {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        Poll::Ready(
            self.0
                .take()
                .filter(|b| !b.is_empty())
                .map(|b| Ok(Frame::data(b))),
        )
    }

    fn is_end_stream(&self) -> bool {
        self.0.as_ref().is_none_or(Bytes::is_empty)
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::with_exact(self.0.as_ref().map_or(0, |b| b.len() as u64))
    }
}
