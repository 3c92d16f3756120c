//! Pure text transforms for display: sanitising untrusted text, rendering Markdown into
//! styled lines, and line/word diffs. Nothing here writes to a terminal.

pub mod diff;
pub mod markdown;
pub mod plural;
pub mod sanitize;
