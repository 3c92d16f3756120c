//! The renderer's tests: each construct, widths, styles, hostile text, and properties.

use super::*;
use proptest::prelude::*;

fn lines_text(lines: &[Line<'_>]) -> Vec<String> {
    lines.iter().map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect()).collect()
}

fn text(md: &str, width: u16) -> Vec<String> {
    lines_text(&render(md, width, &MdStyles::default()))
}

fn joined(md: &str, width: u16) -> String {
    text(md, width).join("\n")
}

#[track_caller]
fn check(md: &str, width: u16, expected: &str) {
    assert_eq!(joined(md, width), expected, "rendering {md:?} at {width}");
}

/// The style of the first span whose text contains `needle`.
fn style_of(md: &str, needle: &str) -> Style {
    let lines = render(md, 80, &MdStyles::default());
    let mut spans = lines.iter().flat_map(|l| l.spans.iter());
    spans.find(|s| s.content.contains(needle)).expect("needle present").style
}

#[test]
fn headings_lose_markers_and_get_blank_lines() {
    check("# Title\nintro\n## Section\n### Sub", 40, " Title \n\nintro\n\nSection\n\nSub");
    let st = MdStyles::default();
    assert_eq!(style_of("# Title", "Title"), st.heading1);
    assert_eq!(style_of("## Section", "Section"), st.heading);
    assert!(!joined("## Heading **bold**", 40).contains("##"));
}

#[test]
fn each_heading_level_looks_different_and_is_listed() {
    let md = "# One\n\n## Two\n\n### Three\n\n#### Four **bold**\n\n##### Five\n\ntext";
    for st in [MdStyles::default(), MdStyles::plain()] {
        let doc = render_doc(md, 40, &st);
        let styles: Vec<Style> = (1..=4).map(|l| st.heading_style(l)).collect();
        for (i, a) in styles.iter().enumerate() {
            for b in &styles[i + 1..] {
                assert_ne!(a, b, "H1-H4 differ from each other");
            }
        }
        let found: Vec<(usize, u8, &str)> = doc.headings.iter().map(|h| (h.line, h.level, h.title.as_str())).collect();
        assert_eq!(found, [(0, 1, "One"), (2, 2, "Two"), (4, 3, "Three"), (6, 4, "Four bold"), (8, 5, "Five")]);
        for h in &doc.headings {
            let text: String = doc.lines[h.line].spans.iter().map(|s| s.content.as_ref()).collect();
            assert!(text.contains(h.title.split(' ').next().unwrap()), "{text:?} at line {}", h.line);
        }
    }
    // A long H1 wraps inside its block and every line keeps the padding.
    let lines = text("# one two three four", 10);
    assert_eq!(lines, [" one two ", " three ", " four "]);
}

#[test]
fn paragraphs_wrap_and_break() {
    let md = "one two three four five six seven\n\nsoft\nbreak  \nhard";
    check(md, 15, "one two three\nfour five six\nseven\n\nsoft break\nhard");
    check(&"x".repeat(25), 10, "xxxxxxxxxx\nxxxxxxxxxx\nxxxxx");
}

#[test]
fn inline_styles_nest_without_markers() {
    let md = "a **bold *both* b** `code` ~~gone~~";
    check(md, 80, "a bold both b code gone");
    let st = MdStyles::default();
    assert_eq!(style_of(md, "bold"), st.strong);
    assert_eq!(style_of(md, "both"), st.strong.patch(st.emphasis));
    assert_eq!(style_of(md, "code"), st.code);
    assert_eq!(style_of(md, "gone"), st.strikethrough);
}

#[test]
fn nested_lists() {
    let md = "- one\n- two\n  - inner a\n  - inner b\n    - deep\n- three\n\n3. c\n4. d\n\nafter";
    let out = "• one\n• two\n  ◦ inner a\n  ◦ inner b\n    ▪ deep\n• three\n\n3. c\n4. d\n\nafter";
    check(md, 40, out);
}

