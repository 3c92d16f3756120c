//! Hostile and broken input: no file can crash, hang or exhaust agentdeck, and each agent
//! among them still appears with diagnostics that say what is wrong. Inputs are generated
//! here rather than checked in, since several are megabytes.

use crate::harness::sandbox::{Sandbox, bin};
use agentdeck::catalog::agent::Origin;
use agentdeck::catalog::discover::{self, Found};
use agentdeck::catalog::load::{LoadRequest, load, load_one};
use agentdeck::catalog::parse::parse;
use agentdeck::catalog::{Agent, Scope, Verdict};
use std::path::PathBuf;
use std::time::Duration;

pub(crate) fn parse_bytes(bytes: &[u8]) -> Result<agentdeck::catalog::Agent, agentdeck::catalog::parse::NotAgent> {
    parse(bytes, PathBuf::from("x.md"), Scope::Path)
}

fn codes(bytes: &[u8]) -> Vec<&'static str> {
    parse_bytes(bytes).unwrap().diagnostics.iter().map(|d| d.code).collect()
}

#[test]
fn empty_and_binary_files_are_not_agents() {
    assert!(parse_bytes(b"").is_err());
    assert!(parse_bytes(b"\x00\x01\x02ELF\x00\x00").is_err());
    assert!(parse_bytes(b"---\nname: x\n\x00\x00\x00").is_err());
}

