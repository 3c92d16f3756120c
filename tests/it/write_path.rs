//! The write path under crashes, races and hostile trees (issue 22; issue 21 items 2 and 3):
//! the journal survives damage and interrupted steps, undo works from anywhere on what was
//! really written, concurrent writers lose loudly, symlinks are written through and never
//! leave a collection's root, and non-regular files are refused. Each test runs agentdeck in
//! a temporary home.

use crate::harness::sandbox::{Sandbox, agent, code, err, s, temp_files};
use std::path::Path;

fn write(p: &Path, text: &str) {
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

fn set_colour(w: &Sandbox, file: &Path, colour: &str) -> std::process::Output {
    w.run(&["set", s(file), &format!("color={colour}")])
}

#[test]
fn a_damaged_journal_entry_never_stops_history_or_undo() {
    let w = Sandbox::new();
    let file = w.agents().join("a.md");
    write(&file, &agent("a", "A.", "Body."));
    let before = std::fs::read(&file).unwrap();
    assert_eq!(code(&set_colour(&w, &file, "red")), 0);
    // What a kill during the old in-place write, or a full disk, left: half an entry.
    std::fs::write(w.journal().join("00000002.json"), b"{\n  \"step\": 2,\n  \"time\": 17").unwrap();
    let h = w.run(&["history"]);
    assert_eq!(code(&h), 0, "{}", err(&h));
    assert!(err(&h).contains("00000002.json is damaged"), "{}", err(&h));
    assert!(String::from_utf8_lossy(&h.stdout).contains("set"), "the good step is listed");
    let u = w.run(&["undo"]);
    assert_eq!(code(&u), 0, "{}", err(&u));
    assert_eq!(std::fs::read(&file).unwrap(), before);
}

#[test]
fn entries_are_written_whole_and_leave_no_temporary_file() {
    let w = Sandbox::new();
    let file = w.agents().join("a.md");
    write(&file, &agent("a", "A.", "Body."));
    assert_eq!(code(&set_colour(&w, &file, "red")), 0);
    assert_eq!(w.journal_names(), [".lock", "00000001.json"]);
    assert!(temp_files(w.dir.path()).is_empty());
}

/// A crash mid-step: the intent is recorded, some files were written, some not, and a
/// temporary file was left beside them.
#[test]
fn an_interrupted_step_is_rolled_back_by_the_next_command() {
    let w = Sandbox::new();
    let dir = w.agents();
    // Files Claude Code skips (an example at column 0 holds `: `), which `fix` rewrites.
    let broken = |i: usize| {
        format!("---\nname: a{i}\ndescription: Help {i}.\n<example>\nuser: \"a: b\"\n</example>\n---\nBody.\n")
    };
    for i in 0..6 {
        write(&dir.join(format!("a{i}.md")), &broken(i));
    }
    let o = w.run(&["fix"]);
    assert_eq!(code(&o), 0, "{}", err(&o));
    // Make it look interrupted: the marker still there, three files not yet written.
    std::fs::write(w.journal().join("00000001.pending"), "apply\n").unwrap();
    for i in 0..3 {
        std::fs::write(dir.join(format!("a{i}.md")), broken(i)).unwrap();
    }
    std::fs::write(dir.join(".agentdeck-AbC123.tmp"), "half a fi").unwrap();
    let h = w.run(&["history"]);
    assert_eq!(code(&h), 0, "{}", err(&h));
    let said = err(&h);
    assert!(said.contains("step 1 (fix 6 files") && said.contains("rolled back (3 files put back"), "{said}");
    assert!(said.contains("removed 1 temporary file"), "{said}");
    for i in 0..6 {
        assert_eq!(std::fs::read_to_string(dir.join(format!("a{i}.md"))).unwrap(), broken(i), "a{i}");
    }
    assert!(temp_files(w.dir.path()).is_empty());
    assert_eq!(w.journal_names(), [".lock"], "nothing of the step remains");
    assert_eq!(code(&w.run(&["undo"])), 1, "nothing to undo");
}

#[test]
fn an_interrupted_undo_is_rolled_back_and_can_be_tried_again() {
    let w = Sandbox::new();
    let (a, b) = (w.agents().join("a.md"), w.agents().join("b.md"));
    write(&a, &agent("a", "A.", "Body."));
    write(&b, &agent("b", "B.", "Body."));
    let (a0, b0) = (std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    assert_eq!(code(&w.run(&["set", s(&a), "color=red"])), 0);
    let a1 = std::fs::read(&a).unwrap();
    // The undo was announced and had put a back when it was killed.
    std::fs::write(w.journal().join("00000001.pending"), "undo\n").unwrap();
    std::fs::write(&a, &a0).unwrap();
    let u = w.run(&["undo", "--dry-run"]);
    assert_eq!(code(&u), 0, "{}", err(&u));
    assert!(err(&u).contains("the undo of step 1") && err(&u).contains("rolled back"), "{}", err(&u));
    assert_eq!(std::fs::read(&a).unwrap(), a1, "the step's bytes are back");
    let u = w.run(&["undo"]);
    assert_eq!(code(&u), 0, "{}", err(&u));
    assert_eq!((std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap()), (a0, b0));
}

#[test]
fn undo_puts_the_files_back_when_it_cannot_record_itself() {
    let w = Sandbox::new();
    let file = w.agents().join("a.md");
    write(&file, &agent("a", "A.", "Body."));
    assert_eq!(code(&set_colour(&w, &file, "red")), 0);
    let written = std::fs::read(&file).unwrap();
    // The journal refuses the record of the undo (a folder where the marker goes; a read-only
    // journal does the same for a user other than root).
    let blocker = w.journal().join("00000001.undone");
    std::fs::create_dir(&blocker).unwrap();
    let u = w.run(&["undo"]);
    assert_ne!(code(&u), 0, "{}", err(&u));
    assert!(err(&u).contains("cannot record the undo"), "{}", err(&u));
    assert_eq!(std::fs::read(&file).unwrap(), written, "the file was put back as the step left it");
    std::fs::remove_dir(&blocker).unwrap();
    let u = w.run(&["undo"]);
    assert_eq!(code(&u), 0, "undo is not stuck: {}", err(&u));
    assert!(!std::fs::read_to_string(&file).unwrap().contains("color"));
}

#[test]
fn undo_dry_run_refuses_exactly_when_undo_does() {
    let w = Sandbox::new();
    let file = w.agents().join("a.md");
    write(&file, &agent("a", "A.", "Body."));
    assert_eq!(code(&set_colour(&w, &file, "red")), 0);
    std::fs::write(&file, "edited by hand\n").unwrap();
    let dry = w.run(&["undo", "--dry-run"]);
    let real = w.run(&["undo"]);
    assert_eq!((code(&dry), code(&real)), (1, 1), "{}\n{}", err(&dry), err(&real));
    assert!(dry.stdout.is_empty(), "no diff for an undo that cannot happen");
    assert!(err(&dry).contains("changed since"), "{}", err(&dry));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "edited by hand\n");
}

#[test]
fn undo_and_history_work_from_any_directory() {
    let w = Sandbox::new();
    let file = w.agents().join("x.md");
    write(&file, &agent("x", "X.", "Body."));
    let before = std::fs::read(&file).unwrap();
    let o = w.run(&["set", ".claude/agents/x.md", "color=red"]);
    assert_eq!(code(&o), 0, "{}", err(&o));
    let h = w.run_in(Path::new("/"), &["history"]);
    let listed = String::from_utf8_lossy(&h.stdout).into_owned();
    let canonical = std::fs::canonicalize(&file).unwrap();
    assert!(listed.contains(s(&canonical)), "the absolute path is recorded: {listed}");
    let u = w.run_in(Path::new("/"), &["undo"]);
    assert_eq!(code(&u), 0, "{}", err(&u));
    assert_eq!(std::fs::read(&file).unwrap(), before);
}

#[test]
fn undo_of_a_skill_install_removes_the_folders_it_made() {
    let w = Sandbox::new();
    let skill = w.home.join("downloads/pdf");
    write(&skill.join("SKILL.md"), "---\nname: pdf\ndescription: Reads PDFs.\n---\nUse it.\n");
    write(&skill.join("scripts/deep/extract.py"), "print(1)\n");
    write(&skill.join("reference/forms.md"), "forms\n");
    let o = w.run(&["install", s(&skill.join("SKILL.md")), "--to", "project"]);
    assert_eq!(code(&o), 0, "{}", err(&o));
    let installed = w.proj.join(".claude/skills/pdf");
    assert!(installed.join("scripts/deep/extract.py").is_file(), "{}", err(&o));
    let u = w.run(&["undo"]);
    assert_eq!(code(&u), 0, "{}", err(&u));
    assert!(!installed.exists(), "the skill's folders are gone too");
    assert!(!w.proj.join(".claude/skills").exists(), "and the folders made to hold it");
    assert!(w.proj.join(".git").exists());
}

#[test]
fn concurrent_sets_never_lose_a_change_silently() {
    let w = Sandbox::new();
    let file = w.agents().join("a.md");
    for round in 0..8 {
        write(&file, &agent("a", "A.", "Body."));
        let keys = ["color", "effort", "memory", "permissionMode"];
        let children: Vec<_> =
            keys.iter().map(|k| (*k, w.spawn(&["set", s(&file), &format!("{k}=v{round}")]))).collect();
        let results: Vec<(&str, bool)> =
            children.into_iter().map(|(k, mut c)| (k, c.wait().unwrap().success())).collect();
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(results.iter().any(|r| r.1), "one of them wins: {results:?}");
        for (k, ok) in results {
            assert_eq!(text.contains(&format!("{k}: v{round}")), ok, "round {round}, {k}: exit {ok} but\n{text}");
        }
    }
}

#[test]
fn two_installs_as_one_name_one_fails() {
    let w = Sandbox::new();
    let a = w.home.join("downloads/a.md");
    let b = w.home.join("downloads/b.md");
    write(&a, &agent("reviewer", "Version A.", "A."));
    write(&b, &agent("reviewer", "Version B.", "B."));
    for _ in 0..6 {
        let _ = std::fs::remove_dir_all(w.agents());
        let one = w.spawn(&["install", s(&a), "--to", "project", "--as", "x"]);
        let two = w.spawn(&["install", s(&b), "--to", "project", "--as", "x"]);
        let ok: Vec<bool> = [one, two].into_iter().map(|mut c| c.wait().unwrap().success()).collect();
        assert_eq!(ok.iter().filter(|&&o| o).count(), 1, "exactly one install wins: {ok:?}");
        let text = std::fs::read_to_string(w.agents().join("x.md")).unwrap();
        assert!(text.contains(if ok[0] { "Version A." } else { "Version B." }), "{text}");
    }
}

#[cfg(unix)]
#[test]
fn a_symlinked_agent_is_written_through_and_stays_a_link() {
    let w = Sandbox::new();
    let real = w.proj.join("shared/x.md");
    write(&real, &agent("x", "X.", "Body."));
    let before = std::fs::read(&real).unwrap();
    let link = w.agents().join("x.md");
    std::fs::create_dir_all(w.agents()).unwrap();
    std::os::unix::fs::symlink("../../shared/x.md", &link).unwrap();
    let o = w.run(&["set", s(&link), "color=red"]);
    assert_eq!(code(&o), 0, "{}", err(&o));
    assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink(), "the link is kept");
    assert!(std::fs::read_to_string(&real).unwrap().contains("color: red"), "its file changed");
    assert_eq!(code(&w.run(&["undo"])), 0);
    assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
    assert_eq!(std::fs::read(&real).unwrap(), before);
}

