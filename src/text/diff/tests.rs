//! Tests of the comparison model and its rendering.

use super::*;
use crate::catalog::{Agent, Example, Scope};
use proptest::prelude::*;
use std::path::PathBuf;

pub(crate) fn agent(name: &str, body: &str) -> Agent {
    let mut a = Agent::new(name, PathBuf::from(format!(".claude/agents/{name}.md")), Scope::Project);
    a.description = format!("Use {name} for things.");
    a.body = body.into();
    a.body_line = 6;
    a
}

fn tools(n: &[&str]) -> Option<Vec<String>> {
    Some(n.iter().map(|s| s.to_string()).collect())
}

fn plain(d: &AgentDiff, a: &Agent, b: &Agent, opts: RenderOpts) -> String {
    to_ansi(&render(d, a, b, &opts, &DiffStyles::plain()).lines, false)
}

#[test]
fn insertion_gives_filler_row() {
    let a = agent("x", "one\ntwo\nthree\n");
    let b = agent("x", "one\ntwo\nNEW\nthree\n");
    let d = compare(&a, &b);
    assert_eq!(d.body.len(), 4);
    let ins = &d.body[2];
    assert_eq!(ins.kind, RowKind::Inserted);
    assert!(ins.left.is_none());
    assert_eq!(ins.right.as_ref().unwrap().text(), "NEW");
    assert_eq!(ins.right.as_ref().unwrap().line_no, 8);
    assert_eq!(d.body[3].left.as_ref().unwrap().line_no, 8);
    assert_eq!(d.body[3].right.as_ref().unwrap().line_no, 9);
    assert_eq!((d.stats.added, d.stats.removed), (1, 0));
}

#[test]
fn changed_line_has_word_highlights() {
    let a = agent("x", "You are a careful reviewer.\n");
    let b = agent("x", "You are a hasty reviewer.\n");
    let d = compare(&a, &b);
    assert_eq!(d.body.len(), 1);
    assert_eq!(d.body[0].kind, RowKind::Changed);
    let l = &d.body[0].left.as_ref().unwrap().segments;
    let r = &d.body[0].right.as_ref().unwrap().segments;
    let changed = |s: &Vec<(bool, String)>| s.iter().filter(|x| x.0).map(|x| x.1.clone()).collect::<String>();
    assert_eq!(changed(l), "careful");
    assert_eq!(changed(r), "hasty");
    assert!(l.iter().any(|(c, s)| !c && s.contains("You are a")));
}

#[test]
fn tool_sets_big_against_small() {
    let mut a = agent("x", "b\n");
    let mut b = agent("x", "b\n");
    let mut many: Vec<String> = (0..70).map(|i| format!("mcp__server__tool_{i}")).collect();
    many.extend(["Read", "Grep", "Bash"].map(String::from));
    a.tools = Some(many);
    b.tools = tools(&["Read", "Grep", "Bash", "Write", "Edit", "Glob"]);
    let d = compare(&a, &b);
    assert_eq!(d.tools.both, vec!["Read", "Grep", "Bash"]);
    assert_eq!(d.tools.left_only.len(), 70);
    assert_eq!(d.tools.right_only, vec!["Write", "Edit", "Glob"]);
    assert!(!d.tools.is_same());
    let out = plain(&d, &a, &b, RenderOpts { width: 60, ..Default::default() });
    assert!(out.contains("only left (70)"), "{out}");
    assert!(out.contains("only right (3)"));
    // Packed several to a line, not one per line.
    let tool_lines = out.lines().filter(|l| l.contains("mcp__server__tool_")).count();
    assert!(tool_lines <= 20, "{tool_lines} lines:\n{out}");
    assert!(out.contains("mcp__server__{tool_0, tool_1,"), "{out}");
    assert!(out.contains("tool_69}"));
}

