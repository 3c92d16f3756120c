//! A temporary home with a git project in it, and agentdeck run there as a user would: HOME
//! and the XDG folders point inside it, so the real home is never touched.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

pub struct World {
    pub dir: tempfile::TempDir,
    pub home: PathBuf,
    pub proj: PathBuf,
}

impl World {
    pub fn new() -> World {
        let dir = tempfile::tempdir().unwrap();
        let home = dir.path().join("home");
        let proj = dir.path().join("proj");
        std::fs::create_dir_all(&home).unwrap();
        std::fs::create_dir_all(proj.join(".git")).unwrap();
        World { dir, home, proj }
    }

    /// agentdeck with `args`, run in `cwd`, not started yet.
    pub fn command_in(&self, cwd: &Path, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_agentdeck"));
        c.args(args)
            .current_dir(cwd)
            .env("HOME", &self.home)
            .env("XDG_CONFIG_HOME", self.home.join(".config"))
            .env("XDG_DATA_HOME", self.home.join(".local/share"))
            .env("XDG_STATE_HOME", self.home.join(".local/state"))
            .env("XDG_CACHE_HOME", self.home.join(".cache"))
            .env_remove("AGENTDECK_CONFIG")
            .stdin(Stdio::null());
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

    pub fn agents(&self) -> PathBuf {
        self.proj.join(".claude/agents")
    }

    pub fn journal(&self) -> PathBuf {
        self.home.join(".local/state/agentdeck/journal")
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
