//! The clipboard: exact OSC 52 bytes, the size limit, the override command and the report.

use agentdeck::clipboard::{ClipEnv, OSC52_LIMIT, copy_with, osc52_sequence};

#[test]
fn osc52_bytes_are_exact() {
    let mut terminal = Vec::new();
    let report = copy_with("hello\nworld\n", "prompt", &ClipEnv::default(), &mut terminal);
    assert_eq!(terminal, b"\x1b]52;c;aGVsbG8Kd29ybGQK\x07");
    assert_eq!(report.routes, vec!["OSC 52"]);
    assert_eq!(report.to_string(), "copied prompt: 12 bytes, 2 lines via OSC 52");
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
    assert_eq!(report.routes, vec!["OSC 52", "AGENTDECK_COPY_CMD"]);
    assert_eq!(report.to_string(), "copied prompt: 17 bytes, 2 lines via OSC 52 + AGENTDECK_COPY_CMD");
}

#[test]
fn a_failing_command_is_reported() {
    let env = ClipEnv { copy_cmd: Some("exit 3".into()), ..ClipEnv::default() };
    let report = copy_with("x", "name", &env, &mut Vec::new());
    assert!(report.ok());
    assert!(report.to_string().contains("AGENTDECK_COPY_CMD failed: exit status: 3"), "{report}");
}
