//! Syntax highlighting for code blocks and the Source tab, with syntect's grammars (the
//! Sublime Text ones, parsed with the pure-Rust fancy-regex engine) but not its colour themes:
//! each piece of text is given a [`Class`] (comment, string, keyword, ...) and the caller
//! styles classes from its own palette, so NO_COLOR and light terminals keep working.
//!
//! The grammars are a 370 KB compressed dump built into syntect. Loading it takes a few tens of
//! milliseconds, so it happens on first use (the first code block shown), never at start-up.
//! Text that would make highlighting slow is left plain: lines over [`MAX_LINE`] bytes, and
//! everything after [`MAX_TEXT`] bytes of one document or after a grammar error.

use std::ops::Range;
use std::sync::OnceLock;
use syntect::parsing::{ParseState, Scope, ScopeStack, SyntaxReference, SyntaxSet};

/// Lines longer than this are not highlighted (and neither is the rest of the document: the
/// parser's state would be wrong after a skipped line).
pub const MAX_LINE: usize = 2_000;
/// At most this much of one document is highlighted.
pub const MAX_TEXT: usize = 256 * 1024;

/// What a piece of code is, for styling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Class {
    Plain,
    Comment,
    String,
    /// Numbers and language constants (`true`, `null`).
    Number,
    /// Keywords and storage words (`fn`, `let`, `class`, `public`).
    Keyword,
    Function,
    /// Type and class names; in YAML, HTML and XML the keys and tag names.
    Type,
    /// Markdown in the Source tab: headings, bold, italic, inline code, links, quotes, list
    /// markers, and the punctuation that makes them.
    Heading,
    Bold,
    Italic,
    Code,
    Link,
    Quote,
    ListMarker,
    Punctuation,
}

/// Scope prefixes and their classes, most specific first: the innermost scope of a piece that
/// starts with one of these decides.
const CLASSES: &[(&str, Class)] = &[
    ("comment", Class::Comment),
    ("punctuation.definition.comment", Class::Comment),
    ("markup.heading", Class::Heading),
    ("entity.name.section", Class::Heading),
    ("markup.bold", Class::Bold),
    ("markup.italic", Class::Italic),
    ("markup.raw", Class::Code),
    ("markup.underline.link", Class::Link),
    ("meta.link", Class::Link),
    ("markup.quote", Class::Quote),
    ("punctuation.definition.list_item", Class::ListMarker),
    ("markup.list.numbered.bullet", Class::ListMarker),
    ("punctuation.definition.string", Class::String),
    ("string", Class::String),
    ("constant.character", Class::String),
    ("constant.numeric", Class::Number),
    ("constant.language", Class::Number),
    ("constant", Class::Number),
    ("keyword", Class::Keyword),
    ("storage", Class::Keyword),
    ("entity.name.function", Class::Function),
    ("support.function", Class::Function),
    ("variable.function", Class::Function),
    ("entity.name.tag", Class::Type),
    ("entity.other.attribute-name", Class::Function),
    ("entity.name", Class::Type),
    ("support.type", Class::Type),
    ("support.class", Class::Type),
    ("punctuation.definition", Class::Punctuation),
];

struct Grammars {
    set: SyntaxSet,
    classes: Vec<(Scope, Class)>,
}

static GRAMMARS: OnceLock<Grammars> = OnceLock::new();

/// The grammars, loaded on first use.
fn grammars() -> &'static Grammars {
    GRAMMARS.get_or_init(|| {
        let started = std::time::Instant::now();
        let set = SyntaxSet::load_defaults_newlines();
        let classes = CLASSES.iter().filter_map(|(s, c)| Some((Scope::new(s).ok()?, *c))).collect();
        tracing::info!(syntaxes = set.syntaxes().len(), took = ?started.elapsed(), "syntaxes loaded");
        Grammars { set, classes }
    })
}

/// Whether the grammars have been loaded yet (for tests of the lazy loading).
pub fn loaded() -> bool {
    GRAMMARS.get().is_some()
}

/// The grammar for a code fence's language word (`rust`, `py`, `sh`, `yaml`), if there is one.
fn syntax_for(token: &str) -> Option<&'static SyntaxReference> {
    let set = &grammars().set;
    let token = token.trim().to_ascii_lowercase();
    let alias = match token.as_str() {
        "" => return None,
        "sh" | "shell" | "zsh" | "console" | "shellscript" => "bash",
        "py" | "python3" => "python",
        "js" | "node" | "jsx" | "ts" | "typescript" | "tsx" | "mjs" => "js",
        "yml" => "yaml",
        "md" => "markdown",
        "c++" => "cpp",
        "c#" | "cs" => "cs",
        "golang" => "go",
        "jsonc" | "json5" => "json",
        "rs" => "rust",
        "rb" => "ruby",
        other => other,
    };
    set.find_syntax_by_token(alias)
}

