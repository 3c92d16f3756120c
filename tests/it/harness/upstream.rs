//! Agent files and upstream git repositories for collection tests: a work tree with two
//! agents, its bare clone to serve as the collection's URL, and commits pushed to it.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Write `text` at `path`, making its folders.
pub fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A small valid agent file.
pub fn agent(name: &str, text: &str) -> String {
    format!("---\nname: {name}\ndescription: {text}\n---\nYou are {name}: {text}\n")
}

/// git with `args` in `dir`, not started yet: a fixed identity and no system or user
/// configuration (the developer's `~/.gitconfig` is never read).
pub fn git_command(dir: &Path, args: &[&str]) -> Command {
    let mut c = Command::new("git");
    c.args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@t")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@t")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null");
    c
}

/// Run git in `dir` (see [`git_command`]), which must succeed.
pub fn git(dir: &Path, args: &[&str]) {
    let out = git_command(dir, args).output().unwrap();
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// The commit `dir` is at.
pub fn rev(dir: &Path) -> String {
    let out = git_command(dir, &["rev-parse", "HEAD"]).output().unwrap();
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// In `root`: the upstream work tree `up` (agents/one.md and agents/two.md, one commit) and
/// its bare clone `up.git`.
pub fn upstream(root: &Path) -> (PathBuf, PathBuf) {
    let up = root.join("up");
    write(&up.join("agents/one.md"), &agent("one", "Version one."));
    write(&up.join("agents/two.md"), &agent("two", "Two."));
    git(&up, &["init", "-q", "-b", "main"]);
    git(&up, &["add", "-A"]);
    git(&up, &["commit", "-qm", "one"]);
    git(root, &["clone", "-q", "--bare", "up", "up.git"]);
    (up, root.join("up.git"))
}

/// Change `file` in the work tree, commit it and push it to `../up.git`.
pub fn push(up: &Path, file: &str, text: &str) {
    write(&up.join(file), text);
    git(up, &["commit", "-qam", "next"]);
    git(up, &["push", "-q", "../up.git", "HEAD:main"]);
}
