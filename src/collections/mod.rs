//! Collections: sets of agents published by others (a git repository such as wshobson/agents,
//! or any folder), registered once and then browsed, installed from and kept up to date.
//!
//! A git URL is cloned shallowly with the system `git` into the data directory
//! (`$XDG_DATA_HOME/agentdeck/collections/NAME`); that clone is ours, a read-only mirror of
//! upstream's tip, so `update` fetches the tip and resets to it (a shallow clone has no common
//! history to fast-forward over, and a mirror has nothing local to keep). A folder is read
//! where it is and never written.
//!
//! The registry is a JSON file beside the clones (`collections.json`), not the user's config:
//! it records state that changes on every update (the commit, the times), and a config file
//! kept in dotfiles should not churn. The config's `[[collection]]` entries add to it: a
//! folder there is used as is, a URL is cloned by the next `collection update`.

pub mod git;
mod registry;

pub use agentdeck_core::catalog::collection::{Collection, Kind, Upstream};
pub use agentdeck_core::catalog::plugins::{Plugin, plugins_in};
pub use registry::{CollectionError, Record, Removed, Store, Updated};

use crate::env::Env;
use std::path::{Path, PathBuf};

/// Every collection: the registered ones, then the config's folders (its URLs once cloned),
/// with what went wrong reading the registry or the config's entries (a damaged registry
/// gives none of its entries).
pub fn registered_with_notices(env: &Env) -> (Vec<Collection>, Vec<String>) {
    match Store::open(env) {
        Ok(store) => store.all(),
        Err(e) => (Vec::new(), vec![e.to_string()]),
    }
}

/// The user's registry file (`collections.json` in the data directory): a browser watches
/// it, so a collection added or updated elsewhere shows up.
pub fn registry_file(env: &Env) -> Option<PathBuf> {
    // Where `Store::open` keeps it, without reading the config file.
    Some(Store::at(env.data.as_deref()?, Vec::new()).registry_path())
}

/// The catalog's questions about commits, answered by the system `git`.
pub struct SystemGit;

impl agentdeck_core::catalog::collection::Git for SystemGit {
    fn head(&self, dir: &Path) -> Option<String> {
        git::head(dir)
    }

    fn file_at_commit(&self, root: &Path, rel_path: &Path, commit: &str) -> Option<Vec<u8>> {
        file_in_repo_at(root, rel_path, commit)
    }
}

/// [`SystemGit`] as the catalog takes it.
pub fn upstream() -> Upstream {
    Upstream::new(std::sync::Arc::new(SystemGit))
}

/// The commit a collection has checked out now, when it is in a git repository.
pub fn head(coll: &Collection) -> Option<String> {
    git::head(&coll.root)
}

/// The bytes of `rel_path` (relative to the collection's root) as they were at `commit`, read
/// from the repository with `git cat-file` (no filters, exact bytes); `None` when git, the
/// commit or the file is not there. Clones keep every commit they have seen, for three-way
/// upgrades.
pub fn file_at_commit(coll: &Collection, rel_path: &Path, commit: &str) -> Option<Vec<u8>> {
    file_in_repo_at(&coll.root, rel_path, commit)
}

/// [`file_at_commit`] for the repository holding `root`.
fn file_in_repo_at(root: &Path, rel_path: &Path, commit: &str) -> Option<Vec<u8>> {
    if !commit.bytes().all(|b| b.is_ascii_hexdigit()) || commit.is_empty() {
        return None;
    }
    let rel = rel_path.to_str()?.replace('\\', "/");
    if rel.split('/').any(|part| part == "..") || rel_path.is_absolute() {
        return None;
    }
    git::run(Some(root), &["cat-file", "blob", &format!("{commit}:./{rel}")]).ok()
}

/// The longest name a collection can have.
pub const MAX_NAME: usize = 64;

/// A collection's name is a folder name and a label: letters, digits, `-`, `_`, `.`,
/// starting with a letter or digit.
pub fn check_name(name: &str) -> Result<(), String> {
    let ok = name.len() <= MAX_NAME
        && name.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if ok {
        Ok(())
    } else {
        Err(format!(
            "'{name}' is not a valid collection name: use letters, digits, '-', '_' and '.', starting with a letter or digit, at most {MAX_NAME}"
        ))
    }
}

/// The name a source gets when none is given: `OWNER-REPO` for a hosted repository
/// (`https://github.com/wshobson/agents` is `wshobson-agents`: many collections are called
/// just `agents`, and the owner tells them apart), the last part otherwise (a folder, a
/// `file://` URL or a local repository: `/tmp/up.git` is `up`).
pub fn default_name(source: &str) -> String {
    let trimmed = source.trim().trim_end_matches('/');
    let trimmed = trimmed.strip_suffix(".git").unwrap_or(trimmed).trim_end_matches('/');
    let hosted = (trimmed.contains("://") && !trimmed.starts_with("file://")) || scp_like(trimmed);
    let path = match trimmed.split_once("://") {
        Some((_, rest)) => rest.split_once('/').map_or("", |(_, p)| p),
        None if scp_like(trimmed) => trimmed.split_once(':').map_or("", |(_, p)| p),
        None => trimmed,
    };
    let parts: Vec<&str> = path.split(['/', '\\']).filter(|p| !p.is_empty()).collect();
    let raw = match parts.as_slice() {
        [.., owner, repo] if hosted => format!("{owner}-{repo}"),
        [.., last] => last.to_string(),
        [] => "collection".to_string(),
    };
    tidy_name(&raw)
}

