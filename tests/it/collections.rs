//! Collections: plugins and marketplaces read from small fixture trees, agent counting, and
//! `agentdeck collection add|list|update|remove` against local repositories (bare ones made
//! here, `file://` URLs, no network). Tests that run git are `#[ignore = "needs git"]`.

use crate::harness;

use crate::harness::sandbox::Sandbox;
use crate::harness::upstream::{agent, git_command, push, rev, upstream, write};

use agentdeck::collections::{self, Collection, Kind, Store, plugins_in};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

// Plugins and marketplaces.

#[test]
fn a_marketplace_names_its_plugins_and_their_parts() {
    let dir = tempfile::tempdir().unwrap();
    let r = dir.path();
    write(
        &r.join(".claude-plugin/marketplace.json"),
        r#"{"name": "shop", "owner": {"name": "me"}, "metadata": {"pluginRoot": "./plugins"},
            "plugins": [
              {"name": "alpha", "source": "./plugins/alpha", "description": "From the entry"},
              {"name": "beta", "source": "beta", "strict": false, "agents": ["./extra/one.md", "../../outside"]},
              {"name": "remote", "source": {"source": "github", "repo": "o/r"}},
              {"name": "escape", "source": "../../.."},
              {"name": "gone", "source": "./plugins/nowhere"}
            ]}"#,
    );
    write(
        &r.join("plugins/alpha/.claude-plugin/plugin.json"),
        r#"{"name": "alpha-tools", "version": "1.2.0", "agents": "./more", "commands": ["./cmds"]}"#,
    );
    write(&r.join("plugins/alpha/agents/a.md"), &agent("a", "first"));
    write(&r.join("plugins/alpha/more/b.md"), &agent("b", "second"));
    write(&r.join("plugins/alpha/cmds/go.md"), "---\ndescription: go\n---\nGo.\n");
    write(&r.join("plugins/alpha/skills/s/SKILL.md"), "---\nname: s\ndescription: skill\n---\n");
    // strict: false, so its plugin.json (a different name) is not read.
    write(&r.join("plugins/beta/.claude-plugin/plugin.json"), r#"{"name": "ignored"}"#);
    write(&r.join("plugins/beta/extra/one.md"), &agent("one", "extra"));
    write(&r.join("outside/x.md"), &agent("x", "not beta's"));

    let plugins = plugins_in(r);
    let base = r.canonicalize().unwrap();
    let names: Vec<&str> = plugins.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["alpha-tools", "beta"], "remote, escaping and missing sources are skipped");
    let alpha = &plugins[0];
    assert_eq!(alpha.root, base.join("plugins/alpha"));
    assert_eq!(alpha.marketplace.as_deref(), Some("shop"));
    assert_eq!(alpha.description.as_deref(), Some("From the entry"));
    assert_eq!(alpha.version.as_deref(), Some("1.2.0"));
    // A manifest that names its agents replaces the default folder (Claude Code 2.1.332);
    // "./more" is a folder, which Claude Code's validation refuses, so it drops the plugin.
    assert_eq!(alpha.agents, [base.join("plugins/alpha/more")]);
    assert!(alpha.dropped.as_deref().is_some_and(|d| d.contains("agents: Invalid string: must end with \".md\"")));
    assert_eq!(alpha.commands, [base.join("plugins/alpha/cmds")]);
    assert_eq!(alpha.skills, [base.join("plugins/alpha/skills")]);
    let beta = &plugins[1];
    assert_eq!(beta.agents, [base.join("plugins/beta/extra/one.md")], "a path out of the plugin's folder is left out");
    assert!(beta.commands.is_empty() && beta.skills.is_empty());
}

