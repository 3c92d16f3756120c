use super::*;
use proptest::prelude::*;

fn agent(bytes: &[u8]) -> Agent {
    parse(bytes, PathBuf::from("t.md"), Scope::Path).expect("an agent")
}

fn fixed(text: &str) -> (String, Vec<String>) {
    match fix(text.as_bytes(), Path::new("t.md")) {
        Fixed::Rewritten { bytes, changes } => (String::from_utf8(bytes).unwrap(), changes),
        other => panic!("{text:?} was not rewritten: {other:?}"),
    }
}

/// The lines of `a` that are not in `b`, counted.
fn changed_lines(a: &str, b: &str) -> usize {
    let bl: Vec<&str> = b.lines().collect();
    a.lines().filter(|l| !bl.contains(l)).count()
}

#[test]
fn an_unquoted_colon_is_quoted_and_nothing_else_moves() {
    let text =
        "---\nname: reviewer\ndescription: Use when: a PR is ready\ntools: Read, Grep\ncolor: blue\n---\nYou review.\n";
    let before = agent(text.as_bytes());
    assert_eq!(before.claude_code, Verdict::LoadsAfterRetry);
    let (out, changes) = fixed(text);
    let after = agent(out.as_bytes());
    assert_eq!(after.claude_code, Verdict::Loads);
    assert_eq!((after.description.as_str(), after.body.as_str()), ("Use when: a PR is ready", "You review.\n"));
    assert_eq!(changed_lines(&out, text), 1, "{out}");
    assert!(out.contains("description: 'Use when: a PR is ready'\n"), "{out}");
    assert_eq!(changes.len(), 1);
}

#[test]
fn a_quote_the_retry_carries_over_a_line_is_written_again_as_read() {
    // A quote opened on one line and closed on another: whatever the rewrite does, the result
    // loads first try with the fields Claude Code read (the retry quotes only lines that do
    // not parse alone, so here requoting `description` is enough; where it is not, the
    // frontmatter is written again from the fields).
    let text = "---\nname: gen-agent\ndescription: A%:\nuser: a\na: '''\nuser: a'#\n---\nBody\n";
    let before = agent(text.as_bytes());
    assert_eq!(before.claude_code, Verdict::LoadsAfterRetry);
    let (new, changes) = fixed(text);
    let after = agent(new.as_bytes());
    assert_eq!(after.claude_code, Verdict::Loads, "{new}");
    assert_eq!((after.description.as_str(), &after.extra), (before.description.as_str(), &before.extra));
    assert!(!changes.is_empty(), "{changes:?}");
    assert!(new.ends_with("---\nBody\n"));
}

#[test]
fn a_description_over_many_column_zero_lines_becomes_a_block() {
    let text = "---\nname: helper\ndescription: Use this agent for help.\n<example>\nContext: someone asks\nuser: \"how do I: x\"\nassistant: \"I will use helper\"\n</example>\nmodel: opus\n---\nBody\n";
    let before = agent(text.as_bytes());
    assert_eq!(before.claude_code, Verdict::Skips);
    let (out, _) = fixed(text);
    let after = agent(out.as_bytes());
    assert_eq!(after.claude_code, Verdict::Loads, "{out}");
    assert_eq!(after.description, before.description);
    assert_eq!(after.examples, before.examples);
    assert_eq!(after.model.as_deref(), Some("opus"));
    assert!(out.contains("description: |-\n  Use this agent for help.\n  <example>\n"), "{out}");
}

#[test]
fn bom_crlf_and_colon_keep_the_body_bytes() {
    let text =
        "\u{feff}---\r\nname: enc\r\ndescription: Use when: BOM\r\nmodel: haiku\r\n---\r\nLine one.\r\nLine two.\r\n";
    let (out, changes) = fixed(text);
    assert!(out.starts_with("---\nname: enc\ndescription: 'Use when: BOM'\nmodel: haiku\n---\n"), "{out:?}");
    assert!(out.ends_with("---\nLine one.\r\nLine two.\r\n"), "the body stays byte for byte: {out:?}");
    assert!(changes.iter().any(|c| c.contains("byte-order mark")));
    assert_eq!(agent(out.as_bytes()).claude_code, Verdict::Loads);
}

