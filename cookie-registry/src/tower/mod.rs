//! The consent engine for tower-based servers (axum, hyper, tonic): [`ConsentLayer`], the
//! middleware, and [`ConsentEndpoint`], the consent endpoint. Needs the `tower` feature.
//!
//! Both are thin adapters over the framework-free [`engine`](crate::engine): they translate
//! `http` requests and responses, and make no decision of their own.

mod body;
mod endpoint;
mod gpc;
mod layer;
#[cfg(test)]
mod layer_tests;

pub use body::ConsentBody;
pub use endpoint::ConsentEndpoint;
pub use gpc::{GpcOptOutFuture, GpcOptOutLayer, GpcOptOutService};
pub use layer::{ConsentLayer, ConsentService, ResponseFuture};
