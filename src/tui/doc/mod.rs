//! Documents: what the views show, built from the store as styled, wrapped lines (the agent's
//! preview and reader tabs, the Source tab, the help, what a list row says). The app builds
//! them into its caches when the state changes; the views draw them. Neither imports the
//! other for them.

pub mod detail;
pub mod help;
pub mod row;
pub mod source;
