//! Putting text on the user's clipboard from a terminal program, which has no single right
//! way: an OSC 52 escape (works over SSH and in most terminals) plus the platform's tool
//! (`wl-copy`, `xclip`/`xsel`, `pbcopy`, `clip.exe`), or the user's own command in
//! `AGENTDECK_COPY_CMD`. Inside tmux, whose default `set-clipboard external` drops an
//! application's OSC 52, the text goes to tmux itself (`tmux load-buffer -w -`), which keeps it
//! in its paste buffer and offers it to the terminal as its `set-clipboard` allows. The result
//! is a report for the status line saying what went where, and only what is known: a tool's
//! exit status is, whether a terminal took an OSC 52 sequence is not, and the report says so.
//!
//! A tool gets [`HELPER_LIMIT`] and is then killed and reported as failed: one that never
//! reads its input or never exits must not hold the caller. The browser runs the tool on a
//! thread of its own, so its input is never blocked either.
//!
//! The copied text is the user's data and is not sanitised; it reaches the terminal only
//! inside the base64 payload of the OSC 52 sequence.

use base64::Engine;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Base64 payloads larger than this are not sent by OSC 52 (many terminals drop them).
pub const OSC52_LIMIT: usize = 100_000;

/// How long a clipboard tool may take before it is stopped and reported as failed.
pub const HELPER_LIMIT: Duration = Duration::from_secs(5);

/// What a copy did, for the status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopyReport {
    /// What was copied: "prompt", "file", ...
    pub what: String,
    pub bytes: usize,
    pub lines: usize,
    /// Where the text surely went, as the report says it: "with xclip", "into tmux's paste
    /// buffer (...)".
    pub routes: Vec<String>,
    /// An OSC 52 sequence was written to the terminal (whether the terminal's clipboard took
    /// it cannot be known).
    pub osc52_sent: bool,
    /// Why other routes did not: "xclip failed: exit status 1", "too big for OSC 52 (130 KB)".
    pub problems: Vec<String>,
    /// The clipboard tool (or `AGENTDECK_COPY_CMD`) failed or ran out of time.
    pub helper_failed: bool,
}

impl CopyReport {
    /// A report of nothing done yet.
    pub fn new(what: &str, text: &str) -> CopyReport {
        CopyReport {
            what: what.to_string(),
            bytes: text.len(),
            lines: text.lines().count(),
            routes: Vec::new(),
            osc52_sent: false,
            problems: Vec::new(),
            helper_failed: false,
        }
    }

    /// True when a route took the text, or it was sent by OSC 52.
    pub fn ok(&self) -> bool {
        !self.routes.is_empty() || self.osc52_sent
    }

    /// True when a route took the text and no tool failed: anything else is shown as an error.
    pub fn complete(&self) -> bool {
        self.ok() && !self.helper_failed
    }

    /// Record how OSC 52 went.
    pub fn osc52(&mut self, result: Result<(), String>) {
        match result {
            Ok(()) => self.osc52_sent = true,
            Err(why) => self.problems.push(why),
        }
    }

    /// Record how handing the text to tmux went; `set_clipboard` is tmux's option of that
    /// name, which decides whether tmux passes the buffer on to the terminal.
    pub fn tmux(&mut self, result: Result<(), String>, set_clipboard: Option<&str>) {
        let Err(why) = result else {
            let onward = match set_clipboard {
                Some("off") => " (tmux's set-clipboard is off: not passed on to the terminal's clipboard)".to_string(),
                Some(v) => format!(" (tmux offers it to the terminal's clipboard: set-clipboard {v})"),
                None => String::new(),
            };
            self.routes.push(format!("into tmux's paste buffer{onward}"));
            return;
        };
        self.problems.push(format!("tmux load-buffer failed: {why}"));
        self.helper_failed = true;
    }

