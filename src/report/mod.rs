//! The report: from scraped text to a [`Document`].
//!
//! Steps, in order: [`decode`] (bytes → text, or a [`ParseError`]), [`text`] (width folding and
//! line clean-up helpers), [`chrome`] (site menus and footers set aside, never dropped),
//! [`mod@parse`] (title, front matter, blocks, headings) and [`outline`] (section tree and ids).

pub mod chrome;
pub mod error;
pub mod model;
pub mod outline;
pub mod parse;
pub mod text;

pub use error::{LoadError, ParseError};
pub use model::{Block, BlockKind, Document, FrontKind, FrontLine, HeadingKind, Removed, Section};
pub use parse::{decode, parse};