/// Issue 21, item 10: a marketplace whose entries share `"source": "./"` (as anthropics/skills
/// does): each entry's own `skills` and `agents` lists decide which parts are its, in a folder
/// named on the command line and in a registered collection alike.
#[test]
fn marketplace_entries_sharing_a_folder_each_keep_their_own_parts() {
    let home = Home::new();
    let r = home.path().join("skills-repo");
    write(
        &r.join(".claude-plugin/marketplace.json"),
        r#"{"name": "shop", "owner": {"name": "me"}, "plugins": [
              {"name": "document-skills", "source": "./", "strict": false,
               "skills": ["./document-skills/xlsx", "./document-skills/docx"]},
              {"name": "example-skills", "source": "./", "strict": false,
               "skills": ["./algorithmic-art", "./brand"], "agents": ["./team/helper.md"]}
            ]}"#,
    );
    for d in ["document-skills/xlsx", "document-skills/docx", "algorithmic-art", "brand"] {
        let n = d.rsplit('/').next().unwrap();
        write(&r.join(d).join("SKILL.md"), &format!("---\nname: {n}\ndescription: Skill {n}.\n---\nBody.\n"));
    }
    write(&r.join("team/helper.md"), &agent("helper", "helps"));
    let plugins = plugins_in(&r);
    let base = r.canonicalize().unwrap();
    let names: Vec<&str> = plugins.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["document-skills", "example-skills"], "the second entry is not dropped");
    assert_eq!(plugins[1].skills, [base.join("algorithmic-art"), base.join("brand")]);
    assert_eq!(plugins[1].agents, [base.join("team/helper.md")]);

    let (code, out, err) = home.run(&["list", r.to_str().unwrap(), "--format", "{name}"]);
    assert_eq!(code, 0, "{err}");
    let listed: Vec<&str> = out.lines().collect();
    for want in ["example-skills:algorithmic-art", "example-skills:brand", "example-skills:helper"] {
        assert!(listed.contains(&want), "{want} in {listed:?}");
    }
    assert!(
        !listed.iter().any(|n| n.starts_with("document-skills:") && !n.contains("docx") && !n.contains("xlsx")),
        "{listed:?}"
    );

    let (code, _, err) = home.run(&["collection", "add", r.to_str().unwrap(), "--name", "skills"]);
    assert_eq!(code, 0, "{err}");
    let (_, out, _) = home.run(&["list", "-q", "scope:collection", "--format", "{name}"]);
    assert_eq!(out.trim(), "example-skills:helper", "the collection's agent goes by its own plugin");
}

#[test]
fn plugin_folders_without_a_marketplace_are_found() {
    let dir = tempfile::tempdir().unwrap();
    let r = dir.path();
    write(
        &r.join("team/reviewers/.claude-plugin/plugin.json"),
        r#"{"name": "reviewers", "description": "Review\u001b[2J"}"#,
    );
    write(&r.join("team/reviewers/agents/r.md"), &agent("r", "reviews"));
    write(&r.join("solo/.claude-plugin/plugin.json"), "{}");
    write(&r.join("solo/agents/s.md"), &agent("s", "solo"));
    write(&r.join("broken/.claude-plugin/plugin.json"), "{ not json");
    write(&r.join("node_modules/dep/.claude-plugin/plugin.json"), r#"{"name": "dep"}"#);
    write(&r.join("a/b/c/d/e/.claude-plugin/plugin.json"), r#"{"name": "too-deep"}"#);
    let plugins = plugins_in(r);
    let names: Vec<&str> = plugins.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        ["broken", "solo", "reviewers"],
        "path order; no name: the folder's; node_modules and depth 5 left out"
    );
    // Claude Code drops a plugin whose manifest is not JSON, or has no name.
    assert!(plugins[0].dropped.as_deref().is_some_and(|d| d.contains("not valid JSON")), "{:?}", plugins[0].dropped);
    assert!(
        plugins[1].dropped.as_deref().is_some_and(|d| d.contains("name: Invalid input")),
        "{:?}",
        plugins[1].dropped
    );
    assert_eq!(plugins[2].dropped, None);
    assert_eq!(plugins[2].description.as_deref(), Some("Review[2J"), "manifest text is cleaned");
    assert_eq!(plugins[1].agents, [r.canonicalize().unwrap().join("solo/agents")]);
    assert!(plugins[2].marketplace.is_none());
}

#[test]
fn a_collection_that_is_one_plugin_is_found_at_its_root() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join(".claude-plugin/plugin.json"), r#"{"name": "whole"}"#);
    write(&dir.path().join("agents/w.md"), &agent("w", "whole"));
    let plugins = plugins_in(dir.path());
    assert_eq!(plugins.len(), 1);
    assert_eq!((plugins[0].name.as_str(), plugins[0].root.clone()), ("whole", dir.path().canonicalize().unwrap()));
    assert!(plugins_in(&dir.path().join("missing")).is_empty());
}

