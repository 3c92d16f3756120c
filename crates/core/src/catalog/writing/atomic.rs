//! The one atomic writer: a file is replaced by writing a flushed temporary file beside it
//! and renaming it into place, then flushing the folder, so a crash leaves the old bytes or
//! the new ones, never a mixture. The write path ([`crate::catalog::change`]), the journal and the
//! front ends' own files (the collection registry, caches) all write through here.

use std::io::Write;
use std::path::{Path, PathBuf};

/// The prefix of every temporary file agentdeck writes; a crash can leave them behind, and
/// the next writer removes them.
pub const TEMP_PREFIX: &str = ".agentdeck-";

/// Replace `path` with `bytes` atomically (creating its folder), keeping its permissions and
/// owner when it exists.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = temp_beside(path, bytes)?;
    tmp.persist(path).map_err(|e| e.error)?;
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => sync_dir(dir),
        _ => Ok(()),
    }
}

/// A flushed temporary file beside `path` holding `bytes`, with `path`'s permissions and
/// owner when it exists.
pub fn temp_beside(path: &Path, bytes: &[u8]) -> std::io::Result<tempfile::NamedTempFile> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir)?;
    let mut tmp = tempfile::Builder::new().prefix(TEMP_PREFIX).suffix(".tmp").tempfile_in(&dir)?;
    tmp.write_all(bytes)?;
    if let Ok(meta) = std::fs::metadata(path) {
        tmp.as_file().set_permissions(meta.permissions())?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let mine = tmp.as_file().metadata()?;
            if (mine.uid(), mine.gid()) != (meta.uid(), meta.gid()) {
                std::os::unix::fs::fchown(tmp.as_file(), Some(meta.uid()), Some(meta.gid())).map_err(|e| {
                    std::io::Error::new(
                        e.kind(),
                        format!("cannot keep its owner (uid {}, gid {}): {e}", meta.uid(), meta.gid()),
                    )
                })?;
            }
        }
    } else {
        #[cfg(unix)]
        {
            // A new file gets the permissions a plain create would give it (0666 less the umask),
            // not the temporary file's private 0600.
            use std::os::unix::fs::PermissionsExt;
            let mask = current_umask();
            tmp.as_file().set_permissions(std::fs::Permissions::from_mode(0o666 & !mask))?;
        }
    }
    tmp.as_file().sync_all()?;
    Ok(tmp)
}

/// Flush a folder's list of names to disk, so a rename or removal in it survives a crash.
pub fn sync_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        std::fs::File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

/// The process's file mode mask, as the kernel reports it (`/proc/self/status`); the usual
/// 022 where it cannot be read. Read, never set: setting it would race other threads.
#[cfg(unix)]
fn current_umask() -> u32 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find_map(|l| l.strip_prefix("Umask:").map(|v| v.trim().to_string())))
        .and_then(|v| u32::from_str_radix(&v, 8).ok())
        .unwrap_or(0o022)
}
