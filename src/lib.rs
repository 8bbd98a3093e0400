//! # report-reader
//!
//! Turns the scraped text of a Chinese government work report (政府工作报告) into a navigable
//! reader widget. The pipeline runs one way:
//!
//! 1. [`report::decode`] turns bytes into text (UTF-8 only, with clear errors otherwise);
//! 2. [`report::parse()`] sets site chrome aside, finds the title, front matter, salutations and
//!    headings, and builds the section tree ([`report::outline`]);
//! 3. [`render::render`] turns the [`report::Document`] into one escaped HTML string;
//! 4. the browser layer (`widget`, wasm32 only) mounts that string into a shadow root, wires
//!    events, and reports `report-reader:ready` / `report-reader:error` to the host page.
//!
//! Steps 1–3 are pure Rust and tested natively with `cargo test`; step 4 is tested in headless
//! Chromium and Firefox with wasm-bindgen-test, and the built bundle end to end with Playwright.
#![deny(missing_docs)]

pub mod drafts;
pub mod glossary;
pub mod i18n;
mod order;
pub mod render;
pub mod report;
pub mod state;

#[cfg(target_arch = "wasm32")]
mod widget;

#[cfg(target_arch = "wasm32")]
pub use widget::{mount, set_html_policy, warm_up_core, warm_up_text, Handle};