#[test]
fn agents_are_counted_by_their_frontmatter() {
    let dir = tempfile::tempdir().unwrap();
    let r = dir.path();
    write(&r.join("a.md"), &agent("a", "x"));
    write(&r.join("sub/b.MD"), "\u{feff}---\r\nname: b\r\n---\r\n");
    write(&r.join("sub/deeper/c.md"), "---\n");
    write(&r.join("README.md"), "# not an agent\n---\n");
    write(&r.join("notes.txt"), &agent("n", "not md"));
    write(&r.join("dashes.md"), "----\nname: x\n");
    write(&r.join(".git/x.md"), &agent("g", "git's"));
    write(&r.join("node_modules/y.md"), &agent("y", "dep"));
    assert_eq!(collections::count_agents(r), 3);
    assert_eq!(collections::count_agents(&r.join("missing")), 0);
}

// The commands.

/// A sandbox; commands run in the folder holding its home (no project).
struct Home {
    sb: Sandbox,
}

impl Home {
    fn new() -> Home {
        Home { sb: Sandbox::new() }
    }

    fn path(&self) -> &Path {
        self.sb.root()
    }

    fn data(&self) -> PathBuf {
        self.sb.data_home().join("agentdeck")
    }

    fn cmd(&self, args: &[&str]) -> Command {
        self.sb.command_in(self.path(), args)
    }

    fn run(&self, args: &[&str]) -> (i32, String, String) {
        let Output { status, stdout, stderr } = self.cmd(args).output().unwrap();
        (status.code().unwrap_or(-1), String::from_utf8(stdout).unwrap(), String::from_utf8(stderr).unwrap())
    }

    fn store(&self) -> Store {
        Store::at(&self.data(), Vec::new())
    }

    fn collection(&self, name: &str) -> Collection {
        self.store().all().0.into_iter().find(|c| c.name == name).unwrap()
    }
}