#[test]
fn list_continuations_indent_under_text() {
    let md = "- alpha beta gamma delta epsilon\n10. ten eleven twelve";
    check(md, 14, "• alpha beta\n  gamma delta\n  epsilon\n\n10. ten eleven\n    twelve");
}

#[test]
fn loose_list_and_tasks() {
    check("- a\n\n- b", 20, "• a\n\n• b");
    check("- [ ] todo\n- [x] done\n1. [x] num", 20, "☐ todo\n☑ done\n\n1. ☑ num");
}

#[test]
fn code_blocks_keep_lines() {
    let md = "```rust\nfn main() {\n\tlet x = 1;\n}\n```\n\n    indented\n    code";
    check(md, 40, "  rust\n  fn main() {\n      let x = 1;\n  }\n\n  indented\n  code");
    check("```\nabcdefghijkl\n```", 10, "  abcdefgh\n↪ ijkl");
    assert_eq!(style_of("```\nxyz\n```", "xyz"), MdStyles::default().code_block);
}

#[test]
fn code_is_highlighted_when_asked_and_wraps_with_a_mark() {
    let md = "```rust\nfn main() { let s = \"a long string literal\"; }\n```";
    let st = MdStyles::default().with_highlight(true);
    let lines = render(md, 30, &st);
    let spans: Vec<&Span> = lines.iter().flat_map(|l| l.spans.iter()).collect();
    let fn_span = spans.iter().find(|s| s.content == "fn").expect("fn is a span of its own");
    assert_eq!(fn_span.style, st.text.patch(st.syntax.keyword));
    assert!(spans.iter().any(|s| s.content.contains("long") && s.style == st.text.patch(st.syntax.string)));
    let text = lines_text(&lines);
    assert!(text[2].starts_with("↪ "), "the wrapped part of the line is marked: {text:?}");
    assert!(text.iter().all(|l| str_width(l) <= 30));
    // Not asked: one style, no grammar needed.
    let plain = render(md, 30, &MdStyles::default());
    assert!(
        plain
            .iter()
            .flat_map(|l| l.spans.iter())
            .skip(2)
            .all(|s| s.style == MdStyles::default().code_block || s.content.trim().is_empty() || s.content == "↪ ")
    );
}

#[test]
fn quotes_prefix_bars() {
    let md = "> one two three four\n>\n> > nested\n\nout";
    check(md, 16, "│ one two three\n│ four\n│\n│ │ nested\n\nout");
}

#[test]
fn tables_get_box_borders() {
    let md = "| Name | Role |\n|------|-----:|\n| Alice | dev |\n| Bob | reviewer |";
    check(md, 40, "Name  │     Role\n──────┼─────────\nAlice │      dev\nBob   │ reviewer");
    assert_eq!(style_of(md, "Name"), MdStyles::default().table_header);
    let wide = "| a | b |\n|---|---|\n| one two three four five six | seven eight nine |";
    let out = "a             │ b\n──────────────┼─────────\none two three │ seven\nfour five six │ eight\n              │ nine";
    check(wide, 24, out);
}

#[test]
fn links_and_images() {
    check("see [docs](https://x.io/d) now", 80, "see docs (https://x.io/d) now");
    check("<https://x.io>", 80, "https://x.io");
    check("![a cat](cat.png)", 80, "[image: a cat]");
    assert_eq!(style_of("[docs](u)", "docs"), MdStyles::default().link);
}

#[test]
fn rule_and_html() {
    check("a\n\n---\n\nb", 12, "a\n\n────────────\n\nb");
    let md = "<example>\nuser: hi\n  assistant: hello\n</example>";
    check(md, 40, "<example>\nuser: hi\n  assistant: hello\n</example>");
    check("a <b>bold</b> c", 40, "a <b>bold</b> c");
}

#[test]
fn controls_never_reach_output() {
    let out = joined("# T\x1b]0;x\x07\n\nhi\x1b[2J `\x1b[6n` \u{202e}z", 40);
    assert!(!out.chars().any(|c| c.is_control() && c != '\n'), "{out:?}");
    assert!(!out.contains('\u{202e}'));
}