#[cfg(unix)]
#[test]
fn a_write_keeps_the_files_owner() {
    use std::os::unix::fs::MetadataExt;
    let w = Sandbox::new();
    let file = w.agents().join("a.md");
    write(&file, &agent("a", "A.", "Body."));
    // Only root can give a file away; as anyone else there is nothing to test.
    if std::os::unix::fs::chown(&file, Some(4321), Some(4321)).is_err() {
        return;
    }
    assert_eq!(code(&set_colour(&w, &file, "red")), 0);
    let m = std::fs::metadata(&file).unwrap();
    assert_eq!((m.uid(), m.gid()), (4321, 4321));
}

#[cfg(unix)]
#[test]
fn rm_refuses_a_fifo() {
    let w = Sandbox::new();
    std::fs::create_dir_all(w.agents()).unwrap();
    let fifo = w.agents().join("f.md");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    // A writer hands the FIFO one agent (as `<(cat a.md)` would), then is gone.
    let f2 = fifo.clone();
    let writer = std::thread::spawn(move || {
        std::fs::write(&f2, agent("f", "F.", "Body.")).unwrap();
    });
    let mut child = w.command_in(&w.proj, &["rm", s(&fifo)]).stderr(std::process::Stdio::piped()).spawn().unwrap();
    writer.join().unwrap();
    let start = std::time::Instant::now();
    let status = loop {
        if let Some(st) = child.try_wait().unwrap() {
            break st;
        }
        if start.elapsed() > std::time::Duration::from_secs(20) {
            let _ = child.kill();
            panic!("rm on a FIFO did not return");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let mut said = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut said).unwrap();
    assert_eq!(status.code(), Some(2), "{said}");
    assert!(said.contains("not a regular file"), "{said}");
}

#[cfg(unix)]
#[test]
fn new_with_an_endless_body_stops_at_the_cap() {
    let w = Sandbox::new();
    let dir = w.proj.join("team");
    let o = w.run(&["new", "endless", "--to", s(&dir), "--description", "x", "--body-file", "/dev/zero"]);
    assert_eq!(code(&o), 2, "{}", err(&o));
    assert!(err(&o).contains("larger than 4 MiB"), "{}", err(&o));
    assert!(!dir.join("endless.md").exists());
}

#[cfg(unix)]
#[test]
fn a_skill_file_linking_outside_the_skill_is_refused() {
    let w = Sandbox::new();
    let secret = w.home.join(".ssh/id_rsa");
    write(&secret, "PRIVATE KEY\n");
    let skill = w.home.join("downloads/pdf");
    write(&skill.join("SKILL.md"), "---\nname: pdf\ndescription: Reads PDFs.\n---\nUse it.\n");
    std::os::unix::fs::symlink(&secret, skill.join("helper.txt")).unwrap();
    let o = w.run(&["install", s(&skill.join("SKILL.md")), "--to", "project"]);
    assert_eq!(code(&o), 2, "{}", err(&o));
    assert!(err(&o).contains("helper.txt is a symlink to") && err(&o).contains("outside"), "{}", err(&o));
    assert!(!w.proj.join(".claude/skills").exists(), "nothing was installed");
}

#[test]
fn disable_edits_only_the_deny_list_of_settings() {
    let w = Sandbox::new();
    write(&w.agents().join("quiet.md"), &agent("quiet", "Quiet.", "Shh."));
    let settings = w.proj.join(".claude/settings.local.json");
    let text = "{\r\n  \"model\": \"opus\",\r\n  \"n\": 1E5,\r\n  \"odd\": \"\\u202e\",\r\n  \"permissions\": {\"allow\": [\"A\"]},\r\n  \"permissions\": {\"deny\": [\"Bash(rm:*)\",\"Read(x)\"]},\r\n  \"model\": \"sonnet\"\r\n}\r\n";
    write(&settings, text);
    let o = w.run(&["disable", "quiet"]);
    assert_eq!(code(&o), 0, "{}", err(&o));
    let after = std::fs::read_to_string(&settings).unwrap();
    assert_eq!(after, text.replace("\"Read(x)\"]", "\"Read(x)\", \"Agent(quiet)\"]"));
    let o = w.run(&["enable", "quiet"]);
    assert_eq!(code(&o), 0, "{}", err(&o));
    assert_eq!(std::fs::read_to_string(&settings).unwrap(), text, "enable cuts out only the rule");
    write(&settings, "{\"permissions\": [\"Agent(x)\"]}\n");
    let o = w.run(&["disable", "quiet"]);
    assert_eq!(code(&o), 2, "{}", err(&o));
    assert!(err(&o).contains("`permissions` is not an object"), "{}", err(&o));
}

#[test]
fn zero_width_characters_never_reach_piped_output() {
    let w = Sandbox::new();
    let file = w.agents().join("zw.md");
    write(&file, "---\nname: zw\ndescription: \"a\u{200D}b\u{200B}c\u{FEFF}d\u{2060}e\"\n---\nBody \u{200D} here\n");
    for args in [vec!["list"], vec!["show", s(&file)], vec!["list", "--json"], vec!["show", s(&file), "--json"]] {
        let o = w.run(&args);
        assert_eq!(code(&o), 0, "{args:?}: {}", err(&o));
        let out = String::from_utf8_lossy(&o.stdout);
        assert!(!out.contains(['\u{200B}', '\u{200D}', '\u{2060}', '\u{FEFF}']), "{args:?}: {out:?}");
    }
}

#[test]
fn a_large_settings_file_is_journaled_once_per_content() {
    let w = Sandbox::new();
    write(&w.agents().join("quiet.md"), &agent("quiet", "Quiet.", "Shh."));
    let settings = w.proj.join(".claude/settings.local.json");
    let big = format!("{{\n  \"notes\": \"{}\",\n  \"permissions\": {{\"deny\": []}}\n}}\n", "x".repeat(3 << 20));
    write(&settings, &big);
    for cmd in ["disable", "enable", "disable", "enable"] {
        let o = w.run(&[cmd, "quiet"]);
        assert_eq!(code(&o), 0, "{cmd}: {}", err(&o));
    }
    let size: u64 = [w.journal(), w.journal().join("blobs")]
        .iter()
        .flat_map(|d| std::fs::read_dir(d).unwrap())
        .filter_map(|e| e.ok()?.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum();
    // Four steps of 2 x 3 MiB each would be 24 MiB (32 in base64); two contents are 6 MiB.
    assert!(size < (7 << 20), "the journal holds {size} bytes");
    let h = w.run(&["history"]);
    assert_eq!(code(&h), 0, "{}", err(&h));
    assert_eq!(String::from_utf8_lossy(&h.stdout).matches("settings.local.json").count(), 4);
}

#[cfg(unix)]
#[test]
fn rm_of_a_symlinked_agent_is_refused_and_the_link_stays() {
    let w = Sandbox::new();
    let real = w.proj.join("shared/x.md");
    write(&real, &agent("x", "X.", "Body."));
    std::fs::create_dir_all(w.agents()).unwrap();
    let link = w.agents().join("x.md");
    std::os::unix::fs::symlink("../../shared/x.md", &link).unwrap();
    let o = w.run(&["rm", s(&link)]);
    assert_eq!(code(&o), 2, "{}", err(&o));
    assert!(err(&o).contains("it is a symlink"), "{}", err(&o));
    assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink() && real.is_file());
}

#[cfg(unix)]
#[test]
fn disable_writes_through_a_symlinked_settings_file() {
    let w = Sandbox::new();
    write(&w.agents().join("quiet.md"), &agent("quiet", "Quiet.", "Shh."));
    let real = w.home.join("dotfiles/settings.json");
    write(&real, "{\"model\": \"opus\"}\n");
    let link = w.proj.join(".claude/settings.local.json");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let o = w.run(&["disable", "quiet"]);
    assert_eq!(code(&o), 0, "{}", err(&o));
    assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink(), "the link is kept");
    assert!(std::fs::read_to_string(&real).unwrap().contains("Agent(quiet)"));
    assert_eq!(code(&w.run(&["undo"])), 0);
    assert_eq!(std::fs::read_to_string(&real).unwrap(), "{\"model\": \"opus\"}\n");
    assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
}

