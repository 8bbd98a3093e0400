//! From [`Document`](crate::report::Document) to one HTML string: escaped text, semantic
//! markup, `part` names for host styling.

pub mod escape;
mod html;

pub use escape::{escape_html, escape_html_attribute};
pub use html::{render, render_error, RenderOptions};