#[test]
fn all_tools_versus_list() {
    let a = agent("x", "");
    let mut b = agent("x", "");
    b.tools = tools(&["Read"]);
    let d = compare(&a, &b);
    assert!(d.tools.left_all && !d.tools.right_all);
    assert_eq!(d.tools.right_only, vec!["Read"]);
    assert!(!d.is_identical());
}

#[test]
fn field_rows() {
    let mut a = agent("x", "");
    let mut b = agent("x", "");
    a.model = Some("opus".into());
    b.model = Some("inherit".into());
    b.color = Some("green".into());
    a.extra.insert("version".into(), serde_json::json!("1"));
    b.extra.insert("tags".into(), serde_json::json!(["a", "b"]));
    let d = compare(&a, &b);
    let keys: Vec<&str> = d.fields.iter().map(|f| f.key.as_str()).collect();
    assert_eq!(keys, ["name", "description", "model", "color", "version", "tags"]);
    let model = &d.fields[2];
    assert_eq!(model.kind, FieldKind::Changed);
    assert_eq!((model.left.as_deref(), model.right.as_deref()), (Some("opus"), Some("inherit")));
    assert_eq!(d.fields[3].kind, FieldKind::RightOnly);
    assert_eq!(d.fields[4].kind, FieldKind::LeftOnly);
    assert_eq!(d.fields[5].right.as_deref(), Some(r#"["a","b"]"#));
    assert_eq!(d.swapped().fields[3].kind, FieldKind::LeftOnly);
    assert_eq!(d.stats.fields_changed, 4);
    for unified in [false, true] {
        let out = plain(&d, &a, &b, RenderOpts { width: 80, unified, ..Default::default() });
        let row = out.lines().find(|l| l.contains("opus")).expect("model row");
        assert!(row.contains("inherit"), "both values on one row: {row}");
        assert!(row.starts_with("~ "), "{row}");
        let color = out.lines().find(|l| l.contains("green")).expect("color row");
        assert!(color.contains('∅') && color.starts_with("+ "), "{color}");
    }
}

#[test]
fn identical_agents() {
    let mut a = agent("x", "same\nbody\n");
    a.tools = tools(&["Read"]);
    a.examples = vec![Example { user: "hi".into(), ..Default::default() }];
    let d = compare(&a, &a.clone());
    assert!(d.is_identical());
    assert_eq!(d.stats.similarity, 1.0);
    assert_eq!(unified(&a, &a), "");
    let mut b = a.clone();
    b.examples[0].assistant = "hello".into();
    let d = compare(&a, &b);
    assert!(!d.is_identical());
    assert!(!d.examples[0].same);
}

#[test]
fn folds_keep_context() {
    let body_a: String = (0..30).map(|i| format!("line {i}\n")).collect();
    let body_b = body_a.replace("line 15\n", "line fifteen\n");
    let (a, b) = (agent("x", &body_a), agent("x", &body_b));
    let d = compare(&a, &b);
    let f = hunks(&d.body, 2);
    assert_eq!(f, vec![Fold { id: 0, hidden: 0..13 }, Fold { id: 1, hidden: 18..30 }]);
    let opts = RenderOpts { width: 80, context: 2, ..Default::default() };
    let r = render(&d, &a, &b, &opts, &DiffStyles::plain());
    assert_eq!(r.folds.len(), 2);
    let text = to_ansi(&r.lines, false);
    assert!(text.contains("⋯ 13 unchanged lines") && text.contains("⋯ 12 unchanged lines"));
    assert!(!text.contains("line 3 "));
    let open = render_with(&d, &a, &b, &opts, &DiffStyles::plain(), &[0].into());
    assert_eq!(open.folds.len(), 1);
    assert!(to_ansi(&open.lines, false).contains("line 3"));
    let first_change = r.change_starts.last().copied().unwrap();
    assert!(r.lines[first_change].to_string().contains("fifteen"));
}

#[test]
fn unified_text() {
    let mut a = agent("x", "one\ntwo\n");
    let mut b = agent("x", "one\nTWO\n");
    a.model = Some("opus".into());
    b.model = Some("sonnet".into());
    let u = unified(&a, &b);
    assert!(u.starts_with("--- .claude/agents/x.md\n+++ .claude/agents/x.md\n"), "{u}");
    assert!(u.contains("-model: opus\n+model: sonnet\n"));
    assert!(u.contains("-two\n+TWO\n"));
}

#[test]
fn ansi_only_with_color() {
    let (a, b) = (agent("x", "a b\n"), agent("x", "a c\n"));
    let d = compare(&a, &b);
    let r = render(&d, &a, &b, &RenderOpts::default(), &DiffStyles::default());
    let colored = to_ansi(&r.lines, true);
    assert!(colored.contains("\x1b[31m") && colored.contains("\x1b[1;7;31m"));
    assert!(!to_ansi(&r.lines, false).contains('\x1b'));
}

#[test]
fn control_characters_never_reach_lines() {
    let (a, b) = (agent("x", "ok\n"), agent("x", "evil \x1b[2Jtext\n"));
    let d = compare(&a, &b);
    let out = to_ansi(&render(&d, &a, &b, &RenderOpts::default(), &DiffStyles::default()).lines, false);
    assert!(!out.contains('\x1b'));
}

fn sample() -> (Agent, Agent) {
    let mut a = agent(
        "code-reviewer",
        "You are a senior code reviewer.\n\nCheck every diff carefully for bugs, style problems and missing tests before approving anything.\nBe kind.\n\n## Steps\n1. Read\n2. Think\n3. Write\n",
    );
    let mut b = agent(
        "code-reviewer",
        "You are a senior code reviewer.\n\nCheck every diff quickly for bugs and missing tests before approving anything.\n\n## Steps\n1. Read\n2. Think\n3. Comment\n4. Write — 日本語のテキスト\n",
    );
    a.model = Some("opus".into());
    b.model = Some("inherit".into());
    b.color = Some("green".into());
    a.tools = tools(&["Read", "Grep", "Glob", "Bash", "mcp__github__create_issue"]);
    b.tools = tools(&["Read", "Grep", "Write"]);
    a.examples = vec![Example { context: "A PR".into(), user: "Review my PR".into(), ..Default::default() }];
    b.examples = vec![Example { context: "A PR".into(), user: "Review this PR please".into(), ..Default::default() }];
    b.path = PathBuf::from("/home/u/.claude/agents/code-reviewer.md");
    b.scope = Scope::User;
    (a, b)
}

#[test]
fn snapshot_side_by_side() {
    let (a, b) = sample();
    let d = compare(&a, &b);
    insta::assert_snapshot!(plain(&d, &a, &b, RenderOpts { width: 90, context: 1, ..Default::default() }));
}

#[test]
fn snapshot_wrapped_narrow() {
    let (a, b) = sample();
    let d = compare(&a, &b);
    insta::assert_snapshot!(plain(&d, &a, &b, RenderOpts { width: 50, wrap: true, context: 1, ..Default::default() }));
}

#[test]
fn snapshot_unified_swapped() {
    let (a, b) = sample();
    let d = compare(&a, &b);
    let opts = RenderOpts { width: 72, unified: true, swap: true, context: 1, ..Default::default() };
    insta::assert_snapshot!(plain(&d, &a, &b, opts));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    #[test]
    fn every_line_fits(width in 40u16..200, wrap: bool, unified: bool, swap: bool, extra in "[a-zé日 ]{0,120}") {
        let (mut a, mut b) = sample();
        a.body.push_str(&extra);
        b.description.push_str(&extra);
        let d = compare(&a, &b);
        let opts = RenderOpts { width, wrap, unified, swap, context: 2, expand_all: wrap };
        for styles in [DiffStyles::default(), DiffStyles::plain()] {
            let r = render(&d, &a, &b, &opts, &styles);
            for l in &r.lines {
                prop_assert!(l.width() <= width as usize, "{} > {width}: {l}", l.width());
            }
        }
    }
}
