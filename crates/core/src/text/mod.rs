//! Plain-text helpers the catalog and the front ends share: sanitising untrusted text before
//! it reaches any output, counting nouns, and times.

pub mod plural;
pub mod sanitize;
pub mod time;
pub mod unified;
