//! What both halves of `cookie-registry` compile from one source, so that they cannot drift:
//! the derive (`cookie-registry-derive`, at compile time) and the runtime crate (at run time).
//!
//! Not an API of its own: use `cookie-registry`, which pins this crate to its exact version.

#![forbid(unsafe_code)]
#![no_std]

pub mod hash;