/// Highlights one document line by line, carrying the grammar's state from line to line.
pub struct Highlighter {
    grammar: &'static Grammars,
    state: ParseState,
    stack: ScopeStack,
    /// Bytes highlighted so far.
    seen: usize,
    /// Set after a line was left plain: the rest is plain too.
    stopped: bool,
}

impl Highlighter {
    /// A highlighter for a language word (`rust`, `yaml`, `markdown`, a file extension), or
    /// `None` when no grammar knows it. The first call loads the grammars.
    pub fn new(language: &str) -> Option<Highlighter> {
        let syntax = syntax_for(language)?;
        Some(Highlighter {
            grammar: grammars(),
            state: ParseState::new(syntax),
            stack: ScopeStack::new(),
            seen: 0,
            stopped: false,
        })
    }

    /// The classes of one line (without its newline), as byte ranges that cover it in order.
    pub fn line(&mut self, line: &str) -> Vec<(Range<usize>, Class)> {
        let plain = vec![(0..line.len(), Class::Plain)];
        self.seen += line.len() + 1;
        if self.stopped || line.len() > MAX_LINE || self.seen > MAX_TEXT {
            self.stopped = true;
            return plain;
        }
        let text = format!("{line}\n");
        let ops = match self.state.parse_line(&text, &self.grammar.set) {
            Ok(ops) => ops,
            Err(_) => {
                self.stopped = true;
                return plain;
            }
        };
        let mut out: Vec<(Range<usize>, Class)> = Vec::new();
        let mut at = 0;
        for (pos, op) in ops {
            let pos = pos.min(line.len());
            if pos > at {
                push(&mut out, at..pos, self.class());
                at = pos;
            }
            if self.stack.apply(&op).is_err() {
                self.stopped = true;
                return plain;
            }
        }
        if at < line.len() {
            push(&mut out, at..line.len(), self.class());
        }
        out
    }

    /// The class of the innermost scope that has one.
    fn class(&self) -> Class {
        for scope in self.stack.as_slice().iter().rev() {
            if let Some((_, class)) = self.grammar.classes.iter().find(|(prefix, _)| prefix.is_prefix_of(*scope)) {
                return *class;
            }
        }
        Class::Plain
    }
}

/// Add a range, merging it into the previous one of the same class.
fn push(out: &mut Vec<(Range<usize>, Class)>, range: Range<usize>, class: Class) {
    match out.last_mut() {
        Some((last, c)) if *c == class && last.end == range.start => last.end = range.end,
        _ => out.push((range, class)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classes(language: &str, line: &str) -> Vec<(String, Class)> {
        let mut h = Highlighter::new(language).expect("a grammar");
        h.line(line).into_iter().map(|(r, c)| (line[r].to_string(), c)).collect()
    }

    fn class_of(pieces: &[(String, Class)], text: &str) -> Class {
        pieces.iter().find(|(t, _)| t.contains(text)).map(|(_, c)| *c).unwrap_or(Class::Plain)
    }

    #[test]
    fn code_is_classified() {
        let rust = classes("rust", "fn main() { let x = \"hi\"; // note");
        assert_eq!(class_of(&rust, "fn"), Class::Keyword);
        assert_eq!(class_of(&rust, "main"), Class::Function);
        assert_eq!(class_of(&rust, "\"hi\""), Class::String);
        assert_eq!(class_of(&rust, "// note"), Class::Comment);
        let yaml = classes("yml", "name: reviewer # who");
        assert_eq!(class_of(&yaml, "name"), Class::Type);
        assert_eq!(class_of(&yaml, "# who"), Class::Comment);
        let py = classes("py", "x = 42  # answer");
        assert_eq!(class_of(&py, "42"), Class::Number);
        let sh = classes("sh", "if true; then echo \"$HOME\"; fi");
        assert_eq!(class_of(&sh, "if"), Class::Keyword);
    }

    #[test]
    fn ranges_cover_the_line_in_order() {
        let line = "let s = 'x'; /* c */ 1.5";
        let mut h = Highlighter::new("js").unwrap();
        let ranges = h.line(line);
        let mut at = 0;
        for (r, _) in &ranges {
            assert_eq!(r.start, at);
            at = r.end;
        }
        assert_eq!(at, line.len());
    }

    #[test]
    fn state_carries_across_lines() {
        let mut h = Highlighter::new("rust").unwrap();
        h.line("/* a comment");
        let second = h.line("still inside */ fn");
        assert_eq!(second[0].1, Class::Comment);
    }

    #[test]
    fn unknown_languages_and_huge_lines_stay_plain() {
        assert!(Highlighter::new("no-such-language").is_none());
        assert!(Highlighter::new("").is_none());
        let mut h = Highlighter::new("rust").unwrap();
        let long = "x".repeat(MAX_LINE + 1);
        assert_eq!(h.line(&long), vec![(0..long.len(), Class::Plain)]);
        assert_eq!(h.line("fn x"), vec![(0..4, Class::Plain)], "the rest stays plain");
    }
}
