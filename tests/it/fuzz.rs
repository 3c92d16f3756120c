//! Fuzzing the readers: proptests over random bytes, agent-like text, example-like text and
//! mutated quirk fixtures, and the example reader on long adversarial text. Each must give an
//! agent (or a clean refusal) whose persona renders free of terminal controls. Failures proptest
//! finds are kept in `tests/proptest-regressions/fuzz.txt` and replayed first.

use crate::robustness::{finishes, parse_bytes};
use agentdeck::catalog::parse::{Detail, parse_with};
use agentdeck::catalog::{Entry, Scope, examples};
use proptest::prelude::*;
use std::path::PathBuf;

/// 400 cases a property in a normal run; `PROPTEST_CASES=N` for a long fuzzing run (see the
/// README, "Security and robustness").
fn cases() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(400);
    ProptestConfig { cases, ..ProptestConfig::default() }
}

/// Parse any bytes; when they make an agent, it has a name and its persona renders for the
/// browser into cells free of anything that drives a terminal.
fn check_parse(bytes: &[u8]) -> Result<(), TestCaseError> {
    let light = parse_with(bytes, PathBuf::from("x.md"), Scope::Path, Detail::Entry);
    let Ok(a) = parse_bytes(bytes) else {
        prop_assert!(light.is_err(), "a light parse found an agent the full one did not");
        return Ok(());
    };
    // The browser lists what a light parse keeps; it must be what the full agent says.
    let light = light.map_err(|e| TestCaseError::fail(format!("light parse failed: {e:?}")))?;
    prop_assert_eq!(Entry::from_parsed(light, agentdeck::catalog::Source::lone("x.md")), Entry::new(&a));
    prop_assert!(!a.name.is_empty());
    let styles = agentdeck::text::markdown::MdStyles::plain();
    for line in agentdeck::text::markdown::render(&a.body, 40, &styles) {
        for span in &line.spans {
            prop_assert!(agentdeck::text::sanitize::is_clean(&span.content), "{:?}", span.content);
            prop_assert!(!span.content.contains('\n'), "{:?}", span.content);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(cases())]

    #[test]
    fn parser_never_panics_on_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        check_parse(&bytes)?;
        let mut framed = b"---\n".to_vec();
        framed.extend(&bytes);
        check_parse(&framed)?;
    }

    #[test]
    fn parser_never_panics_on_agentish_text(
        lines in proptest::collection::vec(
            prop_oneof![
                Just("---".to_string()), Just("name: x".to_string()), Just("description: a: b".to_string()),
                Just("<example>".to_string()), Just("</example>".to_string()), Just("user: \"hi\"".to_string()),
                Just("tools: [a, b".to_string()), Just("  - Read".to_string()), Just("<commentary>".to_string()),
                "[a-z:\\-\\[\\]{}&*!|>%@#\"' \\\\]{0,30}",
            ],
            0..40,
        )
    ) {
        let text = format!("---\n{}", lines.join("\n"));
        check_parse(text.as_bytes())?;
        check_extract(&text)?;
    }
}

/// One example per `<example>` tag (any ASCII case) outside fenced code blocks (where one
/// shows how to write an example), and every line of every field a piece of the text: the
/// reader invents nothing and loses no block.
fn check_extract(text: &str) -> Result<(), TestCaseError> {
    let found = examples::extract(text);
    let fenced = examples::fenced_ranges(text);
    let tags = text
        .as_bytes()
        .windows(9)
        .enumerate()
        .filter(|(at, w)| w.eq_ignore_ascii_case(b"<example>") && !fenced.iter().any(|r| r.contains(at)))
        .count();
    prop_assert_eq!(found.len(), tags);
    for ex in &found {
        let turns = ex.turns.iter().map(|(_, t)| t);
        for field in [&ex.context, &ex.user, &ex.assistant, &ex.commentary].into_iter().chain(turns) {
            for line in field.lines() {
                prop_assert!(text.contains(line), "{:?} is not in the text", line);
            }
        }
    }
    Ok(())
}

fn exampleish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("<example>"),
        Just("<EXAMPLE>"),
        Just("</example>"),
        Just("</Example>"),
        Just("<commentary>"),
        Just("</commentary>"),
        Just("Context:"),
        Just("user:"),
        Just("User: \""),
        Just("Human:"),
        Just("assistant:"),
        Just("**Assistant**:"),
        Just("claude:"),
        Just("- "),
        Just("* "),
        Just("> "),
        Just("\""),
        Just("\u{201c}"),
        Just("\u{201d}"),
        Just("\n"),
        Just("\r\n"),
        Just("\n\n"),
        Just("  "),
        Just("\t"),
        Just("<"),
        Just("é"),
        Just("\u{feff}"),
        Just("\\n"),
        Just("text"),
    ];
    proptest::collection::vec(piece, 0..80).prop_map(|v| v.concat())
}

