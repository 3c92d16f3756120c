//! The journal's blobs: file contents kept once by their SHA-256 (`blobs/`), shared by the
//! steps that wrote or replaced them, and pruned with the oldest steps.

use super::*;

impl Journal {
    /// Keep the newest `keep` steps, and of them no more than `max_bytes` (the newest always).
    /// By count, not by number: a stray `99999999.json` costs one place, not every step.
    /// A blob shared by several steps counts once, for the newest; blobs no kept step refers to
    /// are removed.
    pub(super) fn prune(&self) {
        let Ok(numbers) = self.numbers() else { return };
        let mut total = 0u64;
        let mut kept: std::collections::HashSet<String> = std::collections::HashSet::new();
        for (i, &n) in numbers.iter().rev().enumerate() {
            total += std::fs::metadata(self.file(n)).map_or(0, |m| m.len());
            let blobs = self.blobs_of(n);
            for b in &blobs {
                if !kept.contains(b) {
                    total += std::fs::metadata(self.blob(b)).map_or(0, |m| m.len());
                }
            }
            if i >= self.keep || (i > 0 && total > self.max_bytes) {
                let _ = std::fs::remove_file(self.file(n));
                let _ = std::fs::remove_file(self.marker(n, "undone"));
            } else {
                kept.extend(blobs);
            }
        }
        if let Ok(rd) = std::fs::read_dir(self.dir.join("blobs")) {
            for e in rd.filter_map(|e| e.ok()) {
                let name = e.file_name().to_string_lossy().into_owned();
                if !kept.contains(&name) && !name.starts_with(TEMP_PREFIX) {
                    let _ = std::fs::remove_file(e.path());
                }
            }
        }
    }

    /// The blobs step `n` refers to (none for a damaged or an old, inline entry).
    pub(super) fn blobs_of(&self, n: u64) -> Vec<String> {
        let Ok(bytes) = std::fs::read(self.file(n)) else { return Vec::new() };
        let body = match bytes.iter().position(|&b| b == b'\n') {
            Some(i) if bytes.starts_with(b"{\"agentdeck_journal\"") => &bytes[i + 1..],
            _ => &bytes[..],
        };
        let Ok(s) = serde_json::from_slice::<Stored>(body) else { return Vec::new() };
        s.ops.into_iter().flat_map(|o| [o.before_sha256, o.after_sha256]).flatten().collect()
    }

    pub(super) fn blob(&self, sha: &str) -> PathBuf {
        self.dir.join("blobs").join(sha)
    }

    /// How an op's bytes are kept: inline (base64) when small, else as a blob (once, however
    /// many steps hold them), written and flushed before the entry naming it (`new` says a
    /// blob was written, so the folder is to be flushed).
    pub(super) fn keep(
        &self,
        bytes: &Option<Vec<u8>>,
        new: &mut bool,
    ) -> Result<(Option<String>, Option<String>), String> {
        match bytes {
            None => Ok((None, None)),
            Some(b) if b.len() < BLOB_MIN => Ok((Some(b64(b)), None)),
            Some(b) => Ok((None, Some(self.keep_blob(b, new)?))),
        }
    }

    pub(super) fn keep_blob(&self, bytes: &[u8], new: &mut bool) -> Result<String, String> {
        let sha = crate::catalog::hash::sha256_hex(bytes);
        let path = self.blob(&sha);
        if std::fs::metadata(&path).is_ok_and(|m| m.len() == bytes.len() as u64) {
            return Ok(sha);
        }
        *new = true;
        let dir = self.dir.join("blobs");
        let fail = |e: std::io::Error| format!("cannot write the journal in {}: {e}", dir.display());
        std::fs::create_dir_all(&dir).map_err(fail)?;
        write_atomic(&path, bytes).map_err(fail)?;
        Ok(sha)
    }

    /// The bytes an op recorded: from its blob, or inline (older entries).
    pub(super) fn bytes_of(&self, sha: &Option<String>, inline: &Option<String>) -> Result<Option<Vec<u8>>, String> {
        match sha {
            Some(sha) => {
                let bytes =
                    std::fs::read(self.blob(sha)).map_err(|e| format!("its bytes (blob {sha}) are missing: {e}"))?;
                if crate::catalog::hash::sha256_hex(&bytes) != *sha {
                    return Err(format!("its bytes (blob {sha}) are damaged"));
                }
                Ok(Some(bytes))
            }
            None => unb64(inline),
        }
    }
}
