//! `list --format '{name}\t{path}'` and `--print0`: one record per agent, in the shape a
//! script, `xargs -0` or `fzf --read0` wants. Fields are named in one table ([`Field`]) so
//! an unknown one is refused with the valid names.

use super::Fail;
use crate::catalog::Entry;
use crate::text::sanitize::clean_line;
use std::borrow::Cow;
use std::io::Write;

/// What `{...}` can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Name,
    Path,
    Scope,
    Model,
    Color,
    /// The start of the description, examples left out.
    Description,
    /// The markers `list` prints after the name (×2, shadowed, SKIPPED, 1✗, 2!).
    Flags,
}

impl Field {
    pub const ALL: [Field; 7] =
        [Field::Name, Field::Path, Field::Scope, Field::Model, Field::Color, Field::Description, Field::Flags];

    pub fn name(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Path => "path",
            Field::Scope => "scope",
            Field::Model => "model",
            Field::Color => "color",
            Field::Description => "description",
            Field::Flags => "flags",
        }
    }

    fn parse(s: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.name() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Text(String),
    Field(Field),
}

/// A parsed `--format` template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Format {
    pieces: Vec<Piece>,
}

impl Format {
    /// `{field}` placeholders, `{{`/`}}` for braces, and `\t`, `\n`, `\\` as in printf.
    pub fn parse(spec: &str) -> Result<Format, Fail> {
        let mut pieces = Vec::new();
        let mut text = String::new();
        let mut chars = spec.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\\' => match chars.next() {
                    Some('t') => text.push('\t'),
                    Some('n') => text.push('\n'),
                    Some('\\') => text.push('\\'),
                    Some(other) => {
                        text.push('\\');
                        text.push(other);
                    }
                    None => text.push('\\'),
                },
                '{' if chars.peek() == Some(&'{') => {
                    chars.next();
                    text.push('{');
                }
                '}' if chars.peek() == Some(&'}') => {
                    chars.next();
                    text.push('}');
                }
                '{' => {
                    let mut name = String::new();
                    let closed = chars.by_ref().any(|c| {
                        c == '}' || {
                            name.push(c);
                            false
                        }
                    });
                    if !closed {
                        return Err(Fail::Said(format!("unclosed '{{' in --format: '{{{}'", clean_line(&name))));
                    }
                    let field = Field::parse(&name).ok_or_else(|| {
                        let valid: Vec<&str> = Field::ALL.iter().map(|f| f.name()).collect();
                        Fail::Said(format!(
                            "unknown field '{}' in --format (valid: {})",
                            clean_line(&name),
                            valid.join(", ")
                        ))
                    })?;
                    if !text.is_empty() {
                        pieces.push(Piece::Text(std::mem::take(&mut text)));
                    }
                    pieces.push(Piece::Field(field));
                }
                _ => text.push(c),
            }
        }
        if !text.is_empty() {
            pieces.push(Piece::Text(text));
        }
        Ok(Format { pieces })
    }

    /// The record `--print0` prints without `--format`: the path, as `find -print0` does.
    pub fn path_only() -> Format {
        Format { pieces: vec![Piece::Field(Field::Path)] }
    }

    /// One agent's record, without its terminator. Every field is free of control
    /// characters, except `{path}` when `raw_path`: NUL-separated output to a pipe keeps a
    /// path's bytes as they are, so `xargs -0` opens the very file.
    /// `flags` is what [`super::list::flags`] says of the agent (it needs the whole catalog).
    pub fn write(&self, out: &mut impl Write, e: &Entry, flags: &str, raw_path: bool) -> std::io::Result<()> {
        for piece in &self.pieces {
            match piece {
                Piece::Text(t) => out.write_all(t.as_bytes())?,
                Piece::Field(Field::Path) if raw_path => write_raw_path(out, e.path())?,
                Piece::Field(Field::Flags) => out.write_all(flags.as_bytes())?,
                Piece::Field(f) => out.write_all(value(e, *f).as_bytes())?,
            }
        }
        Ok(())
    }
}

fn value(e: &Entry, f: Field) -> Cow<'_, str> {
    fn opt(v: &Option<String>) -> Cow<'_, str> {
        v.as_deref().map_or(Cow::Borrowed(""), clean_line)
    }
    match f {
        Field::Name => clean_line(&e.name),
        Field::Path => Cow::Owned(clean_line(&e.path().to_string_lossy()).into_owned()),
        Field::Scope => Cow::Borrowed(e.scope.label()),
        Field::Model => opt(&e.model),
        Field::Color => opt(&e.color),
        Field::Description => clean_line(&e.summary),
        Field::Flags => Cow::Borrowed(""),
    }
}

#[cfg(unix)]
fn write_raw_path(out: &mut impl Write, p: &std::path::Path) -> std::io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    out.write_all(p.as_os_str().as_bytes())
}

#[cfg(not(unix))]
fn write_raw_path(out: &mut impl Write, p: &std::path::Path) -> std::io::Result<()> {
    out.write_all(p.to_string_lossy().as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{Agent, Scope};

    fn render(spec: &str, e: &Entry) -> String {
        let mut out = Vec::new();
        Format::parse(spec).unwrap().write(&mut out, e, "", false).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn fields_escapes_and_braces() {
        let mut a = Agent::new("rev\x1b[2Jiewer", "/a/r.md".into(), Scope::User);
        a.model = Some("opus".into());
        a.description = "Reviews code.".into();
        let e = Entry::new(&a);
        assert_eq!(render("{name}\\t{path}", &e), "rev[2Jiewer\t/a/r.md");
        assert_eq!(render("{{{scope}}} {model}/{color}: {description}", &e), "{user} opus/: Reviews code.");
        assert_eq!(render("a\\\\b\\x", &e), "a\\b\\x");
    }

    #[test]
    fn unknown_fields_are_refused_naming_the_valid_ones() {
        let msg = Format::parse("{name} {colour}").unwrap_err().message().unwrap();
        assert_eq!(
            msg,
            "unknown field 'colour' in --format (valid: name, path, scope, model, color, description, flags)"
        );
        assert!(Format::parse("{name").is_err(), "an unclosed brace names no field");
    }
}