/// Issue 21, item 13: `collection add` and `collection list` count what `list` shows of the
/// collection, by kind, not every `.md` with frontmatter (skills' and commands' files are not
/// agents).
#[test]
fn add_and_list_count_what_list_shows_by_kind() {
    let home = Home::new();
    let folder = home.path().join("kit");
    write(&folder.join("agents/a.md"), &agent("a", "one"));
    write(&folder.join("skills/s1/SKILL.md"), "---\nname: s1\ndescription: a skill\n---\nS.\n");
    write(&folder.join("skills/s2/SKILL.md"), "---\nname: s2\ndescription: a skill\n---\nS.\n");
    write(&folder.join("commands/go.md"), "---\ndescription: go\n---\nGo.\n");
    let (code, out, err) = home.run(&["collection", "add", folder.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("added kit: 1 agent, read where it is, "), "{out}");
    let (_, listed, _) = home.run(&["list", "-q", "scope:collection", "--format", "{name}"]);
    assert_eq!(listed.lines().count(), 1, "what list shows: {listed}");
    let (code, out, _) = home.run(&["collection", "list"]);
    assert_eq!(code, 0);
    assert!(out.contains("  1 agent  "), "{out}");
}

#[test]
fn a_folder_is_registered_where_it_is_and_never_deleted() {
    let home = Home::new();
    let folder = home.path().join("My Agents");
    write(&folder.join("a.md"), &agent("a", "one"));
    write(&folder.join("b.md"), &agent("b", "two"));
    let before = harness::Snapshot::of(&folder);
    let (code, out, err) = home.run(&["collection", "add", folder.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let real = folder.canonicalize().unwrap();
    assert!(out.starts_with("added my-agents: 2 agents, read where it is"), "no 'at -' for a folder: {out}");
    assert!(out.trim_end().ends_with(&format!("read where it is, {}", real.display())), "{out}");
    let (code, out, _) = home.run(&["collection", "list"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("my-agents  ") && out.contains("  2 agents  "), "{out}");
    let c = home.collection("my-agents");
    assert_eq!((c.kind, c.root.clone()), (Kind::Folder, real.clone()));
    let (code, out, _) = home.run(&["collection", "update"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("my-agents: a folder, read where it is"), "{out}");
    let (code, out, _) = home.run(&["collection", "remove", "my-agents"]);
    assert_eq!(code, 0);
    assert!(out.contains("forgotten; the folder"), "{out}");
    assert_eq!(harness::Snapshot::of(&folder), before, "the folder is untouched");
    assert!(home.store().all().0.is_empty());
}

#[test]
fn names_are_checked_and_not_taken_twice() {
    let home = Home::new();
    let folder = home.path().join("f");
    write(&folder.join("a.md"), &agent("a", "one"));
    let f = folder.to_str().unwrap();
    let (code, _, err) = home.run(&["collection", "add", f, "--name", "bad/name"]);
    assert_eq!(code, 2);
    assert!(err.starts_with("agentdeck: 'bad/name' is not a valid collection name"), "{err}");
    assert_eq!(err.lines().count(), 1);
    assert_eq!(home.run(&["collection", "add", f, "--name", "team"]).0, 0);
    let (code, _, err) = home.run(&["collection", "add", f, "--name", "team"]);
    assert_eq!(code, 1, "a name already registered is refused");
    assert!(err.contains("a collection named 'team' is already registered"), "{err}");
    let (code, _, err) = home.run(&["collection", "add", "/no/such/thing"]);
    assert_eq!(code, 2);
    assert_eq!(err, "agentdeck: '/no/such/thing' is neither a folder nor a git URL\n");
    let (code, _, err) = home.run(&["collection", "remove", "nope"]);
    assert_eq!((code, err.as_str()), (2, "agentdeck: no collection named 'nope' (see agentdeck collection list)\n"));
    let (code, _, err) = home.run(&["collection", "update", "team", "nope"]);
    assert_eq!(code, 2, "an unknown name fails before anything is fetched: {err}");
}

#[test]
fn missing_git_is_said_plainly() {
    let home = Home::new();
    let out = home
        .cmd(&["collection", "add", "https://example.invalid/o/r.git"])
        .env("PATH", "/nonexistent")
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(err, "agentdeck: git is not installed; agentdeck uses it to clone collections\n");
    assert!(!home.data().join("collections/o-r").exists() && !home.data().join("collections/.o-r.partial").exists());
}

#[test]
fn a_damaged_registry_is_named() {
    let home = Home::new();
    write(&home.data().join("collections.json"), "{ not json");
    let (code, _, err) = home.run(&["collection", "list"]);
    assert_eq!(code, 0, "list shows what it can");
    assert!(err.contains("collections.json is damaged"), "{err}");
    let (code, _, err) = home.run(&["collection", "add", home.path().to_str().unwrap(), "--name", "x"]);
    assert_eq!(code, 2);
    assert!(err.contains("is damaged") && err.contains("fix or delete it"), "{err}");
}

#[test]
fn config_folders_are_listed_and_only_removed_in_the_config() {
    let home = Home::new();
    let folder = home.path().join("team");
    write(&folder.join("a.md"), &agent("a", "one"));
    let config = home.path().join("home/.config/agentdeck/config.toml");
    write(&config, "[[collection]]\nname = \"team\"\nsource = \"~/../team\"\n");
    let (code, out, err) = home.run(&["collection", "list"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("team (config)  ~/../team  ") && out.contains("  1 agent  "), "{out}");
    let (code, out, _) = home.run(&["collection", "update", "team"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("team: a folder, read where it is"), "{out}");
    let (code, _, err) = home.run(&["collection", "remove", "team"]);
    assert_eq!(code, 1);
    assert_eq!(err, "agentdeck: 'team' comes from the config file (line 2); remove it there\n");
    let (code, _, err) = home.run(&["collection", "add", folder.to_str().unwrap(), "--name", "team"]);
    assert_eq!(code, 1, "{err}");
}

// With git: bare repositories made here.

#[test]
#[ignore = "needs git"]
fn add_update_remove_a_git_collection() {
    let home = Home::new();
    let (up, bare) = upstream(home.path());
    let url = format!("file://{}", bare.display());
    let (code, out, err) = home.run(&["collection", "add", &url, "--name", "demo"]);
    assert_eq!(code, 0, "{err}");
    let first = rev(&up);
    assert!(out.starts_with(&format!("added demo: 2 agents at {}, cloned into ", &first[..7])), "{out}");
    let c = home.collection("demo");
    assert_eq!((c.kind, c.commit.as_deref(), c.source.as_str()), (Kind::Clone, Some(first.as_str()), url.as_str()));
    assert_eq!(c.root, home.data().join("collections/demo"));
    assert_eq!(collections::head(&c).as_deref(), Some(first.as_str()));
    let shallow = git_command(&c.root, &["rev-parse", "--is-shallow-repository"]).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&shallow.stdout).trim(), "true");

    let (_, out, _) = home.run(&["collection", "list"]);
    assert_eq!(out, format!("demo  {url}  {}  2 agents  {}\n", &first[..7], c.root.display()));

    push(&up, "agents/one.md", &agent("one", "Version two."));
    let second = rev(&up);
    let (code, out, err) = home.run(&["collection", "update", "demo"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, format!("demo: {} -> {}, 2 agents\n", &first[..7], &second[..7]));
    let c = home.collection("demo");
    assert_eq!(c.commit.as_deref(), Some(second.as_str()));
    assert!(std::fs::read_to_string(c.root.join("agents/one.md")).unwrap().contains("Version two."));
    // Both commits stay readable, for three-way upgrades.
    let rel = Path::new("agents/one.md");
    let old = collections::file_at_commit(&c, rel, &first).unwrap();
    assert_eq!(String::from_utf8(old).unwrap(), agent("one", "Version one."));
    assert_eq!(collections::file_at_commit(&c, rel, &second).unwrap(), agent("one", "Version two.").into_bytes());
    assert_eq!(collections::file_at_commit(&c, Path::new("agents/none.md"), &second), None);
    let (_, out, _) = home.run(&["collection", "update"]);
    assert_eq!(out, format!("demo: up to date at {}, 2 agents\n", &second[..7]));

    let upstream_before = harness::Snapshot::of(&bare);
    let (code, out, _) = home.run(&["collection", "remove", "demo"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("removed demo: deleted its clone"), "{out}");
    assert!(!c.root.exists());
    assert_eq!(harness::Snapshot::of(&bare), upstream_before);
    assert!(home.store().all().0.is_empty());
}

#[test]
#[ignore = "needs git"]
fn a_bare_repository_path_is_cloned_and_named_after_it() {
    let home = Home::new();
    let (_, bare) = upstream(home.path());
    let (code, out, err) = home.run(&["collection", "add", bare.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("added up: 2 agents"), "{out}");
    assert_eq!(home.collection("up").kind, Kind::Clone);
}

#[test]
#[ignore = "needs git"]
fn a_failed_clone_says_why_in_one_line_and_leaves_nothing() {
    let home = Home::new();
    let url = format!("file://{}/nothing.git", home.path().display());
    let (code, _, err) = home.run(&["collection", "add", &url, "--name", "x"]);
    assert_eq!(code, 2);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with(&format!("agentdeck: cannot clone {url}: git clone failed: fatal: ")), "{err}");
    let clones = home.data().join("collections");
    assert_eq!(std::fs::read_dir(&clones).map(|d| d.count()).unwrap_or(0), 0, "no partial clone left");
    assert!(home.store().all().0.is_empty());
}

#[test]
#[ignore = "needs git"]
fn a_config_url_is_cloned_by_update_and_a_vanished_clone_comes_back() {
    let home = Home::new();
    let (up, bare) = upstream(home.path());
    let config = home.path().join("home/.config/agentdeck/config.toml");
    write(&config, &format!("[[collection]]\nsource = \"file://{}\"\n", bare.display()));
    let (_, out, _) = home.run(&["collection", "list"]);
    assert!(out.starts_with("up  file://") && out.contains("not cloned yet"), "{out}");
    let (code, out, err) = home.run(&["collection", "update"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, format!("up: cloned at {}, 2 agents\n", &rev(&up)[..7]));
    let (_, out, _) = home.run(&["collection", "list"]);
    assert!(out.starts_with("up (config)  file://"), "{out}");
    std::fs::remove_dir_all(home.data().join("collections/up")).unwrap();
    let (code, out, _) = home.run(&["collection", "update", "up"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("up: cloned at"), "{out}");
    let (code, out, _) = home.run(&["collection", "remove", "up"]);
    assert_eq!(code, 0);
    assert!(out.contains("still in the config file"), "{out}");
}

#[test]
#[ignore = "needs git"]
fn a_folder_in_a_repository_records_its_commit_and_reads_old_files() {
    let home = Home::new();
    let (up, _) = upstream(home.path());
    let first = rev(&up);
    let (code, _, err) = home.run(&["collection", "add", up.join("agents").to_str().unwrap(), "--name", "local"]);
    assert_eq!(code, 0, "{err}");
    push(&up, "agents/two.md", &agent("two", "Changed."));
    let c = home.collection("local");
    assert_eq!(c.commit.as_deref(), Some(first.as_str()));
    let old = collections::file_at_commit(&c, Path::new("two.md"), &first).unwrap();
    assert_eq!(old, agent("two", "Two.").into_bytes(), "paths are relative to the collection's root");
    assert_eq!(collections::head(&c), Some(rev(&up)));
}