#[test]
fn tiny_widths_do_not_panic() {
    let md = "# Heading\n\n> - [ ] 中文 **x**\n\n| a | b | c |\n|-|-|-|\n| 1 | 2 | 3 |\n\n```\ncode\n```";
    assert!(render(md, 0, &MdStyles::default()).is_empty());
    for w in 1..12 {
        for l in text(md, w) {
            assert!(str_width(&l) <= usize::from(w), "{l:?} at {w}");
        }
    }
}

#[test]
fn plain_styles_have_no_colour() {
    let st = MdStyles::plain();
    let all = [
        st.text,
        st.heading,
        st.heading1,
        st.heading3,
        st.heading4,
        st.syntax.comment,
        st.syntax.keyword,
        st.emphasis,
        st.strong,
        st.strikethrough,
        st.code,
        st.code_block,
        st.link,
        st.meta,
        st.quote,
        st.rule,
        st.list_marker,
        st.table_border,
        st.table_header,
    ];
    assert!(all.iter().all(|s| s.fg.is_none() && s.bg.is_none()));
}

const PERSONA: &str = "# Code Reviewer

You are a **senior code reviewer**. You focus on *correctness*, security and \
`maintainability`, and you never approve code you have not read.

## Responsibilities

1. Read the whole diff before commenting
2. Flag bugs with a suggested fix
   - include the file and line
   - explain the *why*, not just the what
3. Keep feedback kind and specific

## Checklist

- [x] Tests pass
- [ ] No secrets committed

> Be direct. Praise what is good, and explain what is not, with an example of the better \
version when you can.

```bash
cargo test --all-features
cargo clippy -- -D warnings
```

| Severity | Meaning | Action |
|----------|---------|--------|
| high | breaks behaviour or security | must fix before merge |
| low | style or naming | optional nit |

See [the style guide](https://example.com/style) for details.

---

<example>
Context: the user opened a pull request.
user: \"Can you review my PR?\"
assistant: \"I'll use the code-reviewer agent.\"
</example>
";

#[test]
fn persona_snapshots() {
    insta::assert_snapshot!("persona_60", joined(PERSONA, 60));
    insta::assert_snapshot!("persona_32", joined(PERSONA, 32));
    let plain = lines_text(&render(PERSONA, 60, &MdStyles::plain())).join("\n");
    assert_eq!(plain, joined(PERSONA, 60));
}

fn markdownish() -> impl Strategy<Value = String> {
    // Fragments separated by '¦'; random concatenations stress every construct.
    let parts = "# ¦## ¦**¦*¦_¦`¦```\n¦```py\n¦> ¦- ¦  - ¦1. ¦- [ ] ¦- [x] ¦\
                 | a | b |\n|---|---|\n¦| x | yy |\n¦\n¦\n\n¦word ¦other ¦\
                 superlongwordthatneverendsreallyever ¦[link](http://e.com/x) ¦\
                 ![alt](i.png)¦---\n¦<example>\n¦</example>\n¦中文字符 ¦😀¦\t¦    ¦\
                 ~~¦\x1b]52;c;¦\u{202e}¦\r\n¦a\u{301}¦<br>¦  \n";
    let parts: Vec<&'static str> = parts.split('¦').collect();
    prop::collection::vec(prop::sample::select(parts), 0..60).prop_map(|v| v.concat())
}

proptest! {
    #[test]
    fn lines_fit_width(md in markdownish(), width in 10u16..120) {
        let styles = MdStyles::default().with_highlight(width % 2 == 0);
        for line in render(&md, width, &styles) {
            let w: usize = line.spans.iter().map(|s| str_width(&s.content)).sum();
            prop_assert!(w <= usize::from(width), "{:?} wider than {}", line, width);
            for span in &line.spans {
                prop_assert!(!span.content.chars().any(char::is_control), "{:?}", span);
            }
        }
    }

    #[test]
    fn any_text_any_width_no_panic(md in any::<String>(), width in 0u16..40) {
        let lines = render(&md, width, &MdStyles::plain());
        for line in lines {
            prop_assert!(line.width() <= usize::from(width));
        }
    }
}