/// Long and adversarial descriptions: all tags, all `<`, one huge turn, a tag per line.
#[test]
fn example_reader_on_adversarial_text() {
    let inputs = vec![
        "<example>".repeat(200_000),
        "<".repeat(2 << 20),
        format!("<example>\nuser: {}\n</example>", "a".repeat(2 << 20)),
        format!("<example>\n{}</example>", "user: x\nassistant: y\n".repeat(100_000)),
        format!("<example>{}", "<commentary>".repeat(100_000)),
        "<exampl".repeat(200_000),
        format!("<example>\n{}", "- \"\n".repeat(200_000)),
    ];
    for text in inputs {
        let head: String = text.chars().take(24).collect();
        finishes(&format!("extract on {head:?}..."), 60, move || check_extract(&text).unwrap());
    }
}

/// The quirk fixtures' bytes: real-looking files for mutation.
fn fixture_files() -> Vec<Vec<u8>> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/quirks");
    let mut files: Vec<_> =
        std::fs::read_dir(dir).unwrap().map(|e| std::fs::read(e.unwrap().path()).unwrap()).collect();
    files.sort();
    files
}

/// One edit to a file: at a position (a fraction of its length), insert a piece that means
/// something to YAML, Markdown or our readers, delete a run, or repeat a run.
#[derive(Debug, Clone)]
enum Edit {
    Insert(f64, &'static [u8]),
    Delete(f64, usize),
    Repeat(f64, usize, usize),
    Byte(f64, u8),
}

fn edit() -> impl Strategy<Value = Edit> {
    let piece = prop::sample::select(vec![
        b"---\n".as_slice(),
        b"\n",
        b"\r\n",
        b": ",
        b"- ",
        b"[",
        b"]",
        b"{",
        b"}",
        b"&a ",
        b"*a ",
        b"|\n  ",
        b">-\n",
        b"'",
        b"\"",
        b"\\",
        b"#",
        b"!tag ",
        b"? ",
        b"<example>",
        b"</example>",
        b"<commentary>",
        b"user: ",
        b"\x1b[2J",
        b"\xef\xbb\xbf",
        b"\xc3\x28",
        b"\xe2\x80\xae",
        b"\x00",
        b"\t",
        b"```\n",
        b"> ",
        b"name: x\n",
        b"tools:\n  - a\n",
        b"\\n",
    ]);
    prop_oneof![
        (0.0..1.0f64, piece).prop_map(|(at, p)| Edit::Insert(at, p)),
        (0.0..1.0f64, 1..64usize).prop_map(|(at, n)| Edit::Delete(at, n)),
        (0.0..1.0f64, 1..64usize, 1..50usize).prop_map(|(at, n, k)| Edit::Repeat(at, n, k)),
        (0.0..1.0f64, any::<u8>()).prop_map(|(at, b)| Edit::Byte(at, b)),
    ]
}

fn apply(mut bytes: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
    for e in edits {
        let at = |f: f64| ((bytes.len() as f64) * f) as usize;
        match *e {
            Edit::Insert(f, piece) => {
                let i = at(f);
                bytes.splice(i..i, piece.iter().copied());
            }
            Edit::Delete(f, n) => {
                let i = at(f);
                bytes.drain(i..(i + n).min(bytes.len()));
            }
            Edit::Repeat(f, n, k) => {
                let i = at(f);
                let run = bytes[i..(i + n).min(bytes.len())].to_vec();
                let copies: Vec<u8> = run.repeat(k);
                bytes.splice(i..i, copies);
            }
            Edit::Byte(f, b) => {
                let i = at(f);
                if i < bytes.len() {
                    bytes[i] = b;
                }
            }
        }
    }
    bytes
}

proptest! {
    #![proptest_config(cases())]

    /// Real-looking files, mutated: more of the parser's paths than random bytes reach.
    #[test]
    fn parser_on_mutated_fixtures(pick in any::<prop::sample::Index>(), edits in prop::collection::vec(edit(), 1..12)) {
        let files = fixture_files();
        let bytes = apply(files[pick.index(files.len())].clone(), &edits);
        check_parse(&bytes)?;
        check_extract(&String::from_utf8_lossy(&bytes))?;
    }

    #[test]
    fn example_reader_on_arbitrary_text(text in any::<String>()) {
        check_extract(&text)?;
    }

    #[test]
    fn example_reader_on_example_like_text(text in exampleish()) {
        check_extract(&text)?;
    }

    /// Whole files built from the same pieces, as a description and as a body.
    #[test]
    fn parser_on_example_like_files(desc in exampleish(), body in exampleish()) {
        let file = format!("---\nname: ex\ndescription: {desc}\n---\n{body}");
        check_parse(file.as_bytes())?;
    }
}
