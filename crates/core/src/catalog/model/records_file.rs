//! The origin records file, as data: its name, one record ([`Provenance`]) and the file's
//! shape, and how a change to it reads in a plan ([`describe`]). Reading the records and
//! planning changes to them is [`crate::catalog::provenance`]'s; the write path only needs to show them.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// The records file's name in the state directory.
pub const RECORDS_FILE: &str = "origins.json";

/// Where one installed agent came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provenance {
    /// The collection's name when it was installed.
    pub collection: String,
    /// The collection's source: the git URL cloned, or the folder.
    pub source: String,
    /// The commit the collection was at; `None` for a folder outside git.
    pub commit: Option<String>,
    /// The file inside the collection, `/`-separated.
    pub path: String,
    /// SHA-256 (hex) of the bytes installed.
    pub sha256: String,
    /// SHA-256 of upstream's file, when it differs from the bytes installed (installed under
    /// another name with `--as`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upstream_sha256: Option<String>,
    /// False when no record exists and the origin was recognised by identical bytes.
    #[serde(default = "yes")]
    pub recorded: bool,
}

fn yes() -> bool {
    true
}

impl Provenance {
    /// The hash upstream's file had when it was installed.
    pub fn upstream_hash(&self) -> &str {
        self.upstream_sha256.as_deref().unwrap_or(&self.sha256)
    }
}

#[derive(Debug, Serialize, Deserialize)]
pub(in crate::catalog) struct RecordsFile {
    pub(in crate::catalog) version: u32,
    /// Installed file (absolute, symlinks resolved) -> where it came from.
    pub(in crate::catalog) installed: BTreeMap<String, Provenance>,
}

/// How a records file change reads in a plan's diff: the records set and dropped, one line
/// each, instead of the JSON. `None` when `path` is not a records file.
pub fn describe(path: &Path, before: &Option<Vec<u8>>, after: &Option<Vec<u8>>) -> Option<String> {
    if path.file_name().is_none_or(|n| n != RECORDS_FILE) {
        return None;
    }
    let parse = |b: &Option<Vec<u8>>| match b {
        None => Some(BTreeMap::new()),
        Some(b) => serde_json::from_slice::<RecordsFile>(b).ok().map(|f| f.installed),
    };
    let (before, after) = (parse(before)?, parse(after)?);
    let clean = |s: &str| crate::text::sanitize::clean_line(s).into_owned();
    let mut out = format!("origin records ({}):\n", clean(&path.to_string_lossy()));
    for (path, r) in &after {
        if before.get(path) != Some(r) {
            let at = r.commit.as_deref().map_or("-".to_string(), |c| c.chars().take(7).collect());
            out.push_str(&format!("  record {}: {} {} at {at}\n", clean(path), clean(&r.collection), clean(&r.path)));
        }
    }
    for path in before.keys().filter(|p| !after.contains_key(*p)) {
        out.push_str(&format!("  forget {}\n", clean(path)));
    }
    Some(out)
}
