//! Collections in the catalog and where installed agents came from: collection agents listed
//! in their own scope (never shadowing), install recording its origin in the state directory,
//! `modified` / `outdated` / `installed`, `upgrade` (with the three-way refusal over local
//! changes) and undo. Everything runs the binary with HOME and XDG_* in a temporary folder;
//! tests that run git use local bare repositories (`file://` URLs, no network) and are
//! `#[ignore = "needs git"]`.

use crate::harness::sandbox::Sandbox;
use crate::harness::upstream::{self, agent, git, rev, write};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// A sandbox: a home (every XDG folder inside it) and a project (a git repository) to run in.
struct World {
    sb: Sandbox,
}

impl World {
    fn new() -> World {
        World { sb: Sandbox::new() }
    }

    fn root(&self) -> &Path {
        self.sb.root()
    }

    fn home(&self) -> PathBuf {
        self.sb.home.clone()
    }

    fn project(&self) -> PathBuf {
        self.sb.proj.clone()
    }

    fn records(&self) -> PathBuf {
        self.sb.state_home().join("agentdeck/origins.json")
    }

    fn run(&self, args: &[&str]) -> (i32, String, String) {
        let out = self.sb.run(args);
        let text = |b: Vec<u8>| String::from_utf8(b).unwrap();
        (out.status.code().unwrap_or(-1), text(out.stdout), text(out.stderr))
    }

    /// Run, expecting exit 0.
    fn ok(&self, args: &[&str]) -> String {
        let (code, out, err) = self.run(args);
        assert_eq!(code, 0, "agentdeck {args:?}: {err}");
        out
    }

    fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.ok(args)).unwrap()
    }

    /// `(name, scope, collection, status)` of `list --json --query Q`.
    /// `list --json --query`: exit 0 with matches, 1 (and `[]`) without.
    fn listed(&self, query: &str) -> Vec<(String, String, Option<String>, Vec<String>)> {
        let (code, out, err) = self.run(&["list", "--json", "--query", query]);
        let list: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out} {err}"));
        let empty = list.as_array().is_some_and(Vec::is_empty);
        assert_eq!(code, if empty { 1 } else { 0 }, "list --query {query}: {err}");
        list.as_array()
            .unwrap()
            .iter()
            .map(|a| {
                let status = a["status"].as_array().unwrap().iter().map(|s| s.as_str().unwrap().to_string()).collect();
                (
                    a["name"].as_str().unwrap().to_string(),
                    a["scope"].as_str().unwrap().to_string(),
                    a["collection"].as_str().map(str::to_string),
                    status,
                )
            })
            .collect()
    }

    fn names(&self, query: &str) -> Vec<String> {
        self.listed(query).into_iter().map(|(n, ..)| n).collect()
    }

    fn installed(&self, name: &str) -> PathBuf {
        self.project().join(format!(".claude/agents/{name}.md"))
    }

    fn origin(&self, path: &Path) -> Value {
        self.json(&["show", &path.to_string_lossy(), "--json"])["origin"].clone()
    }
}

fn sha256(bytes: &[u8]) -> String {
    agentdeck::catalog::provenance::sha256_hex(bytes)
}

// Folder collections: no git needed.

