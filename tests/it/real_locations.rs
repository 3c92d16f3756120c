//! Issue 12, "`check` and the real agent folders" and the `/dev/fd` item of "Reading and
//! state": in the real locations every `*.md` is meant as an agent; `check` fails on what
//! Claude Code skips and passes when there is nothing to check; streams named on the command
//! line are read once and shown the same everywhere; devices and kernel files never hang.

use crate::harness::sandbox::{Sandbox, bin};
use agentdeck::catalog::load::{LoadRequest, load, load_entries, reread};
use agentdeck::catalog::{Scope, Verdict};
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

const GOOD: &str = "---\nname: reviewer\ndescription: Reviews code.\n---\nYou review.\n";

#[test]
fn a_file_without_frontmatter_in_a_real_location_is_an_agent_claude_code_skips() {
    let place = Sandbox::new();
    place.write("project/.claude/agents/reviewer.md", GOOD);
    place.write("project/.claude/agents/notes.md", "# Notes\n\nNot an agent, but in the agents folder.\n");
    let cat = load(&place.request()).unwrap();
    let notes = cat.agents.iter().find(|a| a.name == "notes").expect("the file without frontmatter is listed");
    assert_eq!((notes.scope, notes.claude_code), (Scope::Project, Verdict::Skips));
    assert_eq!(notes.diagnostics.iter().map(|d| d.code).collect::<Vec<_>>(), ["no-frontmatter"]);
    // The browser's entries say the same.
    let entries = load_entries(&place.request()).unwrap();
    assert!(entries.agents.iter().any(|e| e.name == "notes" && e.claude_code == Verdict::Skips));

    let out = place.run(&["check"]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("notes.md:1: error [no-frontmatter]"), "{stdout}");
    assert!(stdout.contains("1 failing"), "{stdout}");
}

#[test]
fn folders_named_on_the_command_line_count_what_they_leave_out() {
    let place = Sandbox::new();
    place.write("project/docs/reviewer.md", GOOD);
    place.write("project/docs/README.md", "# Docs\n");
    place.write("project/docs/CHANGES.md", "changes\n");
    let out = place.run(&["check", "docs"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    assert!(
        text(&out.stderr).contains("2 files without frontmatter (not agents) were left out"),
        "{}",
        text(&out.stderr)
    );
    // Each file left out is named (issue 21, item 14); the summary comes last.
    let stdout = text(&out.stdout);
    assert!(stdout.lines().last().unwrap().starts_with("1 file:"), "{stdout}");
    assert!(stdout.contains("docs/README.md: info [no-frontmatter]"), "{stdout}");
    assert!(stdout.contains("docs/CHANGES.md: info [no-frontmatter]"), "{stdout}");
    // Named one by one, a file that is not an agent fails the check.
    let out = place.run(&["check", "docs/README.md"]);
    assert_eq!(out.status.code(), Some(1), "{}{}", text(&out.stdout), text(&out.stderr));
    assert!(text(&out.stdout).contains("[no-frontmatter]"), "{}", text(&out.stdout));
}

#[test]
fn check_with_nothing_to_check_says_so_and_passes() {
    let place = Sandbox::new();
    let out = place.run(&["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    assert_eq!(text(&out.stdout), "no agent files found; nothing to check\n");
    assert_eq!(text(&out.stderr), "", "no word of the bundled examples");
    let out = place.run(&["check", "--json"]);
    assert_eq!((out.status.code(), text(&out.stdout)), (Some(0), "[]\n".to_string()));
}

/// Run `f` on a thread; panic if it is still running after `secs` (a hang, not a slow run).
fn finishes<T: Send + 'static>(what: &str, secs: u64, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(Duration::from_secs(secs)).unwrap_or_else(|_| panic!("{what}: still running after {secs} s"))
}

/// `<(cmd)` as a shell gives it: `show`, `diff` and `list` read the stream as a file.
#[cfg(unix)]
#[test]
fn process_substitution_is_a_file() {
    let place = Sandbox::new();
    let file = place.write("project/reviewer.md", GOOD);
    let f = file.to_string_lossy();
    let sh = |script: &str| {
        let out = place.isolate(&mut Command::new("bash")).arg("-c").arg(script).env("AD", bin()).output().unwrap();
        (out.status.code(), text(&out.stdout), text(&out.stderr))
    };
    let (code, out, err) = sh(&format!("\"$AD\" show <(cat '{f}') --json"));
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("\"name\": \"reviewer\""), "{out}");
    let (code, out, err) = sh(&format!("\"$AD\" diff <(cat '{f}') <(sed s/review/read/ '{f}') --color never"));
    assert_eq!(code, Some(1), "two different streams differ: {out}{err}");
    assert!(out.contains("You read."), "{out}");
    let (code, out, err) = sh(&format!("\"$AD\" show --raw <(cat '{f}')"));
    assert_eq!((code, out.as_str()), (Some(0), GOOD), "{err}");
}

/// A named FIFO is read once, and what the preview rereads is what the list was made from.
#[cfg(target_os = "linux")]
#[test]
fn a_named_fifo_is_read_once_and_shown_the_same() {
    let place = Sandbox::new();
    let fifo = place.proj.join("pipe.md");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::write(&fifo, GOOD).unwrap())
    };
    let paths = vec![fifo.clone()];
    let cat = finishes("loading a FIFO", 30, move || load_entries(&LoadRequest::paths(paths)).unwrap());
    writer.join().unwrap();
    let [entry] = &cat.agents[..] else { panic!("{:?}", cat.agents) };
    assert_eq!((entry.name.as_str(), entry.claude_code), ("reviewer", Verdict::Loads));
    // Nobody writes to it again: a second read from the FIFO would wait forever.
    let again =
        finishes("rereading the FIFO", 30, move || reread(&agentdeck::catalog::Source::lone(fifo), Scope::Path));
    assert_eq!((again.name.as_str(), again.body.as_str()), ("reviewer", "You review.\n"));
    assert!(again.diagnostics.is_empty(), "{:?}", again.diagnostics);
}

