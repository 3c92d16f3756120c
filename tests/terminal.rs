//! In a real terminal (tmux): SIGTERM and SIGHUP give the terminal back in cooked mode with
//! echo, and Ctrl-C quits with status 0. Needs tmux, hence ignored by default; `.ci/run`
//! installs tmux and runs these with `--include-ignored`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

struct Tmux {
    socket: String,
}

impl Tmux {
    fn start(cmd: &str) -> Tmux {
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let socket = format!("agentdeck-test-{}-{n}", std::process::id());
        let t = Tmux { socket };
        let ok = t.run(&["-f", "/dev/null", "new-session", "-d", "-s", "t", "-x", "100", "-y", "30", cmd]);
        assert!(ok.status.success(), "tmux: {}", String::from_utf8_lossy(&ok.stderr));
        t
    }
    fn run(&self, args: &[&str]) -> std::process::Output {
        Command::new("tmux").arg("-L").arg(&self.socket).args(args).output().expect("tmux runs")
    }
    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", "t"]).stdout).into_owned()
    }
    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "t"];
        args.extend(keys);
        self.run(&args);
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        self.run(&["kill-server"]);
    }
}

/// Poll until `f` holds, failing after a generous deadline: a wait for an event, not a
/// timing assertion.
fn wait_until(what: &str, mut f: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !f() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/quirks")
}

/// Run the browser in a shell that records the tty state and exit status after it ends.
fn browser_then_stty(out: &Path) -> Tmux {
    let cmd = format!(
        "{} {}; echo status=$? > {o}.tmp; stty -a >> {o}.tmp; mv {o}.tmp {o}; sleep 30",
        env!("CARGO_BIN_EXE_agentdeck"),
        fixtures().display(),
        o = out.display()
    );
    let t = Tmux::start(&cmd);
    wait_until("the list", || t.screen().contains("lint-fixer"));
    t
}

/// The browser's pid: the child of this pane's shell.
fn agentdeck_pid(t: &Tmux) -> String {
    let shell = t.run(&["display", "-p", "-t", "t", "#{pane_pid}"]);
    let shell = String::from_utf8_lossy(&shell.stdout).trim().to_string();
    let o = Command::new("pgrep").args(["-P", &shell, "-x", "agentdeck"]).output().unwrap();
    String::from_utf8_lossy(&o.stdout).trim().to_string()
}

fn assert_cooked(out: &Path, want_status: &str) {
    wait_until("the shell after agentdeck", || out.exists());
    let report = std::fs::read_to_string(out).unwrap();
    assert!(report.starts_with(&format!("status={want_status}")), "{report}");
    let words: Vec<&str> = report.split_whitespace().collect();
    assert!(words.contains(&"icanon"), "raw mode left on: {report}");
    assert!(words.contains(&"echo"), "echo left off: {report}");
}

#[test]
#[ignore = "needs tmux"]
fn sigterm_restores_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("tty");
    let t = browser_then_stty(&out);
    let pid = agentdeck_pid(&t);
    assert!(!pid.is_empty());
    Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    assert_cooked(&out, "143");
}

#[test]
#[ignore = "needs tmux"]
fn sighup_restores_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("tty");
    let t = browser_then_stty(&out);
    let pid = agentdeck_pid(&t);
    Command::new("kill").args(["-HUP", &pid]).status().unwrap();
    assert_cooked(&out, "129");
}

#[test]
#[ignore = "needs tmux"]
fn ctrl_c_quits_cleanly_and_hostile_text_stays_text() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("tty");
    let t = browser_then_stty(&out);
    t.keys(&["-l", "evil"]);
    wait_until("the hostile agent", || t.screen().contains("pwned"));
    // The title was never set from file text, and the OSC 0 payload shows as plain text.
    let title = t.run(&["display", "-p", "-t", "t", "#{pane_title}"]);
    assert!(!String::from_utf8_lossy(&title.stdout).contains("pwned"));
    t.keys(&["C-c"]);
    assert_cooked(&out, "0");
}
