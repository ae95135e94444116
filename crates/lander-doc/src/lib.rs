//! Lander's page document model.
//!
//! A page draft is a typed, versioned JSON [`Document`]: settings, a [`Theme`] of design tokens,
//! and sections holding blocks. [`parse_document`] turns untrusted JSON into a document and
//! reports every problem with a JSON pointer; [`templates`] holds the built-in starting points.
//! This crate is pure: no I/O, no async, no database.

pub mod assets;
pub mod model;
pub mod parse;
pub mod templates;
pub mod theme;
pub mod types;

pub use model::*;
pub use parse::{
    MAX_BLOCKS, MAX_DOCUMENT_BYTES, Problem, migrate, parse_document, parse_document_bytes,
    validate,
};
pub use theme::{ResolvedTheme, Theme};
pub use types::{BlockId, FieldName, HexColor, Href, ImageSrc, RESERVED_SLUGS, Slug};
