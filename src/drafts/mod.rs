//! Comment drafts: what a reader writes about the report, per section or for the whole
//! report, kept in the browser until the host takes it.
//!
//! [`record`] is pure bookkeeping (keys, the schema and its migration, counting, export); the
//! browser layer (`widget::drafts`) stores records in guarded localStorage and keeps them in
//! memory when storage fails.

pub mod record;

pub use record::{count_chars, Citation, Draft, DraftKey, Export, Migrated, Shape, DRAFT_VERSION};
