//! Issue 12, "Fields and fences": the fields of a file are right however its fences are
//! drawn, while the verdict still says when Claude Code would skip it; values are shown as
//! written, and values of the wrong type are diagnostics; one file-stem rule.

use agentdeck::catalog::parse::{file_stem, parse};
use agentdeck::catalog::{Agent, Scope, Severity, Verdict};
use std::path::{Path, PathBuf};

fn agent(text: &str) -> Agent {
    parse(text.as_bytes(), PathBuf::from("x.md"), Scope::Path).unwrap_or_else(|e| panic!("{text:?}: {e:?}"))
}

fn codes(a: &Agent) -> Vec<&'static str> {
    a.diagnostics.iter().map(|d| d.code).collect()
}

fn skip_reason(a: &Agent) -> String {
    a.diagnostics.iter().find(|d| d.code == "claude-code-skips").map(|d| d.message.clone()).unwrap_or_default()
}

/// The same fields, whichever way the fences are drawn.
#[test]
fn fields_are_read_whatever_the_fences() {
    let fields = "name: fenced\ndescription: Reviews code.\nmodel: opus\ncolor: green\ntools: Read, Grep";
    let exact = agent(&format!("---\n{fields}\n---\nYou review.\n"));
    assert_eq!(exact.claude_code, Verdict::Loads);
    // Claude Code 2.1.332 takes `---` with blanks after it to open, not more dashes; any
    // line holding `---` closes.
    let loads = [(false, "----", "----"), (true, "---  ", "---\t"), (false, "-----", "---"), (true, "---", "------ ")];
    for (claude_loads, open, close) in loads {
        let a = agent(&format!("{open}\n{fields}\n{close}\nYou review.\n"));
        let what = format!("{open:?} ... {close:?}");
        assert_eq!(
            (a.name.as_str(), a.model.as_deref(), a.color.as_deref()),
            ("fenced", Some("opus"), Some("green")),
            "{what}"
        );
        assert_eq!(a.tools, exact.tools, "{what}");
        assert_eq!((a.description.as_str(), a.body.as_str()), ("Reviews code.", "You review.\n"), "{what}");
        let want = if claude_loads { Verdict::Loads } else { Verdict::Skips };
        assert_eq!(a.claude_code, want, "{what}");
        assert!(codes(&a).contains(&"loose-fence"), "{what}: {:?}", a.diagnostics);
    }
    let a = agent(&format!("----\n{fields}\n---\nbody\n"));
    assert!(skip_reason(&a).contains("the first line is `----`, not `---`"), "{}", skip_reason(&a));
    let a = agent(&format!("---\n{fields}\n--- \nbody\n"));
    assert_eq!(a.claude_code, Verdict::Loads);
}

/// Blank lines between fields: kept inside the frontmatter, closed or not.
#[test]
fn blank_lines_inside_the_frontmatter() {
    let closed = agent("---\nname: spaced\n\ndescription: Reviews code.\n\n\ntools: Read\n---\nbody\n");
    assert_eq!((closed.description.as_str(), closed.tools.clone()), ("Reviews code.", Some(vec!["Read".to_string()])));
    assert_eq!(closed.claude_code, Verdict::Loads);
    // Unclosed: a blank line followed by another documented field does not end it; the first
    // blank line followed by anything else does.
    let open = agent(
        "---\nname: spaced\ndescription: Reviews code.\n\nmodel: opus\n\ncolor: red\n\nYou review.\nmodel: haiku\n",
    );
    assert_eq!((open.model.as_deref(), open.color.as_deref()), (Some("opus"), Some("red")));
    assert_eq!(open.body, "You review.\nmodel: haiku\n");
    assert_eq!(open.body_line, 9);
    assert!(codes(&open).contains(&"unclosed-frontmatter"));
    assert_eq!(open.claude_code, Verdict::Skips);
}

/// Numbers and booleans are shown as the file writes them, in every field a person reads.
#[test]
fn values_are_shown_as_written() {
    let a = agent(
        "---\nname: 0x1F\ndescription: 1e3\nmodel: 0x1F # hex\ncolor: True\ntools: [0o17, Read, 1.50]\n---\nbody\n",
    );
    assert_eq!(a.name, "0x1F");
    assert_eq!(a.description, "1e3");
    assert_eq!((a.model.as_deref(), a.color.as_deref()), (Some("0x1F"), Some("True")));
    assert_eq!(a.tools, Some(vec!["0o17".to_string(), "Read".to_string(), "1.50".to_string()]));
    let block =
        agent("---\nname: b\ndescription: d\ndisallowedTools:\n  - 0x10\n  - Bash\n  - yes\n  - false\n---\nbody\n");
    assert_eq!(block.disallowed_tools, Some(["0x10", "Bash", "yes", "false"].map(String::from).to_vec()));
    // The tolerant reader too (this frontmatter is not YAML).
    let tolerant = agent("---\nname: t\ndescription: d\n<example>\nuser: hi\nmodel: 010\n---\nbody\n");
    assert_eq!(tolerant.model.as_deref(), Some("010"));
}

