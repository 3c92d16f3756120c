//! In a real terminal (tmux): SIGTERM, SIGHUP and a panic give the terminal back in cooked
//! mode with echo, and Ctrl-C quits with status 0. Needs tmux, hence ignored by default; `.ci/run`
//! installs tmux and runs these with `--include-ignored`.

mod common;

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
    /// The screen with wrapped lines joined, for long messages.
    fn joined_screen(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-J", "-t", "t"]).stdout).into_owned()
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
    common::quirks()
}

/// Run `command` in a shell that records the tty state and exit status in `out` after it ends.
fn then_stty(command: &str, out: &Path) -> Tmux {
    let cmd =
        format!("{command}; echo status=$? > {o}.tmp; stty -a >> {o}.tmp; mv {o}.tmp {o}; sleep 30", o = out.display());
    Tmux::start(&cmd)
}

/// Run the browser on the fixtures in a shell that records the tty state and exit status.
fn browser_then_stty(out: &Path) -> Tmux {
    let t = then_stty(&format!("{} {}", env!("CARGO_BIN_EXE_agentdeck"), fixtures().display()), out);
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

/// Run the browser with `env_args` and the debug-build panic switch, in a scratch data folder;
/// check the terminal came back in cooked mode with the panic's exit status 101. Returns the
/// folder (kept alive), the screen after the exit and where the log would be.
fn panic_with(env_args: &str) -> (tempfile::TempDir, String, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("tty");
    let data = dir.path().join("data");
    let cmd = format!(
        "env {env_args} XDG_DATA_HOME={} AGENTDECK_DEBUG_PANIC=1 {} {}",
        data.display(),
        env!("CARGO_BIN_EXE_agentdeck"),
        fixtures().display()
    );
    let t = then_stty(&cmd, &out);
    assert_cooked(&out, "101");
    let screen = t.joined_screen();
    (dir, screen, data.join("agentdeck/agentdeck.log"))
}

/// The debug-build switch `AGENTDECK_DEBUG_PANIC` makes the browser panic after its first
/// frame. The terminal comes back in cooked mode with echo, and the message is printed after
/// that: it is on the normal screen (printed on the alternate screen, it would have vanished
/// with it), and says how to get a log.
#[test]
#[ignore = "needs tmux"]
fn a_panic_restores_the_terminal_and_says_how_to_get_a_log() {
    let (_dir, screen, log) = panic_with("-u AGENTDECK_LOG");
    assert!(screen.contains("agentdeck crashed: "), "{screen}");
    assert!(screen.contains("AGENTDECK_DEBUG_PANIC is set"), "the panic's own message: {screen}");
    assert!(screen.contains(&format!("run with AGENTDECK_LOG=debug to keep a log in {}", log.display())), "{screen}");
    assert!(!log.exists(), "no log unless asked for");
}

/// With logging on, the panic message names the log file, and the panic is in it.
#[test]
#[ignore = "needs tmux"]
fn a_panic_with_logging_names_the_log_file() {
    let (_dir, screen, log) = panic_with("AGENTDECK_LOG=info");
    assert!(screen.contains(&format!("the log is in {}", log.display())), "{screen}");
    let logged = std::fs::read_to_string(&log).unwrap();
    assert!(logged.contains("panic") && logged.contains("AGENTDECK_DEBUG_PANIC is set"), "{logged}");
}

/// The browser's half of tests/hands_off.rs: reading, every tab, copying, comparing and
/// quitting leave every file and folder as it was.
#[test]
#[ignore = "needs tmux"]
fn the_browser_leaves_files_alone() {
    let folder = common::agent_folder();
    let before = common::Snapshot::of(folder.path());
    let elsewhere = tempfile::tempdir().unwrap();
    let clip = elsewhere.path().join("clip.txt");
    let out = elsewhere.path().join("tty");
    let cmd = format!(
        "cd {d} && env HOME={e} XDG_DATA_HOME={e} AGENTDECK_LOG=debug AGENTDECK_COPY_CMD='cat > {c}' {bin} {d}",
        d = folder.path().display(),
        e = elsewhere.path().display(),
        c = clip.display(),
        bin = env!("CARGO_BIN_EXE_agentdeck"),
    );
    let t = then_stty(&cmd, &out);
    wait_until("the list", || t.screen().contains("lint-fixer"));
    t.keys(&["-l", "lint-fixer"]);
    t.keys(&["Enter"]);
    wait_until("the reader", || t.screen().contains("1 Persona"));
    for (tab, shows) in [("2", "Example"), ("3", "claude code"), ("4", "name: lint-fixer")] {
        t.keys(&[tab]);
        wait_until(&format!("tab {tab}"), || t.screen().contains(shows));
    }
    t.keys(&["y"]);
    wait_until("the copy", || clip.exists());
    t.keys(&["q", "Escape"]);
    // An Esc followed at once by a letter reads as Alt+letter: wait for the cleared query.
    wait_until("the cleared query", || t.screen().lines().next().is_some_and(|l| l.trim_end() == ">"));
    t.keys(&["-l", "twin"]);
    wait_until("the twins", || t.screen().matches("twin").count() >= 3);
    t.keys(&["Tab", "Tab"]);
    t.keys(&["C-d"]);
    wait_until("the comparison", || t.screen().contains("Twin number 1"));
    t.keys(&["q", "C-c"]);
    assert_cooked(&out, "0");
    assert_eq!(common::Snapshot::of(folder.path()), before);
}

/// `show --raw` keeps control characters only for a pipe; on a terminal it cleans them like
/// every other output: the screen is not cleared (a line printed before survives), the title
/// is not set, and the escape sequences show as text.
#[test]
#[ignore = "needs tmux"]
fn show_raw_on_a_terminal_is_cleaned() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("tty");
    let cmd = format!(
        "echo before-the-file; {} show {} --raw",
        env!("CARGO_BIN_EXE_agentdeck"),
        fixtures().join("hostile-escapes.md").display()
    );
    let t = then_stty(&cmd, &out);
    assert_cooked(&out, "0");
    let screen = t.screen();
    assert!(screen.contains("before-the-file"), "the screen was cleared: {screen}");
    assert!(screen.contains("]52;c;aGVsbG8="), "{screen}");
    let title = t.run(&["display", "-p", "-t", "t", "#{pane_title}"]);
    assert!(!String::from_utf8_lossy(&title.stdout).contains("pwned"));
}
