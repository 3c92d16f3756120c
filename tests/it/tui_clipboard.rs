//! The clipboard: exact OSC 52 bytes, the size limit, the override command and the report,
//! and a tool that hangs (never reads, never ends) stopped at its time limit.

use agentdeck::clipboard::{ClipEnv, HELPER_LIMIT, OSC52_LIMIT, copy_with, osc52_sequence};
use std::time::Duration;

#[test]
fn osc52_bytes_are_exact() {
    let mut terminal = Vec::new();
    let report = copy_with("hello\nworld\n", "prompt", &ClipEnv::default(), &mut terminal);
    assert_eq!(terminal, b"\x1b]52;c;aGVsbG8Kd29ybGQK\x07");
    assert!(report.routes.is_empty() && report.osc52_sent);
    assert_eq!(
        report.to_string(),
        "sent prompt (12 bytes, 2 lines) to the terminal by OSC 52: on the clipboard only if the terminal allows OSC 52",
        "OSC 52 alone is never called a copy: whether the terminal took it cannot be known"
    );
}

#[test]
fn hostile_text_only_reaches_the_terminal_as_base64() {
    let text = "a\x1b]0;title\x07b\x1b[2J";
    let mut terminal = Vec::new();
    copy_with(text, "prompt", &ClipEnv::default(), &mut terminal);
    let payload = &terminal[7..terminal.len() - 1];
    assert!(payload.iter().all(|b| b.is_ascii_alphanumeric() || b"+/=".contains(b)));
    assert_eq!(osc52_sequence(text).unwrap(), terminal);
}

#[test]
fn too_big_for_osc52_is_said_and_not_sent() {
    let text = "x".repeat(OSC52_LIMIT);
    let mut terminal = Vec::new();
    let report = copy_with(&text, "file", &ClipEnv::default(), &mut terminal);
    assert!(terminal.is_empty());
    assert!(!report.ok());
    assert_eq!(report.to_string(), "could not copy file (100,000 bytes, 1 line); too big for OSC 52 (131 KB)");
}

#[test]
fn the_override_command_gets_the_text_on_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("clip.txt");
    let env = ClipEnv { copy_cmd: Some(format!("cat > '{}'", out.display())), x11: true, ..ClipEnv::default() };
    let mut terminal = Vec::new();
    let report = copy_with("line one\nline two", "prompt", &env, &mut terminal);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "line one\nline two");
    assert_eq!(report.routes, vec!["with AGENTDECK_COPY_CMD"]);
    assert_eq!(
        report.to_string(),
        "copied prompt (17 bytes, 2 lines) with AGENTDECK_COPY_CMD; also sent to the terminal by OSC 52"
    );
}

#[test]
fn a_failing_command_is_reported() {
    let env = ClipEnv { copy_cmd: Some("exit 3".into()), ..ClipEnv::default() };
    let report = copy_with("x", "name", &env, &mut Vec::new());
    assert!(report.ok());
    assert!(!report.complete(), "a tool that failed is a failure, even with OSC 52 sent");
    assert!(report.to_string().contains("AGENTDECK_COPY_CMD failed: exit status: 3"), "{report}");
}

/// The user's command with a short limit, so a test of the limit is quick.
fn hanging(cmd: &str) -> ClipEnv {
    ClipEnv { copy_cmd: Some(cmd.into()), limit: Duration::from_millis(300), own_group: true, ..ClipEnv::default() }
}

#[test]
fn the_default_limit_is_five_seconds() {
    assert_eq!(HELPER_LIMIT, Duration::from_secs(5));
    assert_eq!(ClipEnv::default().limit, HELPER_LIMIT);
}

#[test]
fn a_tool_that_never_ends_is_stopped_and_reported_as_failed() {
    let report = copy_with("short text", "prompt", &hanging("sleep 30"), &mut Vec::new());
    assert!(!report.complete());
    assert!(report.routes.is_empty() && report.osc52_sent);
    assert!(
        report.to_string().contains("AGENTDECK_COPY_CMD failed: did not finish within 0.3 s; stopped it"),
        "{report}"
    );
}

#[test]
fn a_tool_that_never_reads_a_big_text_is_stopped() {
    // Far more than a pipe holds: a plain write would wait for the tool for good.
    let text = "x".repeat(3 << 20);
    let report = copy_with(&text, "file", &hanging("sleep 30"), &mut Vec::new());
    assert!(!report.ok(), "too big for OSC 52, and the tool failed: {report}");
    assert!(report.to_string().contains("did not finish within 0.3 s"), "{report}");
}