#[test]
fn yaml_alias_bomb_is_refused_quickly() {
    let mut fm = String::from(
        "---\nname: bomb\ndescription: boom\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let mut prev = 'a';
    for c in 'b'..='j' {
        fm.push_str(&format!("{c}: &{c} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
        prev = c;
    }
    fm.push_str("---\nbody\n");
    let a = parse_bytes(fm.as_bytes()).unwrap();
    assert_eq!(a.name, "bomb");
    assert!(a.diagnostics.iter().any(|d| d.code == "yaml-limit" || d.code == "yaml-invalid"), "{:?}", a.diagnostics);
}

#[test]
fn deep_nesting_is_refused() {
    let deep =
        format!("---\nname: deep\ndescription: nested\nx: {}{}\n---\nbody\n", "[".repeat(20_000), "]".repeat(20_000));
    let a = parse_bytes(deep.as_bytes()).unwrap();
    assert_eq!(a.name, "deep");
    assert!(a.diagnostics.iter().any(|d| d.code == "yaml-limit" || d.code == "yaml-invalid"), "{:?}", a.diagnostics);
    let deep_map =
        format!("---\nname: deepmap\ndescription: d\nx: {}1{}\n---\n", "{a: ".repeat(20_000), "}".repeat(20_000));
    assert_eq!(parse_bytes(deep_map.as_bytes()).unwrap().name, "deepmap");
}

#[test]
fn huge_body_and_huge_line_are_capped() {
    let mut big = b"---\nname: big\ndescription: a large file\n---\n".to_vec();
    big.extend(std::iter::repeat_n(b"word ".as_slice(), 6 << 20).flatten());
    assert!(big.len() > 30 << 20);
    let a = parse_bytes(&big).unwrap();
    assert!(a.body.len() <= agentdeck::catalog::parse::MAX_FILE_BYTES);
    assert!(a.diagnostics.iter().any(|d| d.code == "file-too-large"));
    let line = format!("---\nname: wide\ndescription: {}\n---\nbody\n", "x".repeat(2 << 20));
    let a = parse_bytes(line.as_bytes()).unwrap();
    assert_eq!(a.description.len(), 2 << 20);
}

#[test]
fn duplicate_keys_and_unclosed_frontmatter_still_give_agents() {
    // The last of a repeated key wins, as in Claude Code 2.1.332, which loads the file.
    let a = parse_bytes(b"---\nname: dup\ndescription: d\nmodel: opus\nmodel: haiku\n---\nbody\n").unwrap();
    assert_eq!(a.model.as_deref(), Some("haiku"));
    assert_eq!(a.claude_code, Verdict::Loads);
    assert!(codes(b"---\nname: open\ndescription: d\n").contains(&"unclosed-frontmatter"));
}

#[test]
fn a_folder_of_hostile_files_loads_every_agent() {
    let dir = tempfile::tempdir().unwrap();
    let w = |name: &str, bytes: &[u8]| std::fs::write(dir.path().join(name), bytes).unwrap();
    w("empty.md", b"");
    w("binary.md", b"\x7fELF\x00\x00\x00");
    w("plain.md", b"# Just notes\n");
    w("ok.md", b"---\nname: ok\ndescription: fine\n---\nbody\n");
    w("bad-utf8.md", b"---\nname: bytes\ndescription: d\n---\n\xff\xfe\n");
    w("escapes.md", b"---\nname: \"esc\\e]0;title\\a\"\ndescription: \"\\e[2J\"\n---\n\x1b]52;c;aGk=\x07\n");
    let cat = load(&LoadRequest::paths(vec![dir.path().to_path_buf()])).unwrap();
    let mut names: Vec<&str> = cat.agents.iter().map(|a| a.name.as_str()).collect();
    names.sort();
    assert_eq!(names, ["bytes", "esc\u{1b}]0;title\u{7}", "ok"]);
}

#[cfg(unix)]
#[test]
fn a_vanished_or_unreadable_file_becomes_a_diagnostic() {
    let found = Found {
        path: PathBuf::from("/nonexistent/agent.md"),
        origin: Origin::new(Scope::Path, "/nonexistent", 0),
        explicit: false,
    };
    let a = load_one(&found).unwrap();
    assert_eq!(a.name, "agent");
    assert_eq!(a.diagnostics[0].code, "unreadable");
    assert!(a.diagnostics[0].message.contains("no such file"));
}

/// Run `f` on a thread and wait for it, failing if it has not finished after a generous
/// `secs`: turns a hang into a failure instead of a stuck test run. Not a speed test; the
/// inputs take well under a second each.
pub(crate) fn finishes<T: Send + 'static>(what: &str, secs: u64, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    match rx.recv_timeout(Duration::from_secs(secs)) {
        Ok(v) => v,
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => panic!("{what}: still running after {secs} s"),
        Err(e) => panic!("{what}: the thread died: {e}"),
    }
}

fn has(a: &Agent, code: &str) -> bool {
    a.diagnostics.iter().any(|d| d.code == code)
}

/// Exactly the two sizes: 20,000-deep nesting in the frontmatter, as flow brackets,
/// block sequences and block mappings, and in the Markdown body the browser renders.
#[test]
fn twenty_thousand_deep_nesting_in_every_form() {
    const N: usize = 20_000;
    let block_seq = format!("---\nname: seq\ndescription: d\nx: {}1\n---\nbody\n", "- ".repeat(N));
    let a = finishes("block sequence", 60, move || parse_bytes(block_seq.as_bytes()).unwrap());
    assert_eq!(a.name, "seq");
    // A key per level, each indented one more: the file is capped at 4 MiB, so this is as deep
    // as a file gets in this form.
    let mut block_map = String::from("---\nname: map\ndescription: d\nx:\n");
    for depth in 1..=2_800 {
        block_map.push_str(&" ".repeat(depth));
        block_map.push_str("k:\n");
    }
    block_map.push_str("---\nbody\n");
    let a = finishes("block mapping", 60, move || parse_bytes(block_map.as_bytes()).unwrap());
    assert_eq!(a.name, "map");
    // In Markdown, `> > >`, `- - -` and `1. 1. 1.` on one line nest a level each.
    let body = format!(
        "---\nname: md\ndescription: d\n---\n{}deep\n\n{}item\n\n{}item\n\n{}x{}\n\n{}link{}\n",
        "> ".repeat(N),
        "- ".repeat(N),
        "1. ".repeat(N),
        "*".repeat(N),
        "*".repeat(N),
        "[".repeat(N),
        "](u)".repeat(N),
    );
    let a = finishes("nested Markdown", 60, move || parse_bytes(body.as_bytes()).unwrap());
    let styles = agentdeck::text::markdown::MdStyles::plain();
    let lines = finishes("rendering nested Markdown", 120, move || {
        agentdeck::text::markdown::render(&a.body, 80, &styles).len()
    });
    assert!(lines > 0);
}

/// A 30 MB file: read up to the cap, parsed, and reported, from disk as well as from memory.
#[test]
fn a_30_mb_file_on_disk_is_read_up_to_the_cap() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.md");
    let mut bytes = b"---\nname: huge\ndescription: a 30 MB file\n---\n".to_vec();
    bytes.extend(std::iter::repeat_n(b"All work and no play. ".as_slice(), 30 << 20 >> 4).flatten());
    assert!(bytes.len() >= 30 << 20);
    std::fs::write(&path, &bytes).unwrap();
    let cat = finishes("loading a 30 MB file", 60, {
        let dir = dir.path().to_path_buf();
        move || load(&LoadRequest::paths(vec![dir])).unwrap()
    });
    let a = &cat.agents[0];
    assert_eq!(a.name, "huge");
    assert!(has(a, "file-too-large"));
    assert!(a.body.len() < agentdeck::catalog::parse::MAX_FILE_BYTES);
}