/// A folder collection: a plain agent, one with a user agent's name, a plugin with an agent
/// and a command, a README, and a file Claude Code would skip.
fn folder_collection(w: &World) -> PathBuf {
    let c = w.root().join("team-agents");
    write(&c.join("eng/reviewer.md"), &agent("reviewer", "Reviews code."));
    write(&c.join("eng/helper.md"), &agent("helper", "The collection's helper."));
    write(&c.join("README.md"), "# Our agents\n\nNo frontmatter here.\n");
    write(&c.join("broken.md"), "---\nname: broken\n---\nno description\n");
    write(&c.join("plugins/kit/.claude-plugin/plugin.json"), r#"{"name": "kit"}"#);
    write(&c.join("plugins/kit/agents/tester.md"), &agent("tester", "Tests."));
    write(&c.join("plugins/kit/commands/go.md"), "---\ndescription: a command\n---\nGo.\n");
    write(&w.home().join(".claude/agents/helper.md"), &agent("helper", "My own helper."));
    w.ok(&["collection", "add", &c.to_string_lossy(), "--name", "team"]);
    c
}

#[test]
fn a_collection_is_listed_in_its_own_scope_and_never_shadows() {
    let w = World::new();
    folder_collection(&w);
    let all = w.listed("");
    let coll: Vec<_> = all.iter().filter(|a| a.1 == "collection").collect();
    let names: Vec<&str> = coll.iter().map(|a| a.0.as_str()).collect();
    assert_eq!(
        names,
        ["broken", "helper", "reviewer", "kit:tester"],
        "plugin agents are plugin:name; no README, no command"
    );
    assert!(coll.iter().all(|a| a.2.as_deref() == Some("team")), "labelled with the collection: {coll:?}");
    assert_eq!(all.first().map(|a| a.1.as_str()), Some("user"), "installed agents first: {all:?}");
    assert_eq!(w.names("scope:collection").len(), 4);
    let list = w.json(&["list", "--json"]);
    for a in list.as_array().unwrap() {
        assert!(a["shadowed_by"].is_null(), "{}: nothing shadows across a collection", a["path"]);
        assert_eq!(a["same_name"], 1, "{}", a["path"]);
    }
    // A name means the agent in use: the user's helper, not the collection's.
    let shown = w.json(&["show", "helper", "--json"]);
    assert_eq!(shown["scope"], "user");
    // Upstream's broken file does not fail this project's check.
    let (code, out, _) = w.run(&["check"]);
    assert_eq!(code, 0, "{out}");
    let table = w.ok(&["list"]);
    assert!(table.lines().any(|l| l.starts_with("reviewer") && l.contains("collection:team")), "{table}");
}

#[test]
fn install_from_a_folder_collection_records_its_origin_and_tracks_changes() {
    let w = World::new();
    let c = folder_collection(&w);
    // No --to: the config's [install] scope.
    write(&w.home().join(".config/agentdeck/config.toml"), "[install]\nscope = \"project\"\n");
    let (code, _, err) = w.run(&["install", "reviewer"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("records that it came from the collection team"), "{err}");
    let dest = w.installed("reviewer");
    let bytes = std::fs::read(&dest).unwrap();
    assert_eq!(bytes, std::fs::read(c.join("eng/reviewer.md")).unwrap(), "byte for byte");
    let origin = w.origin(&dest);
    assert_eq!(origin["collection"], "team");
    assert_eq!(origin["path"], "eng/reviewer.md");
    assert_eq!(origin["sha256"], sha256(&bytes));
    assert_eq!(origin["recorded"], true);
    assert!(w.records().is_file(), "the record is in the state directory");
    assert!(!String::from_utf8(bytes).unwrap().contains("team"), "not in the agent file");
    assert_eq!(w.names("is:installed"), ["reviewer"], "the collection's reviewer is installed");
    assert!(w.names("is:outdated").is_empty() && w.names("is:modified").is_empty());

    // A folder's files change without a commit: upstream changed.
    write(&c.join("eng/reviewer.md"), &agent("reviewer", "Reviews code, better."));
    assert_eq!(w.names("is:outdated"), ["reviewer"]);
    let listed = w.listed("is:outdated");
    assert_eq!((listed[0].1.as_str(), listed[0].3.as_slice()), ("project", &["outdated".to_string()][..]));
    w.ok(&["upgrade"]);
    assert!(std::fs::read_to_string(&dest).unwrap().contains("better"));
    assert!(w.names("is:outdated").is_empty());
    assert_eq!(w.origin(&dest)["sha256"], sha256(&std::fs::read(&dest).unwrap()), "the record moved with it");

    // A local edit is modified, and not outdated while upstream stays.
    std::fs::write(&dest, format!("{}\nMine.\n", std::fs::read_to_string(&dest).unwrap())).unwrap();
    assert_eq!(w.names("is:modified"), ["reviewer"]);
    assert!(w.names("is:outdated").is_empty());
}

#[test]
fn identical_bytes_without_a_record_are_recognised() {
    let w = World::new();
    let c = folder_collection(&w);
    let copy = w.home().join(".claude/agents/reviewer.md");
    std::fs::copy(c.join("eng/reviewer.md"), &copy).unwrap();
    let origin = w.origin(&copy);
    assert_eq!(origin["path"], "eng/reviewer.md");
    assert_eq!(origin["recorded"], false);
    let listed = w.listed("is:installed");
    assert_eq!(listed.len(), 1);
    assert_eq!((listed[0].0.as_str(), listed[0].2.as_deref()), ("reviewer", Some("team")));
    // A file of that name with other bytes is no copy.
    std::fs::write(&copy, agent("reviewer", "Someone else's.")).unwrap();
    assert!(w.origin(&copy).is_null());
    assert!(w.names("is:installed").is_empty());
}

#[test]
fn removing_an_installed_agent_drops_its_record_and_undo_brings_both_back() {
    let w = World::new();
    folder_collection(&w);
    w.ok(&["install", "reviewer", "--to", "project"]);
    let dest = w.installed("reviewer");
    let records = std::fs::read(w.records()).unwrap();
    w.ok(&["rm", &dest.to_string_lossy()]);
    assert!(!dest.exists());
    let after = std::fs::read_to_string(w.records()).unwrap();
    assert!(!after.contains("reviewer.md"), "{after}");
    w.ok(&["undo"]);
    assert!(dest.exists());
    assert_eq!(std::fs::read(w.records()).unwrap(), records, "one step: the record came back with the file");
    w.ok(&["undo"]);
    assert!(!dest.exists() && !w.records().exists(), "undoing the install takes the record too");
}

#[test]
fn a_dry_run_shows_the_record_in_a_line_and_writes_nothing() {
    let w = World::new();
    folder_collection(&w);
    let (code, out, err) = w.run(&["install", "reviewer", "--to", "project", "--dry-run"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("+name: reviewer"), "{out}");
    assert!(out.contains("origin records (") && out.contains("team eng/reviewer.md"), "{out}");
    assert!(!out.contains("\"installed\""), "no JSON in the diff: {out}");
    assert!(!w.installed("reviewer").exists() && !w.records().exists());
}

#[test]
fn upgrade_of_an_agent_with_no_origin_is_refused_plainly() {
    let w = World::new();
    write(&w.installed("mine"), &agent("mine", "Mine."));
    let (code, _, err) = w.run(&["upgrade", "mine"]);
    assert_eq!(code, 2);
    assert!(err.contains("did not come from a collection"), "{err}");
    let (code, _, err) = w.run(&["upgrade"]);
    assert_eq!(code, 0);
    assert!(err.contains("no installed agent is behind its collection"), "{err}");
}

// Git collections: local bare repositories.

/// Upstream's work tree (two agents, one commit), its bare clone, and the collection `demo`.
fn git_collection(w: &World) -> PathBuf {
    let (up, bare) = upstream::upstream(w.root());
    let url = format!("file://{}", bare.display());
    w.ok(&["collection", "add", &url, "--name", "demo"]);
    up
}

/// Push a change upstream and fetch it into the collection `demo`.
fn push(w: &World, up: &Path, file: &str, text: &str) {
    upstream::push(up, file, text);
    w.ok(&["collection", "update", "demo"]);
}

#[test]
#[ignore = "needs git"]
fn install_from_a_git_collection_then_upgrade_and_undo() {
    let w = World::new();
    let up = git_collection(&w);
    let first = rev(&up);
    assert_eq!(w.names("scope:collection"), ["one", "two"]);
    w.ok(&["install", "one", "--to", "project"]);
    let dest = w.installed("one");
    let origin = w.origin(&dest);
    assert_eq!(origin["collection"], "demo");
    assert_eq!(origin["source"], format!("file://{}", w.root().join("up.git").display()));
    assert_eq!(origin["commit"], first.as_str());
    assert_eq!(origin["path"], "agents/one.md");
    assert_eq!(origin["sha256"], sha256(&std::fs::read(&dest).unwrap()));
    assert!(w.names("is:outdated").is_empty(), "upstream has not changed");

    // Upstream changes: outdated only once the collection is updated.
    write(&up.join("agents/one.md"), &agent("one", "Version two."));
    git(&up, &["commit", "-qam", "two"]);
    git(&up, &["push", "-q", "../up.git", "HEAD:main"]);
    assert!(w.names("is:outdated").is_empty(), "not fetched yet");
    w.ok(&["collection", "update", "demo"]);
    let second = rev(&up);
    assert_eq!(w.names("is:outdated"), ["one"]);

    // A dry run shows the change and writes nothing.
    let before = std::fs::read(&dest).unwrap();
    let (code, out, _) = w.run(&["upgrade", "--dry-run"]);
    assert_eq!(code, 0);
    assert!(out.contains("-description: Version one.") && out.contains("+description: Version two."), "{out}");
    assert_eq!(std::fs::read(&dest).unwrap(), before);

    w.ok(&["upgrade", "one"]);
    assert!(std::fs::read_to_string(&dest).unwrap().contains("Version two."));
    assert_eq!(w.origin(&dest)["commit"], second.as_str(), "the record follows upstream");
    assert!(w.names("is:outdated").is_empty());

    // Undo: the old version and the old record, together.
    w.ok(&["undo"]);
    assert_eq!(std::fs::read(&dest).unwrap(), before);
    assert_eq!(w.origin(&dest)["commit"], first.as_str());
    assert_eq!(w.names("is:outdated"), ["one"]);
}

#[test]
#[ignore = "needs git"]
fn a_local_edit_and_an_upstream_change_are_refused_without_replace() {
    let w = World::new();
    let up = git_collection(&w);
    w.ok(&["install", "one", "--to", "project"]);
    let dest = w.installed("one");
    let mine = format!("{}Local rule.\n", std::fs::read_to_string(&dest).unwrap());
    std::fs::write(&dest, &mine).unwrap();
    push(&w, &up, "agents/one.md", &agent("one", "Version two."));
    let listed = w.listed("is:modified");
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].3, ["outdated", "modified"]);

    let (code, out, err) = w.run(&["upgrade", "one"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(std::fs::read_to_string(&dest).unwrap(), mine, "never overwritten silently");
    // The three-way picture: your change and upstream's, each against what was installed.
    let (yours, theirs) = out.split_once("upstream's changes").expect("both halves");
    assert!(yours.contains("your changes") && yours.contains("+Local rule."), "{out}");
    assert!(!yours.contains("Version two."), "{out}");
    assert!(theirs.contains("-description: Version one.") && theirs.contains("+description: Version two."), "{out}");
    assert!(!theirs.contains("Local rule."), "{out}");
    assert!(err.contains("--replace"), "{err}");

    // --replace takes upstream's; undo brings the local edit back.
    w.ok(&["upgrade", "one", "--replace"]);
    assert!(std::fs::read_to_string(&dest).unwrap().contains("Version two."));
    assert!(w.names("is:modified").is_empty() && w.names("is:outdated").is_empty());
    w.ok(&["undo"]);
    assert_eq!(std::fs::read_to_string(&dest).unwrap(), mine);
}

#[test]
#[ignore = "needs git"]
fn collection_agents_are_never_written() {
    let w = World::new();
    git_collection(&w);
    let clone = w.home().join(".local/share/agentdeck/collections/demo/agents/one.md");
    let before = std::fs::read(&clone).unwrap();
    let (code, _, err) = w.run(&["rm", &clone.to_string_lossy()]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("clone of a collection"), "{err}");
    assert_eq!(std::fs::read(&clone).unwrap(), before);
}

#[cfg(unix)]
#[test]
fn a_collection_never_leads_outside_its_folder() {
    let w = World::new();
    let c = folder_collection(&w);
    let secret = w.root().join("secret.md");
    write(&secret, &agent("leak", "PRIVATE KEY"));
    std::os::unix::fs::symlink(&secret, c.join("eng/leak.md")).unwrap();
    let (_, _, err) = w.run(&["list"]);
    assert!(err.contains("leak.md is a symlink to") && err.contains("outside"), "named: {err}");
    assert!(!w.names("").contains(&"leak".to_string()), "not listed");
    let (code, _, _) = w.run(&["install", "leak", "--to", "project"]);
    assert_ne!(code, 0);
    assert!(!w.installed("leak").exists());

    // Upstream turns an installed agent into a link to somewhere else: upgrade never copies it.
    assert_eq!(w.run(&["install", "reviewer", "--to", "project"]).0, 0);
    let mine = std::fs::read(w.installed("reviewer")).unwrap();
    std::fs::remove_file(c.join("eng/reviewer.md")).unwrap();
    std::os::unix::fs::symlink(&secret, c.join("eng/reviewer.md")).unwrap();
    let (code, _, err) = w.run(&["upgrade", "reviewer"]);
    assert_ne!(code, 0, "{err}");
    assert!(err.contains("outside"), "the reason is named: {err}");
    assert_eq!(std::fs::read(w.installed("reviewer")).unwrap(), mine, "{err}");
}