#[test]
fn new_with_an_endless_body_on_stdin_stops_at_the_cap() {
    use std::io::Write;
    let w = Sandbox::new();
    let dir = w.proj.join("team");
    let mut child = w
        .command_in(&w.proj, &["new", "yes", "--to", s(&dir), "--description", "x", "--body-file", "-"])
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // As `yes |` would: more than the cap, then the pipe closes (the reader stopped long before).
    let feeder = std::thread::spawn(move || {
        let line = b"y\n".repeat(1 << 16);
        for _ in 0..40 {
            if stdin.write_all(&line).is_err() {
                break;
            }
        }
    });
    let o = child.wait_with_output().unwrap();
    feeder.join().unwrap();
    assert_eq!(code(&o), 2, "{}", err(&o));
    assert!(err(&o).contains("standard input is larger than 4 MiB"), "{}", err(&o));
    assert!(!dir.join("yes.md").exists());
}

#[test]
fn a_writing_command_after_a_crash_plans_from_the_rolled_back_files() {
    let w = Sandbox::new();
    let dir = w.agents();
    // Files Claude Code skips (an example at column 0 holds `: `), which `fix` rewrites.
    let broken = |i: usize| {
        format!("---\nname: a{i}\ndescription: Help {i}.\n<example>\nuser: \"a: b\"\n</example>\n---\nBody.\n")
    };
    for i in 0..4 {
        write(&dir.join(format!("a{i}.md")), &broken(i));
    }
    assert_eq!(code(&w.run(&["fix"])), 0);
    let fixed: Vec<String> = (0..4).map(|i| std::fs::read_to_string(dir.join(format!("a{i}.md"))).unwrap()).collect();
    // Interrupted after two files.
    std::fs::write(w.journal().join("00000001.pending"), "apply\n").unwrap();
    for i in 2..4 {
        std::fs::write(dir.join(format!("a{i}.md")), broken(i)).unwrap();
    }
    let o = w.run(&["fix"]);
    assert_eq!(code(&o), 0, "{}", err(&o));
    assert!(err(&o).contains("rolled back"), "{}", err(&o));
    for (i, f) in fixed.iter().enumerate() {
        assert_eq!(&std::fs::read_to_string(dir.join(format!("a{i}.md"))).unwrap(), f);
    }
    assert_eq!(code(&w.run(&["undo"])), 0);
    for i in 0..4 {
        assert_eq!(std::fs::read_to_string(dir.join(format!("a{i}.md"))).unwrap(), broken(i));
    }
}
