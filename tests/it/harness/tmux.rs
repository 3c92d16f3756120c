//! A real terminal for tests: tmux on a private socket running agentdeck in a sandbox, and
//! what to ask it and the processes in it (the screen, waited on until it shows what is
//! expected; the terminal's modes; whether a process is still there).

use super::sandbox::Sandbox;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

pub struct Tmux {
    socket: String,
}

impl Tmux {
    /// A 100x30 session running `cmd` (through the default shell).
    pub fn start(cmd: &str) -> Tmux {
        Tmux::start_with_config(cmd, Path::new("/dev/null"))
    }
    /// agentdeck with `args` (shell words) in a 100x30 session, in the sandbox `sb` (`extra`:
    /// more `env` words, see [`Sandbox::shell`]).
    pub fn agentdeck(sb: &Sandbox, extra: &str, args: &str) -> Tmux {
        Tmux::start(&sb.shell(extra, args))
    }
    /// [`Tmux::start`] with a tmux configuration file.
    pub fn start_with_config(cmd: &str, config: &Path) -> Tmux {
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let socket = format!("agentdeck-test-{}-{n}", std::process::id());
        let t = Tmux { socket };
        let config = config.to_string_lossy();
        let ok = t.run(&["-f", &config, "new-session", "-d", "-s", "t", "-x", "100", "-y", "30", cmd]);
        assert!(ok.status.success(), "tmux: {}", String::from_utf8_lossy(&ok.stderr));
        t
    }
    /// tmux with `args` on the private socket. Its panes run commands with bash (see
    /// [`bash`]), not whatever the developer's `$SHELL` is.
    pub fn run(&self, args: &[&str]) -> std::process::Output {
        Command::new("tmux").arg("-L").arg(&self.socket).args(args).env("SHELL", bash()).output().expect("tmux runs")
    }
    pub fn screen(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", "t"]).stdout).into_owned()
    }
    /// The screen with wrapped lines joined, for long messages.
    pub fn joined_screen(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-J", "-t", "t"]).stdout).into_owned()
    }
    /// Poll the screen until `f` holds of it and return that screen; after a generous
    /// deadline, fail showing the last screen. A wait for what the terminal shows, never a
    /// fixed sleep and never a timing assertion.
    pub fn wait_for(&self, what: &str, f: impl Fn(&str) -> bool) -> String {
        self.wait_on(what, Tmux::screen, f)
    }
    /// [`Tmux::wait_for`] on the screen with wrapped lines joined.
    pub fn wait_for_joined(&self, what: &str, f: impl Fn(&str) -> bool) -> String {
        self.wait_on(what, Tmux::joined_screen, f)
    }
    fn wait_on(&self, what: &str, capture: fn(&Tmux) -> String, f: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let screen = capture(self);
            if f(&screen) {
                return screen;
            }
            assert!(Instant::now() < deadline, "timed out waiting for {what}; the screen:\n{screen}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    pub fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "t"];
        args.extend(keys);
        self.run(&args);
    }
    /// A tmux format for the pane, such as `#{pane_pid}`.
    pub fn format(&self, format: &str) -> String {
        String::from_utf8_lossy(&self.run(&["display", "-p", "-t", "t", format]).stdout).trim().to_string()
    }
    /// Whether the pane shows the alternate screen or has any mouse tracking on: what a
    /// full-screen program turns on and must turn off.
    pub fn screen_taken(&self) -> bool {
        self.format("#{alternate_on}#{mouse_any_flag}#{mouse_button_flag}#{mouse_standard_flag}#{mouse_sgr_flag}")
            != "00000"
    }
}

/// bash, which the panes' commands are written for: a non-interactive shell that, like bash,
/// carries on after a child that quit on Ctrl-C (dash, for one, quits with it).
pub fn bash() -> &'static str {
    ["/bin/bash", "/usr/bin/bash", "/usr/local/bin/bash"].into_iter().find(|p| Path::new(p).exists()).unwrap_or("bash")
}

impl Drop for Tmux {
    fn drop(&mut self) {
        self.run(&["kill-server"]);
    }
}

pub use super::{PATIENCE, wait_until};

/// What the shell prints once agentdeck (run by [`then_stty`]) has ended and its report is
/// written: when the screen shows it, it shows everything agentdeck printed before.
pub const AFTER: &str = "-- the shell, after agentdeck --";

/// Run `command` in a shell that records the tty state and exit status in `out` after it ends,
/// then prints [`AFTER`].
pub fn then_stty(command: &str, out: &Path) -> Tmux {
    let cmd = format!(
        "{command}; echo status=$? > {o}.tmp; stty -a >> {o}.tmp; mv {o}.tmp {o}; echo '{AFTER}'; sleep 30",
        o = out.display()
    );
    Tmux::start(&cmd)
}

/// The screen (wrapped lines joined) once the shell has printed [`AFTER`]: all agentdeck
/// printed, whatever the terminal's lag.
pub fn screen_after(t: &Tmux) -> String {
    t.wait_for_joined("the shell after agentdeck", |s| s.contains(AFTER))
}

/// The browser's pid: the pane's process if it is agentdeck, else the child of the pane's shell.
pub fn agentdeck_pid(t: &Tmux) -> String {
    let pane = t.format("#{pane_pid}");
    if std::fs::read_to_string(format!("/proc/{pane}/comm")).is_ok_and(|c| c.trim() == "agentdeck") {
        return pane;
    }
    let o = Command::new("pgrep").args(["-P", &pane, "-x", "agentdeck"]).output().unwrap();
    String::from_utf8_lossy(&o.stdout).trim().to_string()
}

/// Check the report [`then_stty`] wrote: the exit status, and the terminal in cooked mode with echo.
pub fn assert_cooked(out: &Path, want_status: &str) {
    wait_until("the shell after agentdeck", || out.exists());
    let report = std::fs::read_to_string(out).unwrap();
    assert!(report.starts_with(&format!("status={want_status}")), "{report}");
    assert_modes_cooked(&report);
}

/// `stty -a` output shows cooked mode with echo.
pub fn assert_modes_cooked(stty: &str) {
    let words: Vec<&str> = stty.split_whitespace().collect();
    assert!(words.contains(&"icanon"), "raw mode left on: {stty}");
    assert!(words.contains(&"echo"), "echo left off: {stty}");
}

/// Whether process `pid` has ended (a zombie has: only its parent has yet to collect it).
pub fn ended(pid: &str) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(_) => true,
        // The state follows the command name in parentheses, which may hold spaces.
        Ok(stat) => stat.rsplit_once(')').is_some_and(|(_, rest)| rest.trim_start().starts_with('Z')),
    }
}

/// Kills the agentdeck process `pid` when dropped, should a failing test leave it running.
pub struct Reaper(pub String);

impl Drop for Reaper {
    fn drop(&mut self) {
        let comm = std::fs::read_to_string(format!("/proc/{}/comm", self.0)).unwrap_or_default();
        if !ended(&self.0) && comm.trim() == "agentdeck" {
            let _ = Command::new("kill").args(["-KILL", &self.0]).status();
        }
    }
}

/// Wait for `pid` to end (after `after`), failing if it still runs after [`PATIENCE`].
pub fn assert_ends(pid: &str, after: &str) {
    wait_until(&format!("agentdeck (pid {pid}) to end after {after}"), || ended(pid));
}
