//! The model: what a file is and says, who wins a name, how it stands against its collection,
//! what Claude Code lists and what that costs, searching and comparing, and the store that
//! holds it all.

pub mod agent;
pub mod budget;
pub mod collection;
pub mod compare;
pub mod entry;
pub mod kinds;
pub mod lint;
pub mod listing;
pub mod location;
pub mod names;
pub mod overlap;
pub mod records_file;
pub mod search;
pub mod store;
pub mod tools;
pub mod tracking;