#[test]
fn a_tool_whose_child_holds_the_pipe_is_stopped_with_it() {
    // The tool exits at once; what it started keeps the pipe open without reading.
    let dir = tempfile::tempdir().unwrap();
    let pid_file = dir.path().join("pid");
    let cmd = format!("exec 3<&0; sleep 30 <&3 & echo $! > '{}'", pid_file.display());
    let text = "y".repeat(1 << 20);
    let report = copy_with(&text, "file", &hanging(&cmd), &mut Vec::new());
    assert!(report.to_string().contains("did not finish within 0.3 s"), "{report}");
    let pid = std::fs::read_to_string(&pid_file).unwrap();
    // SIGKILL takes a moment to land: wait for it, with a deadline far beyond that.
    crate::harness::wait_until(&format!("the tool's child {} to end", pid.trim()), || ended(pid.trim()));
}

#[test]
fn a_tool_that_starts_a_child_and_exits_is_not_waited_for() {
    // Like xclip, which forks to serve the selection: the text was read, so this is success.
    let dir = tempfile::tempdir().unwrap();
    let (out, pid_file) = (dir.path().join("clip"), dir.path().join("pid"));
    let cmd =
        format!("cat > '{}'; sleep 30 < /dev/null > /dev/null & echo $! > '{}'", out.display(), pid_file.display());
    let report = copy_with("served", "name", &hanging(&cmd), &mut Vec::new());
    assert!(report.complete(), "{report}");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "served");
    let pid = std::fs::read_to_string(&pid_file).unwrap();
    let _ = std::process::Command::new("kill").arg(pid.trim()).status();
}

/// Whether process `pid` has ended (a zombie has).
fn ended(pid: &str) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(_) => true,
        Ok(stat) => stat.rsplit_once(')').is_some_and(|(_, rest)| rest.trim_start().starts_with('Z')),
    }
}

/// A stand-in for tmux in `dir`: `load-buffer` keeps stdin in `buffer`, `show-options` answers
/// `set_clipboard`.
fn fake_tmux(dir: &std::path::Path, set_clipboard: &str) -> std::path::PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let buffer = dir.join("buffer");
    let script = dir.join("tmux");
    let text = format!(
        "#!/bin/sh\ncase \"$1\" in\n load-buffer) [ \"$2 $3\" = \"-w -\" ] && cat > '{}' ;;\n show-options) echo {set_clipboard} ;;\n *) exit 1 ;;\nesac\n",
        buffer.display()
    );
    std::fs::write(&script, text).unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    buffer
}

/// Issue 21, item 4: inside tmux the text goes to tmux (`load-buffer -w -`), not by an OSC 52
/// that tmux's default `set-clipboard external` drops, and the report says where it went.
#[test]
fn inside_tmux_the_text_goes_to_tmux_and_the_report_says_where() {
    let dir = tempfile::tempdir().unwrap();
    let buffer = fake_tmux(dir.path(), "external");
    let env = ClipEnv { tmux: true, path: vec![dir.path().to_path_buf()], ..ClipEnv::default() };
    let mut terminal = Vec::new();
    let report = copy_with("hello\nworld\n", "prompt", &env, &mut terminal);
    assert!(terminal.is_empty(), "no OSC 52 inside tmux: {terminal:?}");
    assert_eq!(std::fs::read_to_string(&buffer).unwrap(), "hello\nworld\n");
    assert!(report.complete());
    assert_eq!(
        report.to_string(),
        "copied prompt (12 bytes, 2 lines) into tmux's paste buffer (tmux offers it to the terminal's clipboard: set-clipboard external)"
    );

    let buffer = fake_tmux(dir.path(), "off");
    let report = copy_with("x", "name", &env, &mut Vec::new());
    assert_eq!(std::fs::read_to_string(&buffer).unwrap(), "x");
    assert!(report.to_string().contains("set-clipboard is off: not passed on to the terminal's clipboard"), "{report}");
}

/// Inside tmux without a `tmux` to run, OSC 52 is all there is, and the report does not call
/// it a copy.
#[test]
fn inside_tmux_without_tmux_osc52_is_sent_and_not_called_a_copy() {
    let env = ClipEnv { tmux: true, path: vec![], ..ClipEnv::default() };
    let mut terminal = Vec::new();
    let report = copy_with("x", "name", &env, &mut terminal);
    assert_eq!(terminal, osc52_sequence("x").unwrap());
    assert!(
        report
            .to_string()
            .starts_with("sent name (1 byte, 1 line) to the terminal by OSC 52: on the clipboard only if")
    );
}
