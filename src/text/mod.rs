//! Pure text transforms for display: sanitising untrusted text, rendering Markdown into
//! styled lines, syntax highlighting, finding text in rendered lines, and line/word diffs.
//! Nothing here writes to a terminal.

pub mod diff;
pub mod find;
pub mod highlight;
pub mod markdown;
pub use agentdeck_core::text::{plural, sanitize, time};
