//! The command line as scripts and people use it: exit codes, one-line errors, JSON shape,
//! and output free of control characters taken from files.

use crate::harness::sandbox::Sandbox;
use std::path::{Path, PathBuf};
use std::process::Output;

fn quirks() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/quirks")
}

/// agentdeck with `args` in a fresh sandbox (an empty home and project).
fn run(args: &[&str]) -> Output {
    Sandbox::new().run(args)
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn write_agent(dir: &Path, file: &str, name: &str, model: &str, body: &str) -> PathBuf {
    let p = dir.join(file);
    std::fs::write(&p, format!("---\nname: {name}\ndescription: Test agent {name}.\nmodel: {model}\n---\n\n{body}\n"))
        .unwrap();
    p
}

/// A terminal-driving character: C0 other than tab/newline, DEL, C1, bidi controls.
fn is_unsafe(c: char) -> bool {
    let u = c as u32;
    (c.is_control() && c != '\n' && c != '\t') || (0x202a..=0x202e).contains(&u) || (0x2066..=0x2069).contains(&u)
}

/// `text` without SGR sequences (`ESC [ digits ; ... m`): the colours of `--color always`.
fn strip_sgr(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("\x1b[") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let params = after.bytes().take_while(|b| b.is_ascii_digit() || *b == b';').count();
        if after[params..].starts_with('m') {
            rest = &after[params + 1..];
        } else {
            out.push('\x1b');
            rest = &rest[at + 1..];
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn list_json_has_the_documented_fields() {
    let o = run(&["list", "--json", quirks().to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let agents = v.as_array().unwrap();
    assert!(agents.len() > 20);
    for key in [
        "name",
        "description",
        "tools",
        "model",
        "color",
        "path",
        "scope",
        "examples",
        "body",
        "extra",
        "claude_code",
        "diagnostics",
        "shadowed_by",
    ] {
        assert!(agents.iter().all(|a| a.get(key).is_some()), "{key} missing");
    }
    let ex = agents.iter().find(|a| a["name"] == "log-reader").unwrap();
    for key in ["context", "user", "assistant", "commentary"] {
        assert!(ex["examples"][0].get(key).is_some(), "example.{key}");
    }
    assert!(agents.iter().all(|a| {
        a["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["severity"].is_string() && d["code"].is_string() && d["message"].is_string())
    }));
}

#[test]
fn query_ranks_the_name_match_first() {
    let dir = tempfile::tempdir().unwrap();
    write_agent(dir.path(), "a.md", "backend-lead", "opus", "You lead.");
    write_agent(dir.path(), "b.md", "senior-backend-expert", "opus", "You know.");
    write_agent(dir.path(), "c.md", "frontend-dev", "sonnet", "You draw.");
    let o = run(&["list", "--query", "senxprt", dir.path().to_str().unwrap()]);
    let out = stdout(&o);
    assert!(out.lines().next().unwrap().starts_with("senior-backend-expert"), "{out}");
    let o = run(&["list", "--query", "model:sonnet", dir.path().to_str().unwrap()]);
    assert_eq!(stdout(&o).lines().count(), 1);
}

#[test]
fn bad_arguments_exit_2_with_one_line() {
    for args in
        [&["list", "--bogus"][..], &["diff", "a"], &["overlaps", "--min", "7"], &["diff", "a", "b", "--width", "x"]]
    {
        let o = run(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = stderr(&o);
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
    }
    let o = run(&["list", "/no/such/dir"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("/no/such/dir") && stderr(&o).contains("no such file"), "{}", stderr(&o));
}

#[test]
fn names_resolve_or_fail_clearly() {
    let dir = tempfile::tempdir().unwrap();
    write_agent(dir.path(), "one.md", "twin", "opus", "First twin.");
    write_agent(dir.path(), "two.md", "twin", "inherit", "Second twin.");
    write_agent(dir.path(), "solo.md", "solo", "haiku", "# Alone\n\nOnly one.");
    let d = dir.path().to_str().unwrap();
    let o = run(&["show", "twin", d]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("ambiguous") && err.contains("one.md") && err.contains("two.md"), "{err}");
    let o = run(&["show", "nobody", d]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no agent named 'nobody'"));
    let o = run(&["show", "solo", d, "--body"]);
    assert_eq!(stdout(&o).trim(), "# Alone\n\nOnly one.");
    let o = run(&["show", "solo", d]);
    assert!(stdout(&o).contains("haiku") && stdout(&o).contains("Only one."));
    let o = run(&["copy", "solo", d, "--stdout", "--name"]);
    assert_eq!(stdout(&o), "solo");
}

#[test]
fn check_exit_status_follows_errors() {
    let clean = tempfile::tempdir().unwrap();
    write_agent(clean.path(), "ok.md", "fine", "sonnet", "You are fine.");
    let o = run(&["check", clean.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let o = run(&["check", quirks().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("[claude-code-skips]") && out.contains("[mojibake]"), "{out}");
    assert!(out.lines().last().unwrap().contains("skipped"));
    let o = run(&["check", "--json", quirks().to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v.as_array().unwrap().iter().any(|r| r["claude_code"] == "skips"));
}

#[test]
fn diff_exit_status_like_diff() {
    let dir = tempfile::tempdir().unwrap();
    let a = write_agent(dir.path(), "a.md", "lead", "opus", "Line one.\nLine two.");
    let b = write_agent(dir.path(), "b.md", "lead", "inherit", "Line one.\nLine 2.");
    let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
    let o = run(&["diff", a, b, "--width", "120", "--color", "never"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).lines().any(|l| l.contains("opus") && l.contains("inherit")), "{}", stdout(&o));
    assert!(!stdout(&o).contains('\x1b'), "no colour when asked for none");
    assert_eq!(run(&["diff", a, a]).status.code(), Some(0));
    assert_eq!(run(&["diff", a, "/no/such.md"]).status.code(), Some(2));
}

/// Issue 21, item 16: `diff` of two names loads the folder once, so its notices are said once.
#[test]
fn diff_of_two_names_says_each_notice_once() {
    let dir = tempfile::tempdir().unwrap();
    write_agent(dir.path(), "a.md", "lead", "opus", "One.");
    write_agent(dir.path(), "b.md", "other", "opus", "Two.");
    std::fs::write(dir.path().join("README.md"), "# Not an agent\n").unwrap();
    let o = run(&["diff", "lead", "other", dir.path().to_str().unwrap(), "--color", "never"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(stderr(&o).matches("without frontmatter").count(), 1, "{}", stderr(&o));
}

/// Issue 21, item 17: a path that is not there is "no such file", not "no agent named"; a
/// mistyped name gets a "did you mean".
#[test]
fn a_missing_file_and_a_mistyped_name_are_said_plainly() {
    let dir = tempfile::tempdir().unwrap();
    write_agent(dir.path(), "rails-expert.md", "rails-expert", "opus", "Rails.");
    let d = dir.path().to_str().unwrap();
    for spec in ["./missing.md", "missing.md", "sub/missing"] {
        let o = run(&["show", spec, d]);
        assert_eq!(o.status.code(), Some(2));
        assert_eq!(stderr(&o).trim(), format!("agentdeck: no such file: {spec}"));
    }
    let o = run(&["show", "rails-exprt", d]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("did you mean 'rails-expert'?"), "{}", stderr(&o));
    let o = run(&["show", "kubernetes", d]);
    assert!(!stderr(&o).contains("did you mean"), "no stranger is suggested: {}", stderr(&o));
}

/// Issue 21, item 14: `check DIR` names every file its scan left out: frontmatter indented off
/// the first column fails (Claude Code skips the file), a README without frontmatter is a note.
#[test]
fn check_names_every_file_it_left_out() {
    let dir = tempfile::tempdir().unwrap();
    write_agent(dir.path(), "ok.md", "ok", "opus", "Fine.");
    std::fs::write(dir.path().join("indented.md"), "    ---\n    name: indented\n    description: x\n    ---\nBody.\n")
        .unwrap();
    std::fs::write(dir.path().join("README.md"), "# Readme\n").unwrap();
    let d = dir.path().to_str().unwrap();
    let o = run(&["check", d, "--color", "never"]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let out = stdout(&o);
    assert!(out.contains("indented.md:1: error [no-frontmatter]") && out.contains("is indented"), "{out}");
    assert!(out.contains("README.md: info [no-frontmatter]"), "{out}");
    let o = run(&["check", d, "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let skipped: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["claude_code"] == "skips")
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert_eq!(skipped.len(), 2, "{json}");
    std::fs::remove_file(dir.path().join("indented.md")).unwrap();
    assert_eq!(run(&["check", d]).status.code(), Some(0), "a README alone fails nothing");
}

/// Issue 21, item 23: one similarity. `diff` reports the measure `overlaps` lists pairs by:
/// a pair `diff` calls N% is listed by `overlaps --min` just under N%, and not just over it.
#[test]
fn diff_and_overlaps_agree_on_similarity() {
    let dir = tempfile::tempdir().unwrap();
    let shared = "You review backend code for security problems and explain each finding with the line it is on.";
    write_agent(
        dir.path(),
        "a.md",
        "alpha",
        "opus",
        &format!("{shared} You prefer small pull requests and clear tests."),
    );
    write_agent(dir.path(), "b.md", "beta", "opus", &format!("{shared} You write in short sentences for busy people."));
    let d = dir.path().to_str().unwrap();
    let o = run(&["diff", "alpha", "beta", d, "--color", "never"]);
    let out = stdout(&o);
    let pct: u32 = out
        .split("similarity ")
        .nth(1)
        .and_then(|r| r.split('%').next())
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no similarity in {out}"));
    assert!(pct > 11 && pct < 99, "{pct}% in {out}");
    let listed = |min: f32| {
        let o = run(&["overlaps", d, "--json", "--min", &format!("{min:.3}")]);
        let text = stdout(&o);
        text.contains("alpha") && text.contains("beta")
    };
    assert!(listed((pct as f32 - 1.0) / 100.0), "overlaps lists the pair diff calls {pct}%");
    assert!(!listed((pct as f32 + 1.0) / 100.0), "and not above it");
}

#[test]
fn hostile_text_never_reaches_the_terminal() {
    let hostile = quirks().join("hostile-escapes.md");
    let h = hostile.to_str().unwrap();
    let other = quirks().join("strict-ok.md");
    for args in [
        vec!["list", h],
        vec!["list", "--json", h],
        vec!["show", h],
        vec!["show", h, "--body"],
        vec!["show", h, "--json"],
        vec!["check", h],
        vec!["check", "--json", h],
        vec!["diff", h, other.to_str().unwrap(), "--color", "never"],
        vec!["overlaps", h],
        vec!["copy", h, "--stdout"],
    ] {
        let o = run(&args);
        let all = stdout(&o) + &stderr(&o);
        assert!(!all.is_empty(), "{args:?} printed nothing");
        let bad: Vec<char> = all.chars().filter(|c| is_unsafe(*c)).collect();
        assert!(bad.is_empty(), "{args:?} printed {bad:?}");
    }
    // Piped, --raw gives the exact bytes back: the one deliberate exception.
    let o = run(&["show", h, "--raw"]);
    assert_eq!(o.stdout, std::fs::read(&hostile).unwrap());
}

#[test]
fn no_agents_anywhere_shows_the_bundled_examples() {
    let o = Sandbox::new().run(&["list"]);
    assert!(o.status.success());
    assert!(stdout(&o).contains("code-reviewer"), "{}", stdout(&o));
    assert!(stderr(&o).contains("bundled examples"), "{}", stderr(&o));
}

#[test]
fn project_agents_shadow_user_agents() {
    let sb = Sandbox::new();
    let proj = sb.proj.join(".claude/agents");
    let user = sb.home.join(".claude/agents");
    std::fs::create_dir_all(&proj).unwrap();
    std::fs::create_dir_all(&user).unwrap();
    write_agent(&proj, "r.md", "reviewer", "opus", "Project reviewer.");
    write_agent(&user, "r.md", "reviewer", "haiku", "User reviewer.");
    let o = sb.run(&["list", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let agents = v.as_array().unwrap();
    let by_scope = |s: &str| agents.iter().find(|a| a["scope"] == s).unwrap();
    assert_eq!(by_scope("project")["shadowed_by"], serde_json::Value::Null);
    assert!(by_scope("user")["shadowed_by"].as_str().unwrap().ends_with("r.md"));
    // Asked by name, the effective (project) one wins without ambiguity.
    let o = sb.run(&["show", "reviewer", "--body"]);
    assert_eq!(stdout(&o).trim(), "Project reviewer.");
}

#[cfg(unix)]
#[test]
fn symlink_loops_neither_hang_nor_duplicate() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    write_agent(&sub, "x.md", "looped", "opus", "Body.");
    std::os::unix::fs::symlink(dir.path(), sub.join("back")).unwrap();
    std::os::unix::fs::symlink(sub.join("x.md"), dir.path().join("alias.md")).unwrap();
    let o = run(&["list", dir.path().to_str().unwrap()]);
    assert!(o.status.success());
    assert_eq!(stdout(&o).lines().count(), 1, "{}", stdout(&o));
}

/// Every command over files whose names and every field carry control characters (one name
/// is not even UTF-8), and error messages quoting such values: nothing printed can drive the
/// terminal, JSON output stays valid JSON, and failures are one line with exit status 2.
#[cfg(unix)]
#[test]
fn hostile_file_names_and_fields_never_reach_the_terminal() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let esc = "\x1b]0;title\x07\x1b[2J\u{9b}31m\u{202e}\u{2066}\u{2069}\x7f\r";
    let file = |name: &str| {
        format!(
            "---\nname: {name}{esc}\ndescription: \"Use it{esc}.\\n<example>\\nuser: u{esc}\\nassistant: a{esc}\\n\
             </example>\"\ntools: Read{esc}\nmodel: opus{esc}\ncolor: red{esc}\nkey{esc}: v{esc}\n---\nbody{esc}\n"
        )
    };
    std::fs::write(dir.path().join(format!("a-{esc}.md")), file("twin")).unwrap();
    std::fs::write(dir.path().join(std::ffi::OsStr::from_bytes(b"b-\xff\x1b[31m.md")), file("twin")).unwrap();
    std::fs::write(dir.path().join("c.md"), file("solo")).unwrap();
    let d = dir.path().to_str().unwrap();
    let c = dir.path().join("c.md");
    let c = c.to_str().unwrap();
    let a = dir.path().join(format!("a-{esc}.md"));
    let a = a.to_str().unwrap();
    let runs: Vec<(Vec<&str>, bool)> = vec![
        (vec!["list", d], false),
        (vec!["list", "--json", d], true),
        (vec!["check", d], false),
        (vec!["check", "--json", d], true),
        (vec!["overlaps", "--min", "0.1", d], false),
        (vec!["overlaps", "--json", "--min", "0.1", d], true),
        (vec!["show", c], false),
        (vec!["show", a, "--json"], true),
        (vec!["show", "twin", d], false),
        (vec!["copy", c, "--stdout", "--description"], false),
        (vec!["copy", c, "--stdout", "--file"], false),
        (vec!["diff", a, c, "--color", "always"], false),
        (vec!["diff", a, c, "--unified", "--color", "always"], false),
        (vec!["show", "nobody\x1b]0;x\x07\u{202e}", d], false),
        (vec!["list", "/no/such\x1b[2J\u{2066}"], false),
        (vec!["list", "--bogus\x1b[2J"], false),
    ];
    for (args, json) in runs {
        let o = run(&args);
        let (mut out, err) = (stdout(&o), stderr(&o));
        if args.contains(&"always") {
            // Our own colours are the only escapes allowed; the files' escapes are not SGR
            // (`ESC ] 0`, `ESC [ 2 J`), so one that got through would survive this.
            out = strip_sgr(&out);
        }
        assert!(!(out.clone() + &err).is_empty(), "{args:?} printed nothing");
        let bad: Vec<char> = (out.clone() + &err).chars().filter(|c| is_unsafe(*c)).collect();
        assert!(bad.is_empty(), "{args:?} printed {bad:?}");
        if json {
            assert!(matches!(o.status.code(), Some(0 | 1)), "{args:?}: {err}");
            let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: {e}: {out}"));
            assert!(v.is_array() || v.is_object());
        }
        if o.status.code() == Some(2) {
            assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
        }
    }
    // Piped, `diff --unified` gives the files' lines byte for byte, so `patch` applies it:
    // the other deliberate exception, beside `show --raw`.
    let o = run(&["diff", a, c, "--unified"]);
    assert_eq!(o.status.code(), Some(1));
    let hostile_line = format!("-name: twin{esc}\n");
    assert!(o.stdout.windows(hostile_line.len()).any(|w| w == hostile_line.as_bytes()), "{}", stdout(&o));
    // The file names survive as text in JSON (the undecodable byte as U+FFFD).
    let o = run(&["list", "--json", d]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let paths: Vec<&str> = v.as_array().unwrap().iter().map(|a| a["path"].as_str().unwrap()).collect();
    assert!(paths.iter().any(|p| p.ends_with("b-\u{fffd}\u{1b}[31m.md")), "{paths:?}");
    assert!(paths.iter().any(|p| p.contains("a-\u{1b}]0;title")), "{paths:?}");
}

/// A file over the 4 MiB cap is refused whole by `show --raw` and `copy --file` (one line,
/// exit 2), never cut short silently; the other commands read its start and say so.
#[test]
fn files_over_the_cap_are_refused_whole_or_reported() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.md");
    let mut bytes = b"---\nname: big\ndescription: d\n---\n".to_vec();
    bytes.resize(5 << 20, b'x');
    std::fs::write(&path, bytes).unwrap();
    let p = path.to_str().unwrap();
    for args in [vec!["show", p, "--raw"], vec!["copy", p, "--file", "--stdout"]] {
        let o = run(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(o.stdout.is_empty());
        let err = stderr(&o);
        assert!(err.contains("big.md is larger than 4 MiB") && err.lines().count() == 1, "{err}");
    }
    let o = run(&["check", p]);
    assert!(stdout(&o).contains("[file-too-large]"), "{}", stdout(&o));
}