/// A list, a mapping or a null where a tool name or text belongs is a diagnostic naming the
/// key and what was found, not a value silently dropped.
#[test]
fn wrong_types_are_diagnostics() {
    let a = agent("---\nname: typed\ndescription: d\ntools: [1, [2, 3], {a: b}, null]\nmodel: [opus]\n---\nbody\n");
    assert_eq!(a.tools, Some(vec!["1".to_string()]));
    let wrong: Vec<&str> =
        a.diagnostics.iter().filter(|d| d.code == "wrong-type").map(|d| d.message.as_str()).collect();
    assert_eq!(
        wrong,
        [
            "`model` should be text but is a list, [\"opus\"]; it is ignored",
            "`tools` entry 2 is a list, [2,3], not a tool name; it is left out",
            "`tools` entry 3 is a mapping, {\"a\":\"b\"}, not a tool name; it is left out",
            "`tools` entry 4 is empty (null), not a tool name; it is left out",
        ]
    );
    assert!(a.diagnostics.iter().filter(|d| d.code == "wrong-type").all(|d| d.line.is_some()));
    assert_eq!(a.model, None);
    let b = agent("---\nname: [a, b]\ndescription: {x: y}\n---\nbody\n");
    let sev: Vec<(Severity, &str)> = b.diagnostics.iter().map(|d| (d.severity, d.code)).collect();
    assert!(sev.contains(&(Severity::Error, "wrong-type")), "{sev:?}");
    assert!(!codes(&b).contains(&"missing-name") && !codes(&b).contains(&"missing-description"), "{sev:?}");
    assert_eq!((b.name.as_str(), b.claude_code), ("x", Verdict::Skips));
}

/// One rule names an agent after its file, whatever made the file nameless.
#[test]
fn one_file_stem_everywhere() {
    for (file, stem) in [
        ("x.agent.md", "x"),
        ("X.Agent.MD", "X"),
        ("code-reviewer.md", "code-reviewer"),
        ("a.b.txt", "a.b"),
        ("63", "63"),
    ] {
        assert_eq!(file_stem(Path::new(file)), stem, "{file}");
    }
    let dir = tempfile::tempdir().unwrap();
    let nameless = dir.path().join("helper.agent.md");
    std::fs::write(&nameless, "---\ndescription: d\n---\nbody\n").unwrap();
    let empty = dir.path().join("empty.agent.md");
    std::fs::write(&empty, "plain text\n").unwrap();
    let gone = dir.path().join("gone.agent.md");
    let parsed = agentdeck::catalog::load::reread(&agentdeck::catalog::Source::lone(&nameless), Scope::Path);
    let not_agent = agentdeck::catalog::load::reread(&agentdeck::catalog::Source::lone(&empty), Scope::Path);
    let unreadable = agentdeck::catalog::load::reread(&agentdeck::catalog::Source::lone(&gone), Scope::Path);
    assert_eq!([parsed.name, not_agent.name, unreadable.name], ["helper", "empty", "gone"]);
}

/// Claude Code ends the frontmatter at the first `---` it meets, even inside a value: what
/// comes after is never read, and agentdeck says so and shows what Claude Code uses.
#[test]
fn a_dash_run_inside_a_value_cuts_the_frontmatter_for_claude_code() {
    let a = agent("---\nname: cut\ndescription: before --- after\ntools: Read, Grep\nmodel: opus\n---\nbody\n");
    assert_eq!(a.claude_code, Verdict::Loads);
    assert_eq!(a.description, "before", "the description Claude Code lists");
    assert_eq!(a.tools, None, "the tools line is never read: all tools");
    let cut = a.diagnostics.iter().find(|d| d.code == "claude-code-cut").expect("a claude-code-cut warning");
    assert_eq!(cut.line, Some(3));
    assert!(cut.message.contains("it never reads tools, model"), "{}", cut.message);
    let whole = agent("---\nname: whole\ndescription: d\ntools: Read\n-----\nbody\n");
    assert!(!codes(&whole).contains(&"claude-code-cut"), "{:?}", whole.diagnostics);
}