/// A named FIFO whose writer comes only after agentdeck has opened it is waited for, as `cat`
/// waits, not read as empty (the writer here is slow on purpose).
#[cfg(target_os = "linux")]
#[test]
fn a_named_fifo_is_waited_for_when_its_writer_comes_late() {
    let place = Sandbox::new();
    let fifo = place.proj.join("late.md");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let paths = vec![fifo.clone()];
    let loading = std::thread::spawn(move || load_entries(&LoadRequest::paths(paths)).unwrap());
    // The reader is there before the writer: wait until the load has the FIFO open.
    let opened = || {
        std::fs::read_dir("/proc/self/fd")
            .unwrap()
            .flatten()
            .any(|e| std::fs::read_link(e.path()).is_ok_and(|p| p == fifo))
    };
    let since = std::time::Instant::now();
    while !opened() {
        assert!(since.elapsed() < Duration::from_secs(30), "the load never opened the FIFO");
        std::thread::sleep(Duration::from_millis(5));
    }
    std::thread::sleep(Duration::from_millis(200));
    // Without waiting: a load that read the FIFO as empty and left has no reader left here.
    use std::os::unix::fs::OpenOptionsExt;
    let mut writer = std::fs::OpenOptions::new()
        .write(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(&fifo)
        .expect("the load is still waiting for the writer");
    std::io::Write::write_all(&mut writer, GOOD.as_bytes()).unwrap();
    drop(writer);
    let cat = loading.join().unwrap();
    let [entry] = &cat.agents[..] else { panic!("{:?}", cat.agents) };
    assert_eq!((entry.name.as_str(), entry.claude_code), ("reviewer", Verdict::Loads));
}

/// Links to devices and kernel files, named or found in a folder, are refused at once.
#[cfg(target_os = "linux")]
#[test]
fn devices_and_kernel_files_are_refused_without_hanging() {
    let place = Sandbox::new();
    let dir = place.proj.join("links");
    std::fs::create_dir_all(&dir).unwrap();
    for (link, target) in [("kmsg.md", "/proc/kmsg"), ("status.md", "/proc/self/status"), ("zero.md", "/dev/zero")] {
        std::os::unix::fs::symlink(target, dir.join(link)).unwrap();
    }
    let named: Vec<PathBuf> = ["kmsg.md", "status.md", "zero.md"].iter().map(|l| dir.join(l)).collect();
    let cat = finishes("loading links to devices", 30, move || load(&LoadRequest::paths(named)).unwrap());
    assert_eq!(cat.agents.len(), 3);
    for a in &cat.agents {
        let d = &a.diagnostics[0];
        assert_eq!(d.code, "unreadable", "{a:?}");
        assert!(d.message.contains("a kernel file") || d.message.contains("a device"), "{}", d.message);
    }
    // In a folder scan, the kernel files are refused the same way (the device is skipped).
    let scanned = finishes("scanning links to devices", 30, move || load(&LoadRequest::paths(vec![dir])).unwrap());
    let names: Vec<&str> = scanned.agents.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["kmsg", "status"]);
    assert!(scanned.agents.iter().all(|a| a.diagnostics[0].message.contains("a kernel file")));
    let out = place.run(&["show", "/dev/zero"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(text(&out.stderr), "agentdeck: cannot read /dev/zero: a device, not an agent file; it is not read\n");
}
