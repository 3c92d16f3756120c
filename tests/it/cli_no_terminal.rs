//! The command line without a terminal (a file, a pipe, a CI job): `copy` never writes OSC 52
//! into standard output and fails when nothing took the text, the browser says it needs a
//! terminal, and a prompt larger than agentdeck reads is refused rather than cut short.

use crate::harness::sandbox::Sandbox;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn quirks() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/quirks")
}

/// agentdeck in a session of its own, so it has no controlling terminal (`/dev/tty` cannot be
/// opened), with no clipboard tool to be found: as in a CI job. In the sandbox `sb`.
fn detached(sb: &Sandbox, args: &[&str]) -> Command {
    let mut cmd = sb.command();
    cmd.args(args)
        .env_remove("AGENTDECK_COPY_CMD")
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("TMUX")
        .env("PATH", "/nonexistent")
        .env("TERM", "xterm-256color");
    // SAFETY: setsid is async-signal-safe and touches nothing of the parent's.
    unsafe {
        cmd.pre_exec(|| {
            libc::setsid();
            Ok(())
        });
    }
    cmd
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn copy_with_no_terminal_and_no_tool_says_so_and_fails() {
    let sb = Sandbox::new();
    let o = detached(&sb, &["copy", "lint-fixer", quirks().to_str().unwrap()]).output().unwrap();
    assert!(o.stdout.is_empty(), "OSC 52 went into stdout: {:?}", String::from_utf8_lossy(&o.stdout));
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("could not copy prompt") && err.contains("no terminal for OSC 52"), "{err}");
    assert!(err.contains("--stdout"), "says what to do instead: {err}");
}

#[test]
fn copy_with_no_terminal_uses_the_tool_and_leaves_stdout_alone() {
    let sb = Sandbox::new();
    let dir = tempfile::tempdir().unwrap();
    let clip = dir.path().join("clip.txt");
    let o = detached(&sb, &["copy", "lint-fixer", quirks().to_str().unwrap()])
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("AGENTDECK_COPY_CMD", format!("cat > '{}'", clip.display()))
        .output()
        .unwrap();
    assert!(o.stdout.is_empty(), "OSC 52 went into stdout: {:?}", String::from_utf8_lossy(&o.stdout));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(std::fs::read_to_string(&clip).unwrap().contains("You fix lint warnings"));
    let err = stderr(&o);
    assert!(err.contains("with AGENTDECK_COPY_CMD") && !err.contains("sent to the terminal by OSC 52"), "{err}");
}

#[test]
fn the_browser_with_stdout_not_a_terminal_says_it_needs_one() {
    let sb = Sandbox::new();
    // Standard output is a pipe here, whatever the test runner's terminal is.
    let o = detached(&sb, &[quirks().to_str().unwrap()]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(stderr(&o), "agentdeck: the browser needs a terminal; try `agentdeck list`\n");
    assert!(o.stdout.is_empty());
}

#[test]
fn a_prompt_larger_than_agentdeck_reads_is_refused_not_cut() {
    let sb = Sandbox::new();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.md");
    let mut bytes = b"---\nname: huge\ndescription: d\n---\n".to_vec();
    bytes.resize(5 << 20, b'x');
    std::fs::write(&path, bytes).unwrap();
    let p = path.to_str().unwrap();
    let folder = dir.path().to_str().unwrap();
    let tool = format!("cat > '{}'", dir.path().join("clip.txt").display());
    for args in [vec!["copy", p, "--stdout"], vec!["show", p, "--body"], vec!["copy", "huge", folder], vec!["copy", p]]
    {
        let o = detached(&sb, &args).env("AGENTDECK_COPY_CMD", &tool).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(o.stdout.is_empty(), "{args:?}");
        let err = stderr(&o);
        assert!(err.contains("huge.md is larger than 4 MiB") && err.contains("cut short"), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
    }
    assert!(!dir.path().join("clip.txt").exists(), "nothing was copied");
    // Parts that are whole still copy.
    let o = detached(&sb, &["copy", p, "--name", "--stdout"]).output().unwrap();
    assert_eq!((o.status.code(), o.stdout.as_slice()), (Some(0), b"huge".as_slice()));
}
