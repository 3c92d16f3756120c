//! Writing: the places, planned changes, the one write path with its atomic writer and
//! journal, and the origin records it keeps.

pub mod atomic;
pub mod change;
pub mod env;
pub mod hash;
pub mod journal;
pub mod plans;
pub mod provenance;