    /// Record how the tool `name` went.
    pub fn helper(&mut self, name: &str, result: Result<(), String>) {
        match result {
            Ok(()) => self.routes.push(format!("with {name}")),
            Err(why) => {
                self.problems.push(format!("{name} failed: {why}"));
                self.helper_failed = true;
            }
        }
    }
}
impl std::fmt::Display for CopyReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let bytes = crate::text::plural::verb(self.bytes, "byte", "bytes");
        let size = format!(
            "{} {bytes}, {}",
            crate::text::plural::thousands(self.bytes),
            crate::text::plural::count(self.lines, "line")
        );
        if !self.routes.is_empty() {
            write!(f, "copied {} ({size}) {}", self.what, self.routes.join(" and "))?;
            if self.osc52_sent {
                write!(f, "; also sent to the terminal by OSC 52")?;
            }
        } else if self.osc52_sent {
            write!(
                f,
                "sent {} ({size}) to the terminal by OSC 52: on the clipboard only if the terminal allows OSC 52",
                self.what
            )?;
        } else {
            write!(f, "could not copy {} ({size})", self.what)?;
        }
        if !self.problems.is_empty() {
            write!(f, "; {}", self.problems.join("; "))?;
        }
        Ok(())
    }
}

/// The parts of the environment that decide the routes; tests build their own.
#[derive(Debug, Clone)]
pub struct ClipEnv {
    /// `AGENTDECK_COPY_CMD`: run with `sh -c`, text on stdin.
    pub copy_cmd: Option<String>,
    pub wayland: bool,
    pub x11: bool,
    /// Running inside tmux (`TMUX` set): the text goes to tmux, not by OSC 52.
    pub tmux: bool,
    /// Folders to look for tools in (`PATH`).
    pub path: Vec<PathBuf>,
    /// How long the tool may take ([`HELPER_LIMIT`]).
    pub limit: Duration,
    /// Run the tool in a process group of its own (the browser): it cannot read the terminal
    /// (it would stop), the terminal's signals do not reach it, and when it runs out of time
    /// the whole group is killed, with anything it started. Tools still running when the
    /// browser ends are killed by [`stop_running_tools`]. Without it (the command line), the
    /// tool shares our group, so Ctrl-C or a hangup ends it with us.
    pub own_group: bool,
}

impl Default for ClipEnv {
    fn default() -> Self {
        ClipEnv {
            copy_cmd: None,
            wayland: false,
            x11: false,
            tmux: false,
            path: Vec::new(),
            limit: HELPER_LIMIT,
            own_group: false,
        }
    }
}

impl ClipEnv {
    /// Read the process environment.
    pub fn from_process() -> ClipEnv {
        let set = |k: &str| std::env::var_os(k).is_some_and(|v| !v.is_empty());
        ClipEnv {
            copy_cmd: std::env::var("AGENTDECK_COPY_CMD").ok().filter(|c| !c.trim().is_empty()),
            wayland: set("WAYLAND_DISPLAY"),
            x11: set("DISPLAY"),
            tmux: set("TMUX"),
            path: std::env::var_os("PATH").map(|p| std::env::split_paths(&p).collect()).unwrap_or_default(),
            limit: HELPER_LIMIT,
            own_group: false,
        }
    }

    fn has(&self, tool: &str) -> bool {
        self.find(tool).is_some()
    }

    fn find(&self, tool: &str) -> Option<PathBuf> {
        self.path.iter().map(|dir| dir.join(tool)).find(|p| is_executable(p))
    }

    /// Whether OSC 52 is sent: not inside tmux, where tmux gets the text itself (unless there
    /// is no `tmux` to run).
    pub fn sends_osc52(&self) -> bool {
        !self.tmux || !self.has("tmux")
    }

    /// Every tool to run: tmux's `load-buffer` inside tmux, then [`ClipEnv::helper`].
    pub fn helpers(&self) -> Vec<Helper> {
        let tmux = self.tmux.then(|| self.find("tmux")).flatten().map(|program| Helper {
            name: "tmux".into(),
            program: program.to_string_lossy().into_owned(),
            args: ["load-buffer", "-w", "-"].map(String::from).to_vec(),
            limit: self.limit,
            own_group: self.own_group,
        });
        tmux.into_iter().chain(self.helper()).collect()
    }

