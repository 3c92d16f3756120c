//! The one temporary world every run of the agentdeck binary in these tests goes through: a
//! temporary HOME with the XDG folders inside it and a git project beside it to work in, and
//! agentdeck started there with every variable it (or a program it starts) reads either set
//! into the sandbox or removed, so nothing of the developer's home, config or environment
//! reaches a test, and what agentdeck writes to its home and state stays in the sandbox.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

/// Variables that would let the developer's environment in: agentdeck's own (its config file,
/// log, debug switches, clipboard command, git time limit), Claude Code's (the listing budget,
/// its config folder), and those of the programs it starts or defers to (editor, pager,
/// colour, the X11 and Wayland clipboards, git, and the shells tests start, which would
/// source `BASH_ENV` or `ENV`). Removed from every run; a test that means one
/// sets it after [`Sandbox::command`]. (Every other `AGENTDECK_*` variable is removed too.)
pub const REMOVED: &[&str] = &[
    "AGENTDECK_CONFIG",
    "AGENTDECK_LOG",
    "AGENTDECK_DEBUG_PANIC",
    "AGENTDECK_DEBUG_HANG",
    "AGENTDECK_COPY_CMD",
    "AGENTDECK_GIT_TIMEOUT",
    "AGENTDECK_CLAUDE_CACHE",
    "SLASH_COMMAND_TOOL_CHAR_BUDGET",
    "CLAUDE_CONFIG_DIR",
    "NO_COLOR",
    "CLICOLOR",
    "CLICOLOR_FORCE",
    "EDITOR",
    "VISUAL",
    "PAGER",
    "LESS",
    "DISPLAY",
    "WAYLAND_DISPLAY",
    "GIT_DIR",
    "GIT_WORK_TREE",
    "BASH_ENV",
    "ENV",
];

/// The terminal's own variables: removed from runs outside a terminal (inside tmux agentdeck
/// hands copies to tmux, which would be the developer's), left to the pane for runs in one.
pub const TERMINAL_OWN: &[&str] = &["TMUX", "TMUX_PANE"];

/// The agentdeck binary under test.
pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_agentdeck")
}

pub struct Sandbox {
    pub dir: tempfile::TempDir,
    /// HOME; the XDG folders are inside it (`.config`, `.local/share`, `.local/state`, `.cache`).
    pub home: PathBuf,
    /// The working folder commands run in: a git project (it has `.git`).
    pub proj: PathBuf,
}

impl Default for Sandbox {
    fn default() -> Self {
        Sandbox::new()
    }
}

impl Sandbox {
    /// An empty home and an empty git project, side by side in a temporary folder.
    pub fn new() -> Sandbox {
        let dir = tempfile::tempdir().unwrap();
        // Canonical, so paths agentdeck prints (it resolves symlinks) are these.
        let root = dir.path().canonicalize().unwrap();
        let home = root.join("home");
        let proj = root.join("project");
        std::fs::create_dir_all(&home).unwrap();
        std::fs::create_dir_all(proj.join(".git")).unwrap();
        Sandbox { dir, home, proj }
    }

    /// The temporary folder holding the home and the project.
    pub fn root(&self) -> &Path {
        self.home.parent().unwrap()
    }

    pub fn config_home(&self) -> PathBuf {
        self.home.join(".config")
    }
    pub fn data_home(&self) -> PathBuf {
        self.home.join(".local/share")
    }
    pub fn state_home(&self) -> PathBuf {
        self.home.join(".local/state")
    }
    pub fn cache_home(&self) -> PathBuf {
        self.home.join(".cache")
    }

    /// What every run gets: each variable set (`Some`) or removed (`None`).
    pub fn env(&self) -> Vec<(OsString, Option<OsString>)> {
        let mut env: Vec<(OsString, Option<OsString>)> = std::env::vars_os()
            .filter(|(k, _)| k.to_string_lossy().starts_with("AGENTDECK_"))
            .map(|(k, _)| (k, None))
            .collect();
        env.extend(REMOVED.iter().map(|k| (OsString::from(k), None)));
        for (k, v) in [
            ("HOME", self.home.clone()),
            ("XDG_CONFIG_HOME", self.config_home()),
            ("XDG_DATA_HOME", self.data_home()),
            ("XDG_STATE_HOME", self.state_home()),
            ("XDG_CACHE_HOME", self.cache_home()),
            ("GIT_CONFIG_GLOBAL", PathBuf::from("/dev/null")),
            ("GIT_CONFIG_NOSYSTEM", PathBuf::from("1")),
        ] {
            env.push((k.into(), Some(v.into_os_string())));
        }
        env
    }

