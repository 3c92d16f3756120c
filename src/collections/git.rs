//! The system `git`, run as a child process: it has the user's credentials, ssh keys, proxy
//! and URL rewrites, which a git library linked into agentdeck would not. Every failure is
//! one clean line: git missing, or git's own message.

use crate::text::sanitize::clean_line;
use std::ffi::OsStr;
use std::path::Path;
use std::process::{Command, Stdio};

/// Why a git command did not do its job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GitError {
    /// No `git` on PATH.
    Missing,
    /// git ran and failed: its message, one line, cleaned of control characters.
    Failed(String),
}

impl std::fmt::Display for GitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GitError::Missing => f.write_str("git is not installed; agentdeck uses it to clone collections"),
            GitError::Failed(why) => f.write_str(why),
        }
    }
}

/// Variables that would point git at another repository than the one we name.
const FOREIGN_ENV: &[&str] =
    &["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES"];

/// How long one git command may take: a clone that hangs (a server that never answers, a
/// proxy that swallows the connection) would otherwise hang `collection add` for ever.
/// `AGENTDECK_GIT_TIMEOUT` (seconds) changes it.
pub fn timeout() -> std::time::Duration {
    let secs = std::env::var("AGENTDECK_GIT_TIMEOUT").ok().and_then(|v| v.trim().parse::<u64>().ok());
    std::time::Duration::from_secs(secs.filter(|&s| s > 0).unwrap_or(600))
}

/// Run `git ARGS` (in `dir` when given) and return its standard output.
pub fn run<S: AsRef<OsStr>>(dir: Option<&Path>, args: &[S]) -> Result<Vec<u8>, GitError> {
    run_program("git", dir, args, timeout())
}

/// [`run`] with another program (tests) and a time limit, after which the command is killed
/// and the failure names the limit.
fn run_program<S: AsRef<OsStr>>(
    program: &str,
    dir: Option<&Path>,
    args: &[S],
    limit: std::time::Duration,
) -> Result<Vec<u8>, GitError> {
    let mut cmd = Command::new(program);
    if let Some(dir) = dir {
        cmd.arg("-C").arg(dir);
    }
    cmd.args(args).stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    for var in FOREIGN_ENV {
        cmd.env_remove(var);
    }
    // git asks for a password on the terminal itself; with no terminal it would wait forever.
    use std::io::IsTerminal;
    if !std::io::stderr().is_terminal() {
        cmd.env("GIT_TERMINAL_PROMPT", "0");
    }
    let mut child = cmd.spawn().map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => GitError::Missing,
        _ => GitError::Failed(format!("cannot run git: {e}")),
    })?;
    let drain = |pipe: Option<Box<dyn std::io::Read + Send>>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            if let Some(mut p) = pipe {
                let _ = p.read_to_end(&mut buf);
            }
            buf
        })
    };
    let out = drain(child.stdout.take().map(|p| Box::new(p) as Box<dyn std::io::Read + Send>));
    let err = drain(child.stderr.take().map(|p| Box::new(p) as Box<dyn std::io::Read + Send>));
    let start = std::time::Instant::now();
    let what = args.first().map(|a| a.as_ref().to_string_lossy().into_owned()).unwrap_or_default();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if start.elapsed() < limit => std::thread::sleep(std::time::Duration::from_millis(20)),
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(GitError::Failed(format!(
                    "git {what} took longer than {}s and was stopped (AGENTDECK_GIT_TIMEOUT sets the limit)",
                    limit.as_secs()
                )));
            }
            Err(e) => return Err(GitError::Failed(format!("cannot wait for git: {e}"))),
        }
    };
    let stdout = out.join().unwrap_or_default();
    let stderr = err.join().unwrap_or_default();
    if status.success() {
        return Ok(stdout);
    }
    Err(GitError::Failed(format!("git {what} failed: {}", one_line(&stderr))))
}

/// git's message as one line: its lines joined, hints and progress left out, cleaned, cut
/// to a readable length.
pub fn one_line(stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr);
    let lines: Vec<&str> =
        text.split(['\n', '\r']).map(str::trim).filter(|l| !l.is_empty() && !l.starts_with("hint:")).collect();
    let joined = if lines.is_empty() { "no message".to_string() } else { lines.join("; ") };
    let cleaned = clean_line(&joined).into_owned();
    match cleaned.char_indices().nth(300) {
        Some((i, _)) => format!("{}...", &cleaned[..i]),
        None => cleaned,
    }
}

/// The commit checked out in `dir`, if it is in a git repository (and git is there).
pub fn head(dir: &Path) -> Option<String> {
    let out = run(Some(dir), &["rev-parse", "--verify", "--quiet", "HEAD"]).ok()?;
    let sha = String::from_utf8(out).ok()?.trim().to_string();
    (!sha.is_empty() && sha.bytes().all(|b| b.is_ascii_hexdigit())).then_some(sha)
}

#[cfg(test)]
mod tests {
    #[cfg(unix)]
    #[test]
    fn a_hung_command_is_stopped_at_the_limit() {
        let e = super::run_program("sleep", None, &["30"], std::time::Duration::from_secs(1)).unwrap_err();
        assert!(e.to_string().contains("took longer than 1s and was stopped"), "{e}");
    }

    use super::*;

    #[test]
    fn git_messages_become_one_clean_line() {
        let stderr = b"Cloning into 'x'...\nfatal: repository '/nope' does not exist\x1b[31m\nhint: try again\n";
        assert_eq!(one_line(stderr), "Cloning into 'x'...; fatal: repository '/nope' does not exist[31m");
        assert_eq!(one_line(b""), "no message");
        assert!(one_line(&[b'a'; 1000]).ends_with("..."));
    }
}