    /// The tool to run besides OSC 52: the user's command, else the platform's.
    pub fn helper(&self) -> Option<Helper> {
        if let Some(cmd) = &self.copy_cmd {
            let args = vec!["-c".to_string(), cmd.clone()];
            let name = "AGENTDECK_COPY_CMD".into();
            return Some(Helper { name, program: "sh".into(), args, limit: self.limit, own_group: self.own_group });
        }
        let candidates: [(bool, &'static str, &'static [&'static str]); 5] = [
            (self.wayland, "wl-copy", &[]),
            (self.x11, "xclip", &["-selection", "clipboard"]),
            (self.x11, "xsel", &["--clipboard", "--input"]),
            (true, "pbcopy", &[]),
            (true, "clip.exe", &[]),
        ];
        let (_, name, args) = candidates.into_iter().find(|(ok, name, _)| *ok && self.has(name))?;
        let args = args.iter().map(|a| a.to_string()).collect();
        Some(Helper { name: name.into(), program: name.into(), args, limit: self.limit, own_group: self.own_group })
    }
}

fn is_executable(path: &Path) -> bool {
    path.is_file()
}

/// A clipboard tool to run with the text on its standard input.
#[derive(Debug, Clone)]
pub struct Helper {
    /// How the report names it: "xclip", "AGENTDECK_COPY_CMD".
    pub name: String,
    program: String,
    args: Vec<String>,
    limit: Duration,
    own_group: bool,
}

/// The process groups of tools running in groups of their own, for [`stop_running_tools`].
static RUNNING: Mutex<Vec<i32>> = Mutex::new(Vec::new());

/// Kill every tool still running in a group of its own (see [`ClipEnv::own_group`]): the
/// browser is ending, and no process outlives it for long.
pub fn stop_running_tools() {
    // try_lock: this may run while another thread is stuck, never wait for it.
    if let Ok(groups) = RUNNING.try_lock() {
        for &group in groups.iter() {
            // SAFETY: kill only sends a signal, to a group a tool of ours leads.
            unsafe {
                libc::kill(-group, libc::SIGKILL);
            }
        }
    }
}

impl Helper {
    /// Whether this is tmux's `load-buffer`.
    pub fn is_tmux(&self) -> bool {
        self.name == "tmux"
    }

    /// tmux's `set-clipboard` option (`off`, `external`, `on`), asked of the tmux that took
    /// the text; `None` when it does not answer.
    fn tmux_set_clipboard(&self) -> Option<String> {
        let out = Command::new(&self.program)
            .args(["show-options", "-sv", "set-clipboard"])
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output()
            .ok()?;
        let v = String::from_utf8_lossy(&out.stdout).trim().to_string();
        (out.status.success() && !v.is_empty()).then_some(v)
    }

    /// Run the tool with `text` on stdin, its output discarded, for at most its time limit
    /// (then it is killed). The text is written from a thread of its own, so a tool that
    /// never reads cannot hold us.
    pub fn run(&self, text: &str) -> Result<(), String> {
        use std::os::unix::process::CommandExt;
        let mut cmd = Command::new(&self.program);
        cmd.args(&self.args).stdin(Stdio::piped()).stdout(Stdio::null()).stderr(Stdio::null());
        if self.own_group {
            cmd.process_group(0);
        }
        let mut child = cmd.spawn().map_err(|e| e.to_string())?;
        let group = i32::try_from(child.id()).ok().filter(|_| self.own_group);
        if let (Some(g), Ok(mut running)) = (group, RUNNING.lock()) {
            running.push(g);
        }
        let result = self.feed_and_wait(&mut child, text, group);
        if let (Some(g), Ok(mut running)) = (group, RUNNING.lock()) {
            running.retain(|&r| r != g);
        }
        result
    }

    fn feed_and_wait(&self, child: &mut std::process::Child, text: &str, group: Option<i32>) -> Result<(), String> {
        let (tx, written) = std::sync::mpsc::channel();
        if let Some(mut stdin) = child.stdin.take() {
            let bytes = text.as_bytes().to_vec();
            std::thread::spawn(move || {
                let _ = tx.send(stdin.write_all(&bytes));
            });
        } else {
            let _ = tx.send(Ok(()));
        }
        let deadline = Instant::now() + self.limit;
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break status,
                Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(10)),
                Ok(None) => return Err(self.stop(child, group)),
                Err(e) => return Err(e.to_string()),
            }
        };
        // Something the tool started may still hold the pipe without reading it.
        let left = deadline.saturating_duration_since(Instant::now());
        let written = match written.recv_timeout(left) {
            Ok(result) => result,
            Err(_) => return Err(self.stop(child, group)),
        };
        // A tool that exits early closes the pipe; its exit status says more than EPIPE does.
        match (status.success(), written) {
            (false, _) => Err(status.to_string()),
            (true, Err(e)) => Err(e.to_string()),
            (true, Ok(())) => Ok(()),
        }
    }

    /// Kill the tool (and its process group, when it leads one) and reap it; the reason, for
    /// the report.
    fn stop(&self, child: &mut std::process::Child, group: Option<i32>) -> String {
        if let Some(g) = group {
            // SAFETY: kill only sends a signal, to the group the child leads.
            unsafe {
                libc::kill(-g, libc::SIGKILL);
            }
        }
        let _ = child.kill();
        let _ = child.wait();
        format!("did not finish within {} s; stopped it", self.limit.as_secs_f32())
    }
}