#[test]
fn leading_blank_lines_unclosed_frontmatter_and_duplicates() {
    let (out, _) = fixed("\n\n---\nname: a\ndescription: d\n---\nbody\n");
    assert_eq!(out, "---\nname: a\ndescription: d\n---\nbody\n");
    let (out, _) = fixed("---\nname: a\ndescription: d\n\nbody here\n");
    assert_eq!(out, "---\nname: a\ndescription: d\n---\nbody here\n");
    // Claude Code 2.1.332 reads repeated keys, the last one winning: nothing to fix.
    let dup = "---\nname: a\ndescription: first\ndescription: second\n---\nbody\n";
    assert_eq!(fix(dup.as_bytes(), Path::new("t.md")), Fixed::AlreadyLoads);
    assert_eq!(agent(dup.as_bytes()).claude.map(|s| s.description), Some("second".to_string()));
}

#[test]
fn a_missing_name_is_taken_from_the_file_name() {
    let (out, _) = fixed("---\ndescription: Triggers on: x\n---\nb\n");
    assert_eq!(out, "---\nname: t\ndescription: 'Triggers on: x'\n---\nb\n");
}

#[test]
fn what_cannot_be_fixed_says_why() {
    let ok = "---\nname: a\ndescription: d\n---\nb\n";
    assert_eq!(fix(ok.as_bytes(), Path::new("t.md")), Fixed::AlreadyLoads);
    let no_desc = fix(b"---\nname: a\n---\nb\n", Path::new("t.md"));
    assert!(matches!(no_desc, Fixed::Cannot(m) if m.contains("no description")));
    let bad_name = fix(b"---\nname: -a: b\ndescription: d\n---\nb\n", Path::new("t.md"));
    assert!(matches!(&bad_name, Fixed::Cannot(m) if m.contains("invalid")), "{bad_name:?}");
}

#[test]
fn set_changes_one_line_or_adds_one() {
    let text = "---\nname: a\ndescription: d\nmodel: sonnet\n# a comment\ncolor: red\n---\nbody\n";
    let out = set(text.as_bytes(), Path::new("t.md"), &[FieldEdit::Set("model".into(), Value::String("opus".into()))])
        .unwrap();
    let out = String::from_utf8(out).unwrap();
    assert_eq!(out, text.replace("model: sonnet", "model: opus"));
    let out =
        set(text.as_bytes(), Path::new("t.md"), &[FieldEdit::Set("tools".into(), Value::String("Read, Bash".into()))])
            .unwrap();
    assert_eq!(String::from_utf8(out).unwrap(), text.replace("color: red\n", "color: red\ntools: Read, Bash\n"));
    let out = set(text.as_bytes(), Path::new("t.md"), &[FieldEdit::Unset("color".into())]).unwrap();
    assert_eq!(String::from_utf8(out).unwrap(), text.replace("color: red\n", ""));
    let retry = "---\nname: a\ndescription: x: y\n---\nb\n";
    let err = set(retry.as_bytes(), Path::new("t.md"), &[FieldEdit::Unset("color".into())]).unwrap_err();
    assert!(err.contains("fix"), "{err}");
}

#[test]
fn set_keeps_crlf() {
    let text = "---\r\nname: a\r\ndescription: d\r\nmodel: sonnet\r\n---\r\nbody\r\n";
    let out = set(text.as_bytes(), Path::new("t.md"), &[FieldEdit::Set("model".into(), Value::String("haiku".into()))])
        .unwrap();
    assert_eq!(String::from_utf8(out).unwrap(), text.replace("sonnet", "haiku"));
}

#[test]
fn new_files_read_back_exactly() {
    let tricky =
        "Use when a PR needs review: security & style. Triggers on: \"review\", #pr, [urgent], {x}, 50% - or > all.";
    let fields = vec![
        ("name".to_string(), Value::String("tricky".into())),
        ("description".to_string(), Value::String(tricky.into())),
        ("tools".to_string(), Value::String("Read, Grep".into())),
    ];
    let text = render_new(&fields, "# Persona\n---\nnot frontmatter\n").unwrap();
    let a = agent(text.as_bytes());
    assert_eq!((a.claude_code, a.description.as_str()), (Verdict::Loads, tricky));
    assert_eq!(a.body, "# Persona\n---\nnot frontmatter\n");
}