/// A frontmatter of very many keys is read in linear time: reading the line of each key by
/// searching every key line made 50,000 keys take 18 s, and 400,000 (4 MiB) half an hour.
#[test]
fn frontmatter_with_many_keys_reads_in_linear_time() {
    let keys = |n: usize| (0..n).map(|i| format!("k{i}: v\n")).collect::<String>();
    // Strict YAML (under the 512 KiB limit) and the tolerant reader (over it). In a debug
    // build these take about 0.2 s and 4 s; the quadratic reading took 18 s and hours.
    use agentdeck::catalog::ParseStep::{Strict, Tolerant};
    for (n, step, secs) in [(50_000, Strict, 10), (400_000, Tolerant, 60)] {
        let text = format!("---\nname: keys\ndescription: d\n{}---\nbody\n", keys(n));
        let a = finishes(&format!("{n} keys"), secs, move || parse_bytes(text.as_bytes()).unwrap());
        assert_eq!(a.parse_step, step);
        assert!(a.extra.len() >= n / 2, "{}", a.extra.len());
    }
}

/// Discovery then parsing is a window in which a file can change. Every change gives an
/// agent (with a diagnostic when the file is now broken or unreadable) or, for a file that is
/// no longer an agent, leaves it out of the folder scan as any non-agent is; a file named on
/// the command line is reported instead. Nothing panics and nothing waits forever.
#[cfg(unix)]
#[test]
fn files_changed_between_discovery_and_parsing() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    let names = ["binary", "emptied", "fifo", "folder", "gone", "grown", "halved", "looped", "replaced"];
    for n in names {
        std::fs::write(root.join(format!("{n}.md")), format!("---\nname: {n}\ndescription: d\n---\nbody\n")).unwrap();
    }
    let mut notes = Vec::new();
    let found = discover::from_paths(std::slice::from_ref(&root), &mut notes).unwrap();
    assert_eq!(found.len(), names.len());
    let p = |n: &str| root.join(format!("{n}.md"));
    std::fs::write(p("binary"), b"\x7fELF\x02\x01\x01\x00\x00\x00").unwrap();
    std::fs::write(p("emptied"), b"").unwrap();
    std::fs::remove_file(p("fifo")).unwrap();
    assert!(std::process::Command::new("mkfifo").arg(p("fifo")).status().unwrap().success());
    std::fs::remove_file(p("folder")).unwrap();
    std::fs::create_dir(p("folder")).unwrap();
    std::fs::remove_file(p("gone")).unwrap();
    let mut big = b"---\nname: grown\ndescription: d\n---\n".to_vec();
    big.resize(30 << 20, b'x');
    std::fs::write(p("grown"), big).unwrap();
    std::fs::write(p("halved"), b"---\nname: halved\n").unwrap();
    std::fs::remove_file(p("looped")).unwrap();
    std::os::unix::fs::symlink(p("looped"), p("looped")).unwrap();
    // Replaced the way editors save: a new file renamed over the old one.
    std::fs::write(root.join("new.tmp"), b"---\nname: renamed\ndescription: d\n---\nnew body\n").unwrap();
    std::fs::rename(root.join("new.tmp"), p("replaced")).unwrap();

    let outcomes = finishes("loading the changed files", 60, move || {
        found
            .iter()
            .map(|f| (f.path.file_stem().unwrap().to_string_lossy().into_owned(), load_one(f)))
            .collect::<Vec<_>>()
    });
    for (stem, outcome) in outcomes {
        match stem.as_str() {
            "binary" | "emptied" => assert!(matches!(outcome, Err(None)), "{stem}: {outcome:?}"),
            "fifo" | "folder" => {
                let a = outcome.unwrap();
                assert!(has(&a, "unreadable") && a.diagnostics[0].message.contains("not a regular file"), "{a:?}");
            }
            "gone" | "looped" => {
                let a = outcome.unwrap();
                assert_eq!(a.name, stem);
                assert!(has(&a, "unreadable"), "{stem}: {:?}", a.diagnostics);
            }
            "grown" => assert!(has(&outcome.unwrap(), "file-too-large")),
            "halved" => {
                let a = outcome.unwrap();
                assert_eq!(a.name, "halved");
                assert!(has(&a, "unclosed-frontmatter") && has(&a, "missing-description"), "{:?}", a.diagnostics);
            }
            "replaced" => assert_eq!(outcome.unwrap().name, "renamed"),
            other => panic!("unexpected file {other}"),
        }
    }
    // Named on the command line, a file that is no longer an agent is reported, not dropped.
    let named = Found { path: p("emptied"), origin: Origin::new(Scope::Path, p("emptied"), 0), explicit: true };
    let a = load_one(&named).unwrap();
    assert!(a.name == "emptied" && a.is_broken() && has(&a, "no-frontmatter"), "{a:?}");
}