    /// Give `cmd` (agentdeck, or a script or wrapper that runs it) the sandbox's environment,
    /// outside any terminal multiplexer.
    pub fn isolate<'c>(&self, cmd: &'c mut Command) -> &'c mut Command {
        for k in TERMINAL_OWN {
            cmd.env_remove(k);
        }
        for (k, v) in self.env() {
            match v {
                Some(v) => cmd.env(k, v),
                None => cmd.env_remove(k),
            };
        }
        cmd
    }

    /// agentdeck, not started yet, to run in the project with the sandbox's environment and
    /// stdin empty.
    pub fn command(&self) -> Command {
        let mut c = Command::new(bin());
        self.isolate(&mut c).current_dir(&self.proj).stdin(Stdio::null());
        c
    }

    /// agentdeck with `args`, run in `cwd`, not started yet.
    pub fn command_in(&self, cwd: &Path, args: &[&str]) -> Command {
        let mut c = self.command();
        c.args(args).current_dir(cwd);
        c
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.run_in(&self.proj, args)
    }

    pub fn run_in(&self, cwd: &Path, args: &[&str]) -> Output {
        self.command_in(cwd, args).output().unwrap()
    }

    /// agentdeck started in the project, its output discarded.
    pub fn spawn(&self, args: &[&str]) -> Child {
        self.command_in(&self.proj, args).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap()
    }

    /// `env` with the words that give a shell command the sandbox's environment (variables
    /// removed with `-u`, then those set), for a terminal in tmux. The terminal's own
    /// variables (TERM, TMUX) are left to the pane.
    pub fn env_words(&self) -> String {
        let env = self.env();
        let mut words = vec!["env".to_string()];
        words.extend(env.iter().filter(|(_, v)| v.is_none()).map(|(k, _)| format!("-u {}", k.to_string_lossy())));
        words.extend(env.iter().filter_map(|(k, v)| {
            v.as_ref().map(|v| format!("{}={}", k.to_string_lossy(), quote(&v.to_string_lossy())))
        }));
        words.join(" ")
    }

    /// A shell command line (for a terminal in tmux) running agentdeck with `args` (shell
    /// words) in the project with the sandbox's environment; `extra` is more `env` words
    /// (`NAME=value`, `-u NAME`) applied after the sandbox's.
    pub fn shell(&self, extra: &str, args: &str) -> String {
        self.line(&self.proj, "", extra, args)
    }

    /// [`Sandbox::shell`] run in `cwd`.
    pub fn shell_in(&self, cwd: &Path, extra: &str, args: &str) -> String {
        self.line(cwd, "", extra, args)
    }

    /// [`Sandbox::shell`] with agentdeck in the shell's place (`exec`): the pane's own process.
    pub fn exec(&self, extra: &str, args: &str) -> String {
        self.line(&self.proj, "exec ", extra, args)
    }

    fn line(&self, cwd: &Path, exec: &str, extra: &str, args: &str) -> String {
        let extra = if extra.is_empty() { String::new() } else { format!(" env {extra}") };
        format!("cd {} && {exec}{}{extra} {} {args}", quote(&cwd.to_string_lossy()), self.env_words(), quote(bin()))
    }

    pub fn agents(&self) -> PathBuf {
        self.proj.join(".claude/agents")
    }

    /// Write `text` at `rel` below the temporary folder (`project/...`, `home/...`, or beside
    /// them), making the folders; the file's path.
    pub fn write(&self, rel: &str, text: &str) -> PathBuf {
        let p = self.root().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, text).unwrap();
        p
    }

    /// The JSON a run prints (`list --json`, `show --json`), or a panic naming its stderr.
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let out = self.run(args);
        serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{args:?}: {e}; stderr: {}", String::from_utf8_lossy(&out.stderr)))
    }

    /// Loading the real locations of this project and home in the library, as a run of the
    /// binary in the project would, without any collection.
    pub fn request(&self) -> agentdeck::catalog::load::LoadRequest {
        agentdeck::catalog::load::LoadRequest {
            cwd: Some(self.proj.clone()),
            home: Some(self.home.clone()),
            collections: Some(Vec::new()),
            ..Default::default()
        }
    }

    /// A file outside the project, in the home's `downloads`, to install from.
    pub fn source(&self, file: &str, text: &str) -> PathBuf {
        let dir = self.home.join("downloads");
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join(file);
        std::fs::write(&p, text).unwrap();
        p
    }

    pub fn journal(&self) -> PathBuf {
        self.state_home().join("agentdeck/journal")
    }

    /// The files in the journal folder, by name.
    pub fn journal_names(&self) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(self.journal())
            .map(|rd| rd.filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().into_owned()).collect())
            .unwrap_or_default();
        v.sort();
        v
    }
}

/// `s` as one shell word.
pub fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// A stream as text.
pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

pub fn agent(name: &str, description: &str, body: &str) -> String {
    format!("---\nname: {name}\ndescription: {description}\nmodel: sonnet\n---\n{body}\n")
}

pub fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

pub fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// agentdeck's temporary files anywhere below `root`.
pub fn temp_files(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else { continue };
        for e in rd.filter_map(|e| e.ok()) {
            let p = e.path();
            if e.file_type().is_ok_and(|t| t.is_dir()) {
                stack.push(p);
            } else if e.file_name().to_string_lossy().starts_with(".agentdeck-") {
                out.push(p);
            }
        }
    }
    out
}