/// Text with every character YAML treats specially, and line breaks.
fn hostile() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[-a-z :#'\"\\[\\]{}%>|&*!@`,?\\\\\n\t]{0,40}").expect("regex")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn emitted_fields_always_read_back(s in hostile()) {
        let v = Value::String(s.clone());
        let line = emit_field("description", &v);
        prop_assert!(line.is_some(), "no form for {:?}", s);
        prop_assert!(reads_back(&line.unwrap(), "description", &v));
    }

    #[test]
    fn new_files_from_hostile_descriptions_load_with_exact_fields(desc in hostile(), body in hostile()) {
        let desc = desc.trim().to_string();
        prop_assume!(!desc.is_empty());
        let fields = vec![
            ("name".to_string(), Value::String("a-b".into())),
            ("description".to_string(), Value::String(desc.clone())),
        ];
        let text = render_new(&fields, &body).unwrap();
        let (map, _) = read_fields(&fm_text(&layout(&text).unwrap().lines));
        prop_assert_eq!(map, fields);
        prop_assert_eq!(agent(text.as_bytes()).claude_code, Verdict::Loads);
    }

    /// Broken files as real collections write them (unquoted colons and specials in one-line
    /// values, descriptions over several column-0 lines with example labels, CRLF, a BOM):
    /// after `fix` Claude Code loads them first try, and every field reads as before.
    #[test]
    fn fixed_files_load_and_read_the_same(
        first in "[A-Za-z][a-z :#%@>&*!,'\\[\\]]{0,30}",
        more in proptest::collection::vec("[a-z][a-z :'\"#]{0,20}", 0..4),
        labels in proptest::bool::ANY,
        crlf in proptest::bool::ANY,
        bom in proptest::bool::ANY,
        model in proptest::option::of("(opus|sonnet: x|claude-x)"),
    ) {
        let mut fm = format!("name: gen-agent\ndescription: {first}\n");
        for (i, line) in more.iter().enumerate() {
            if labels && i % 2 == 0 { fm.push_str(&format!("user: {line}\n")) } else { fm.push_str(&format!("{line}\n")) }
        }
        if let Some(m) = &model { fm.push_str(&format!("model: {m}\n")); }
        let mut text = format!("---\n{fm}---\nThe body: kept.\n\nSecond line\n");
        if crlf { text = text.replace('\n', "\r\n"); }
        if bom { text.insert(0, '\u{feff}'); }
        let before = agent(text.as_bytes());
        match fix(text.as_bytes(), Path::new("t.md")) {
            Fixed::AlreadyLoads => prop_assert_eq!(before.claude_code, Verdict::Loads),
            Fixed::Rewritten { bytes, .. } => {
                let after = agent(&bytes);
                prop_assert_eq!(after.claude_code, Verdict::Loads);
                prop_assert!(same_fields(&before, &after).is_ok());
                let body = if crlf { "---\nThe body: kept.\r\n\r\nSecond line\r\n" } else { "---\nThe body: kept.\n\nSecond line\n" };
                prop_assert!(String::from_utf8(bytes).unwrap().ends_with(body));
            }
            Fixed::Cannot(why) => {
                // Only a name or description problem may stop it.
                prop_assert!(before.description.trim().is_empty() || why.contains("name"), "{}: {:?}", why, text);
            }
        }
    }
}

/// Claude Code ends the frontmatter at the first `---`, even inside a quoted value: a value
/// holding one is written with the third dash escaped, and Claude Code reads it back whole.
#[test]
fn a_value_holding_three_dashes_is_written_without_them() {
    let value = Value::String("before --- after ----- end".into());
    let line = emit_field("description", &value).unwrap();
    assert!(!line.contains("---"), "{line}");
    let text = format!("---\nname: dashes\n{line}\n---\nBody.\n");
    let a = agent(text.as_bytes());
    assert_eq!((a.claude_code, a.description.as_str()), (Verdict::Loads, "before --- after ----- end"));
}
