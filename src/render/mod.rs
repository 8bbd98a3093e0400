//! From [`Document`](crate::report::Document) to one HTML string: escaped text, semantic
//! markup, `part` names for host styling.

pub mod drafts;
pub mod escape;
pub mod estimate;
mod html;
mod scale;

pub use escape::{escape_html, escape_html_attribute};
pub use html::{
    chunks, popover_html, render, render_blocks, render_error, render_lean_shell, render_shell, render_with,
    GlossaryView, Late, RenderOptions, NEAR_BLOCK_EXTRA,
};
