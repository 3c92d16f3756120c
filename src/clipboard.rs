//! Putting text on the user's clipboard from a terminal program, which has no single right
//! way: an OSC 52 escape (works over SSH and in most terminals, and tmux with
//! `set-clipboard on` captures it) plus the platform's tool (`wl-copy`, `xclip`/`xsel`,
//! `pbcopy`, `clip.exe`), or the user's own command in `AGENTDECK_COPY_CMD`. The result is a
//! report for the status line saying what went where.
//!
//! The copied text is the user's data and is not sanitised; it reaches the terminal only
//! inside the base64 payload of the OSC 52 sequence.

use base64::Engine;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Base64 payloads larger than this are not sent by OSC 52 (many terminals drop them).
pub const OSC52_LIMIT: usize = 100_000;

/// What a copy did, for the status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopyReport {
    /// What was copied: "prompt", "file", ...
    pub what: String,
    pub bytes: usize,
    pub lines: usize,
    /// The routes that took the text: "OSC 52", "xclip", "AGENTDECK_COPY_CMD".
    pub routes: Vec<String>,
    /// Why other routes did not: "xclip failed: exit status 1", "too big for OSC 52 (130 KB)".
    pub problems: Vec<String>,
}

impl CopyReport {
    /// True when at least one route took the text.
    pub fn ok(&self) -> bool {
        !self.routes.is_empty()
    }
}

impl std::fmt::Display for CopyReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let bytes = crate::text::plural::verb(self.bytes, "byte", "bytes");
        let size = format!("{} {bytes}, {}", thousands(self.bytes), crate::text::plural::count(self.lines, "line"));
        if self.ok() {
            write!(f, "copied {}: {size} via {}", self.what, self.routes.join(" + "))?;
        } else {
            write!(f, "could not copy {} ({size})", self.what)?;
        }
        if !self.problems.is_empty() {
            write!(f, "; {}", self.problems.join("; "))?;
        }
        Ok(())
    }
}

/// `4210` -> `4,210`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The parts of the environment that decide the routes; tests build their own.
#[derive(Debug, Clone, Default)]
pub struct ClipEnv {
    /// `AGENTDECK_COPY_CMD`: run with `sh -c`, text on stdin.
    pub copy_cmd: Option<String>,
    pub wayland: bool,
    pub x11: bool,
    /// Folders to look for tools in (`PATH`).
    pub path: Vec<PathBuf>,
}

impl ClipEnv {
    /// Read the process environment.
    pub fn from_process() -> ClipEnv {
        let set = |k: &str| std::env::var_os(k).is_some_and(|v| !v.is_empty());
        ClipEnv {
            copy_cmd: std::env::var("AGENTDECK_COPY_CMD").ok().filter(|c| !c.trim().is_empty()),
            wayland: set("WAYLAND_DISPLAY"),
            x11: set("DISPLAY"),
            path: std::env::var_os("PATH").map(|p| std::env::split_paths(&p).collect()).unwrap_or_default(),
        }
    }

    fn has(&self, tool: &str) -> bool {
        self.path.iter().any(|dir| is_executable(&dir.join(tool)))
    }

    /// The platform tool to use, as a program and its arguments.
    fn tool(&self) -> Option<(&'static str, &'static [&'static str])> {
        let candidates: [(bool, &'static str, &'static [&'static str]); 5] = [
            (self.wayland, "wl-copy", &[]),
            (self.x11, "xclip", &["-selection", "clipboard"]),
            (self.x11, "xsel", &["--clipboard", "--input"]),
            (true, "pbcopy", &[]),
            (true, "clip.exe", &[]),
        ];
        candidates.into_iter().find(|(ok, name, _)| *ok && self.has(name)).map(|(_, n, a)| (n, a))
    }
}

fn is_executable(path: &Path) -> bool {
    path.is_file()
}

/// Copy `text` by every route the process environment allows; OSC 52 goes to stdout.
pub fn copy(text: &str, what: &str) -> CopyReport {
    copy_with(text, what, &ClipEnv::from_process(), &mut std::io::stdout())
}

/// [`copy`] with the environment and the terminal given.
pub fn copy_with(text: &str, what: &str, env: &ClipEnv, terminal: &mut dyn Write) -> CopyReport {
    let mut report = CopyReport {
        what: what.to_string(),
        bytes: text.len(),
        lines: text.lines().count(),
        routes: Vec::new(),
        problems: Vec::new(),
    };
    let external = match &env.copy_cmd {
        Some(cmd) => Some(("AGENTDECK_COPY_CMD".to_string(), pipe("sh", &["-c", cmd], text))),
        None => env.tool().map(|(name, args)| (name.to_string(), pipe(name, args, text))),
    };
    match osc52_sequence(text) {
        Ok(seq) => match terminal.write_all(&seq).and_then(|()| terminal.flush()) {
            Ok(()) => report.routes.push("OSC 52".into()),
            Err(e) => report.problems.push(format!("OSC 52 failed: {e}")),
        },
        Err(too_big) => report.problems.push(too_big),
    }
    match external {
        Some((name, Ok(()))) => report.routes.push(name),
        Some((name, Err(e))) => report.problems.push(format!("{name} failed: {e}")),
        None => {}
    }
    tracing::debug!(%report, "copy");
    report
}

/// `ESC ] 52 ; c ; <base64> BEL`, or why it is not sent. Inside tmux the plain sequence is
/// still right: tmux with `set-clipboard on` takes it into its buffer and the clipboard.
pub fn osc52_sequence(text: &str) -> Result<Vec<u8>, String> {
    let payload = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
    if payload.len() > OSC52_LIMIT {
        return Err(format!("too big for OSC 52 ({} KB)", payload.len().div_ceil(1024)));
    }
    let mut seq = b"\x1b]52;c;".to_vec();
    seq.extend_from_slice(payload.as_bytes());
    seq.push(0x07);
    Ok(seq)
}

/// Run `program args` with `text` on stdin, its output discarded.
fn pipe(program: &str, args: &[&str], text: &str) -> Result<(), String> {
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| e.to_string())?;
    // A tool that exits early closes the pipe; its exit status says more than EPIPE does.
    let written = match child.stdin.take() {
        Some(mut stdin) => stdin.write_all(text.as_bytes()),
        None => Ok(()),
    };
    let status = child.wait().map_err(|e| e.to_string())?;
    match (status.success(), written) {
        (false, _) => Err(status.to_string()),
        (true, Err(e)) => Err(e.to_string()),
        (true, Ok(())) => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(4210), "4,210");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