/// Lowercase, other characters as `-`, no leading punctuation, at most [`MAX_NAME`].
fn tidy_name(raw: &str) -> String {
    let mut out = String::new();
    for c in raw.chars() {
        let c = if c.is_ascii_alphanumeric() || matches!(c, '_' | '.') { c.to_ascii_lowercase() } else { '-' };
        if !(c == '-' && out.ends_with('-')) {
            out.push(c);
        }
    }
    let out: String = out.trim_start_matches(|c: char| !c.is_ascii_alphanumeric()).chars().take(MAX_NAME).collect();
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() { "collection".into() } else { out }
}

/// `user@host:path` or `host:path`, the short ssh form git accepts.
fn scp_like(s: &str) -> bool {
    match s.split_once(':') {
        Some((host, path)) => host.len() > 1 && !host.contains('/') && !path.starts_with("//") && !path.is_empty(),
        None => false,
    }
}

/// Whether `source` is something only git can fetch: a URL, or the ssh short form.
pub fn looks_like_url(source: &str) -> bool {
    source.contains("://") || scp_like(source)
}

/// A bare repository (`git clone --bare`, `git init --bare`): cloned like a URL.
pub fn is_bare_repo(dir: &Path) -> bool {
    dir.join("HEAD").is_file()
        && dir.join("objects").is_dir()
        && dir.join("refs").is_dir()
        && !dir.join(".git").exists()
}

/// A folder source as written: `~` is the home folder, a relative path is relative to `base`.
pub fn expand(source: &str, base: &Path, home: Option<&Path>) -> PathBuf {
    let path = match source.strip_prefix('~') {
        Some("") => home.map_or_else(|| PathBuf::from(source), Path::to_path_buf),
        Some(rest) if rest.starts_with('/') => match home {
            Some(h) => h.join(rest.trim_start_matches('/')),
            None => PathBuf::from(source),
        },
        _ => PathBuf::from(source),
    };
    if path.is_absolute() { path } else { base.join(path) }
}

const SKIP_DIRS: &[&str] = &[".git", "node_modules", "target", ".hg", ".svn"];

/// How many agent files are below `root`: `*.md` files that open with a `---` frontmatter line
/// (a BOM allowed), in folders other than `.git`, `node_modules` and the like. Folder symlinks
/// are not followed (no loops), file symlinks are.
pub fn count_agents(root: &Path) -> usize {
    let mut count = 0;
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.filter_map(Result::ok) {
            let Ok(kind) = entry.file_type() else { continue };
            let path = entry.path();
            if kind.is_dir() {
                if !SKIP_DIRS.iter().any(|s| entry.file_name() == *s) {
                    stack.push(path);
                }
            } else if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("md")) && opens_frontmatter(&path) {
                count += 1;
            }
        }
    }
    count
}

fn opens_frontmatter(path: &Path) -> bool {
    use std::io::Read;
    if !std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
        return false;
    }
    let mut head = [0u8; 8];
    let Ok(mut file) = std::fs::File::open(path) else { return false };
    let mut n = 0;
    while n < head.len() {
        match file.read(&mut head[n..]) {
            Ok(0) | Err(_) => break,
            Ok(k) => n += k,
        }
    }
    let bytes = head[..n].strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&head[..n]);
    let line = bytes.strip_prefix(b"---").unwrap_or(b"x");
    line.starts_with(b"\n") || line.starts_with(b"\r\n") || (line.is_empty() && bytes.len() == 3)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_names_come_from_the_source() {
        assert_eq!(default_name("https://github.com/wshobson/agents"), "wshobson-agents");
        assert_eq!(default_name("https://github.com/wshobson/agents.git/"), "wshobson-agents");
        assert_eq!(default_name("git@github.com:contains-studio/agents.git"), "contains-studio-agents");
        assert_eq!(default_name("ssh://git@host:22/team/Claude_Agents"), "team-claude_agents");
        assert_eq!(default_name("file:///tmp/t/up.git"), "up");
        assert_eq!(default_name("/home/me/My Agents/"), "my-agents");
        assert_eq!(default_name("https://example.com"), "collection");
        assert_eq!(default_name("---"), "collection");
        for s in ["https://github.com/wshobson/agents", "/x/My Agents", "file:///a/.hidden.git", "~"] {
            assert_eq!(check_name(&default_name(s)), Ok(()), "{s}");
        }
    }

    #[test]
    fn names_are_checked() {
        for good in ["demo", "wshobson-agents", "a.b_c", "9"] {
            assert_eq!(check_name(good), Ok(()), "{good}");
        }
        for bad in ["", "-x", ".hidden", "a/b", "..", "a b", "é", &"x".repeat(65)] {
            assert!(check_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn urls_and_folders_are_told_apart() {
        assert!(looks_like_url("https://github.com/a/b"));
        assert!(looks_like_url("file:///tmp/x.git"));
        assert!(looks_like_url("git@github.com:a/b.git"));
        assert!(!looks_like_url("/tmp/folder"));
        assert!(!looks_like_url("./folder"));
        assert!(!looks_like_url("C:"));
    }

    #[test]
    fn file_at_commit_refuses_paths_outside_and_odd_commits() {
        let coll = Collection {
            name: "x".into(),
            source: "/nowhere".into(),
            root: PathBuf::from("/nowhere"),
            commit: None,
            kind: Kind::Folder,
            in_config: false,
        };
        assert_eq!(file_at_commit(&coll, Path::new("../etc/passwd"), "abc"), None);
        assert_eq!(file_at_commit(&coll, Path::new("a.md"), "HEAD --output=x"), None);
        assert_eq!(file_at_commit(&coll, Path::new("/etc/passwd"), "abc"), None);
    }
}