/// Files rewritten over and over while whole folders load: every load completes, and every
/// agent it gives is one of the names the files ever held. The writer truncates and writes,
/// so loads see empty, partial and whole files.
#[test]
fn folders_rewritten_while_loading_still_load() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    let contents = |i: usize, round: usize| -> Vec<u8> {
        match round % 4 {
            0 => format!("---\nname: agent-{i}\ndescription: round {round}\n---\n{}\n", "body ".repeat(round % 500))
                .into_bytes(),
            1 => Vec::new(),
            2 => b"---\nname: half".to_vec(),
            _ => b"\x00\x01binary".to_vec(),
        }
    };
    for i in 0..40 {
        std::fs::write(root.join(format!("a{i}.md")), contents(i, 0)).unwrap();
    }
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let (root, stop) = (root.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut round = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                for i in 0..40 {
                    std::fs::write(root.join(format!("a{i}.md")), contents(i, round)).unwrap();
                }
                round += 1;
            }
            round
        })
    };
    for _ in 0..40 {
        let cat = load(&LoadRequest::paths(vec![root.clone()])).unwrap();
        for a in &cat.agents {
            let known =
                a.name == "half" || (0..40).any(|i| a.name == format!("agent-{i}") || a.name == format!("a{i}"));
            assert!(known, "{} from {}", a.name, a.path.display());
        }
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    assert!(writer.join().unwrap() > 0);
}

/// Unreadable files and folders, checked as a user without root's right to read anything
/// (as root, the test runs agentdeck as `nobody` through setpriv): the unreadable file is an
/// agent with its reason, the unreadable folder is a notice, and the rest loads.
#[cfg(unix)]
#[test]
fn unreadable_files_and_folders() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::set_permissions(root, std::fs::Permissions::from_mode(0o755)).unwrap();
    let agent = |n: &str| format!("---\nname: {n}\ndescription: d\n---\nbody\n");
    std::fs::write(root.join("fine.md"), agent("fine")).unwrap();
    std::fs::write(root.join("secret.md"), agent("secret")).unwrap();
    std::fs::set_permissions(root.join("secret.md"), std::fs::Permissions::from_mode(0o000)).unwrap();
    let locked = root.join("locked");
    std::fs::create_dir(&locked).unwrap();
    std::fs::write(locked.join("inside.md"), agent("inside")).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let root_user = std::fs::metadata("/proc/self").map(|m| m.uid() == 0).unwrap_or(false);
    let sb = Sandbox::new();
    // Open to `nobody`, as a home is to its user.
    std::fs::set_permissions(sb.root(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let mut cmd = if root_user {
        let mut c = std::process::Command::new("setpriv");
        sb.isolate(&mut c).current_dir(&sb.proj).args(["--reuid=65534", "--regid=65534", "--clear-groups", bin()]);
        c
    } else {
        sb.command()
    };
    let o = cmd.args(["list", "--json", root.to_str().unwrap()]).output();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    // Root reads everything, so as root the check runs as `nobody` through setpriv.
    let o = o.expect("as root this test needs setpriv (util-linux) to run agentdeck as nobody");
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{stderr}");
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let by_name = |n: &str| v.as_array().unwrap().iter().find(|a| a["name"] == n).cloned();
    assert!(by_name("fine").is_some());
    assert!(by_name("inside").is_none());
    let secret = by_name("secret").expect("the unreadable file is listed");
    assert_eq!(secret["diagnostics"][0]["code"], "unreadable");
    assert!(secret["diagnostics"][0]["message"].as_str().unwrap().contains("permission denied"), "{secret}");
    assert!(
        stderr.contains("cannot read the folder") && stderr.contains("locked") && stderr.contains("permission denied"),
        "{stderr}"
    );
}

/// FIFOs, sockets and devices in a folder are not agents, and a FIFO must not block the
/// load waiting for a writer; a symlink that points at itself is an unreadable agent file.
#[cfg(unix)]
#[test]
fn special_files_in_a_folder_neither_block_nor_load() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    std::fs::write(root.join("ok.md"), b"---\nname: ok\ndescription: d\n---\nbody\n").unwrap();
    assert!(std::process::Command::new("mkfifo").arg(root.join("pipe.md")).status().unwrap().success());
    std::os::unix::fs::symlink("/dev/zero", root.join("zero.md")).unwrap();
    std::os::unix::fs::symlink(root.join("self.md"), root.join("self.md")).unwrap();
    let cat = finishes("a folder with a FIFO", 60, move || load(&LoadRequest::paths(vec![root])).unwrap());
    let mut names: Vec<&str> = cat.agents.iter().map(|a| a.name.as_str()).collect();
    names.sort();
    assert_eq!(names, ["ok", "self"]);
    let looped = cat.agents.iter().find(|a| a.name == "self").unwrap();
    assert!(has(looped, "unreadable"), "{:?}", looped.diagnostics);
}