/// Copy `text` by every route the process environment allows. OSC 52 goes to the terminal,
/// `/dev/tty`, never to standard output (which may be a file or a pipe); without a terminal
/// that route is out.
pub fn copy(text: &str, what: &str) -> CopyReport {
    let env = ClipEnv::from_process();
    match std::fs::OpenOptions::new().write(true).open("/dev/tty") {
        Ok(mut tty) => copy_with(text, what, &env, &mut tty),
        Err(_) => {
            let mut report = CopyReport::new(what, text);
            if env.sends_osc52() {
                report.osc52(Err("no terminal for OSC 52".into()));
            }
            run_helpers(&mut report, text, &env);
            report
        }
    }
}

/// [`copy`] with the environment and the terminal given.
pub fn copy_with(text: &str, what: &str, env: &ClipEnv, terminal: &mut dyn Write) -> CopyReport {
    let mut report = CopyReport::new(what, text);
    if env.sends_osc52() {
        report.osc52(write_osc52(text, terminal));
    }
    run_helpers(&mut report, text, env);
    report
}

/// Run the environment's tools (tmux's `load-buffer`, the clipboard tool), into `report`.
pub fn run_helpers(report: &mut CopyReport, text: &str, env: &ClipEnv) {
    for helper in env.helpers() {
        run_one(report, &helper, text);
    }
    tracing::debug!(%report, "copy");
}

/// Run one tool into `report`.
pub fn run_one(report: &mut CopyReport, helper: &Helper, text: &str) {
    let result = helper.run(text);
    if helper.is_tmux() {
        let set_clipboard = result.is_ok().then(|| helper.tmux_set_clipboard()).flatten();
        report.tmux(result, set_clipboard.as_deref());
    } else {
        report.helper(&helper.name, result);
    }
}

/// Send `text` to `terminal` by OSC 52, or say why not.
pub fn write_osc52(text: &str, terminal: &mut dyn Write) -> Result<(), String> {
    let seq = osc52_sequence(text)?;
    terminal.write_all(&seq).and_then(|()| terminal.flush()).map_err(|e| format!("OSC 52 failed: {e}"))
}

/// `ESC ] 52 ; c ; <base64> BEL`, or why it is not sent.
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A tool in a group of its own still running when the browser ends is killed, with what
    /// it started. (Here, not with the other tool tests: it kills every running tool.)
    #[test]
    fn tools_still_running_are_stopped_at_the_end() {
        let dir = tempfile::tempdir().unwrap();
        let pid_file = dir.path().join("pid");
        let cmd = format!("echo $$ > '{}'.tmp; mv '{0}'.tmp '{0}'; exec sleep 30", pid_file.display());
        let env = ClipEnv { copy_cmd: Some(cmd), own_group: true, ..ClipEnv::default() };
        let copying = std::thread::spawn(move || copy_with("text", "name", &env, &mut Vec::new()));
        let deadline = Instant::now() + Duration::from_secs(20);
        // Started, and known as running (the pid file can come before the registration).
        while !pid_file.exists() || RUNNING.lock().is_ok_and(|r| r.is_empty()) {
            assert!(Instant::now() < deadline, "the tool never started");
            std::thread::sleep(Duration::from_millis(10));
        }
        stop_running_tools();
        let report = copying.join().unwrap();
        assert!(report.helper_failed, "{report}");
        assert!(report.to_string().contains("AGENTDECK_COPY_CMD failed: signal: 9"), "{report}");
    }

    #[test]
    fn thousands_separators() {
        use crate::text::plural::thousands;
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(4210), "4,210");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
