//! Which Claude Code is installed, against the one agentdeck's model was recorded from: when
//! `claude --version` on PATH reports another version, what agentdeck says Claude Code does
//! may no longer hold, and `check` and the browser say so once.

use crate::catalog::listing::RECORDED_CLAUDE_CODE;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The note to show when the `claude` on PATH is not the recorded version, or `None` (no
/// `claude` on PATH, the same version, or no answer within a second).
pub fn mismatch_note() -> Option<String> {
    let claude = on_path("claude", std::env::var_os("PATH")?.as_os_str())?;
    let version = version_of(&claude)?;
    (version != RECORDED_CLAUDE_CODE).then(|| note(&version))
}

/// The words of the note for an installed `version`.
pub fn note(version: &str) -> String {
    format!(
        "Claude Code {} is installed; agentdeck's model of it was recorded against {RECORDED_CLAUDE_CODE}, so what it says Claude Code does may differ (see README: re-recording)",
        crate::text::sanitize::clean_line(version)
    )
}

fn on_path(name: &str, path: &std::ffi::OsStr) -> Option<PathBuf> {
    std::env::split_paths(path).map(|dir| dir.join(name)).find(|p| is_executable(p))
}

fn is_executable(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// The first word of `claude --version`, waiting at most a second for it.
fn version_of(claude: &Path) -> Option<String> {
    let mut child = Command::new(claude)
        .arg("--version")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let start = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if start.elapsed() < Duration::from_secs(1) => std::thread::sleep(Duration::from_millis(10)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return None;
            }
        }
    }
    let mut out = String::new();
    child.stdout.take()?.take(4096).read_to_string(&mut out).ok()?;
    let word = out.split_whitespace().next()?;
    word.chars().all(|c| c.is_ascii_digit() || c == '.').then(|| word.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_claude_of_another_version_is_named_and_the_same_one_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let script = dir.path().join("claude");
        let write = |version: &str| {
            std::fs::write(&script, format!("#!/bin/sh\necho '{version} (Claude Code)'\n")).unwrap();
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        };
        write("9.9.9");
        let found = on_path("claude", dir.path().as_os_str()).unwrap();
        assert_eq!(version_of(&found).as_deref(), Some("9.9.9"));
        assert!(
            note("9.9.9").contains("Claude Code 9.9.9 is installed") && note("9.9.9").contains(RECORDED_CLAUDE_CODE)
        );
        write(RECORDED_CLAUDE_CODE);
        assert_eq!(version_of(&found).as_deref(), Some(RECORDED_CLAUDE_CODE));
        assert!(on_path("claude", std::ffi::OsStr::new("/nonexistent")).is_none());
    }
}
