//! Reading a config file over a [`Config`]: the TOML is parsed with spans (recovering from
//! syntax errors), then walked section by section; each key that is known and well-formed
//! replaces its default, and everything else becomes a problem at its line and column.

use super::{CollectionConfig, Config, ConfigProblem, InstallScope, KeyMode, KeyOverride, Pos, ReaderConfig};
use crate::keys::Chord;
use crate::text::sanitize::clean_line;
use crate::theme::{StyleSpec, ThemeConfig};
use std::path::Path;
use toml::Spanned;
use toml::de::{DeString, DeTable, DeValue};

type Value<'i> = Spanned<DeValue<'i>>;

/// The top-level keys, in the order `agentdeck config` prints them.
const SECTIONS: [&str; 6] = ["install", "view", "reader", "theme", "keys", "collection"];

/// Where problems go, and how spans become lines.
struct Ctx<'a> {
    text: &'a str,
    file: &'a Path,
    problems: &'a mut Vec<ConfigProblem>,
}

impl Ctx<'_> {
    fn pos(&self, span: std::ops::Range<usize>) -> Pos {
        Pos::of(self.text, span.start)
    }

    fn problem(&mut self, span: std::ops::Range<usize>, message: String) {
        let at = Some(self.pos(span));
        self.problems.push(ConfigProblem::at(self.file, at, message));
    }

    /// An unknown key: named, with the nearest known one when it is close.
    fn unknown(&mut self, key: &Spanned<std::borrow::Cow<str>>, place: &str, known: &[&str]) {
        self.unknown_as("key", key, place, known);
    }

    /// [`Ctx::unknown`] for what is not called a key (`view`).
    fn unknown_as(&mut self, what: &str, key: &Spanned<std::borrow::Cow<str>>, place: &str, known: &[&str]) {
        self.problem(key.span(), unknown_name(what, key.get_ref(), place, known));
    }

    /// The keys of a table value, or a problem when it is something else.
    fn table<'v, 'i>(&mut self, value: &'v Value<'i>, what: &str) -> Option<&'v DeTable<'i>> {
        match value.get_ref() {
            DeValue::Table(t) => Some(t),
            other => {
                self.problem(value.span(), format!("{what} must be a table, not {}", describe(other)));
                None
            }
        }
    }
}

/// Apply `text` over `config`, appending what is wrong to `problems`.
pub(super) fn apply(config: &mut Config, text: &str, file: &Path, problems: &mut Vec<ConfigProblem>) {
    let (doc, errors) = DeTable::parse_recoverable(text);
    let mut cx = Ctx { text, file, problems };
    let mut lines = Vec::new();
    for e in &errors {
        let message = e.message().lines().next().unwrap_or("invalid TOML").trim().to_string();
        let at = e.span().map(|s| cx.pos(s));
        // One syntax error per line: the parser's follow-up complaints say nothing new.
        if at.is_some_and(|p| lines.contains(&p.line)) {
            continue;
        }
        lines.extend(at.map(|p| p.line));
        cx.problems.push(ConfigProblem::at(file, at, format!("{message}; the rest of the file still applies")));
    }

    for (key, value) in entries(doc.get_ref()) {
        match key.get_ref().as_ref() {
            "install" => install(config, value, &mut cx),
            "view" => view(config, value, &mut cx),
            "reader" => reader(config, value, &mut cx),
            "theme" => theme(&mut config.theme, value, &mut cx),
            "keys" => keys(config, value, &mut cx),
            "collection" => collections(config, value, &mut cx),
            _ => cx.unknown(key, "at the top level", &SECTIONS),
        }
    }
}

/// A table's entries, less the placeholders the parser fills in (with an empty span) for
/// values it could not read after a syntax error: those keys keep their defaults instead of
/// being judged on the placeholder.
fn entries<'t, 'i>(table: &'t DeTable<'i>) -> impl Iterator<Item = (&'t Spanned<DeString<'i>>, &'t Value<'i>)> {
    table.iter().filter(|(_, v)| !v.span().is_empty() || matches!(v.get_ref(), DeValue::Table(_) | DeValue::Array(_)))
}

fn install(config: &mut Config, value: &Value, cx: &mut Ctx) {
    let Some(table) = cx.table(value, "[install]") else { return };
    for (key, value) in entries(table) {
        match key.get_ref().as_ref() {
            "scope" => match value.get_ref().as_str().and_then(InstallScope::from_name) {
                Some(scope) => config.install.scope = scope,
                None => cx.problem(
                    value.span(),
                    format!("'scope' in [install] must be \"project\" or \"user\", not {}", describe(value.get_ref())),
                ),
            },
            _ => cx.unknown(key, "in [install]", &["scope"]),
        }
    }
}

fn view(config: &mut Config, value: &Value, cx: &mut Ctx) {
    let Some(table) = cx.table(value, "[view]") else { return };
    for (key, value) in entries(table) {
        match key.get_ref().as_ref() {
            "preview" => match value.get_ref().as_bool() {
                Some(b) => config.view.preview = b,
                None => cx.problem(
                    value.span(),
                    format!("'preview' in [view] must be true or false, not {}", describe(value.get_ref())),
                ),
            },
            _ => cx.unknown(key, "in [view]", &["preview"]),
        }
    }
}

fn reader(config: &mut Config, value: &Value, cx: &mut Ctx) {
    let Some(table) = cx.table(value, "[reader]") else { return };
    for (key, value) in entries(table) {
        match key.get_ref().as_ref() {
            "max-width" => {
                let range = ReaderConfig::MAX_WIDTH;
                let n = value
                    .get_ref()
                    .as_integer()
                    .and_then(|i| u16::from_str_radix(i.as_str(), i.radix()).ok())
                    .filter(|n| range.contains(n));
                match n {
                    Some(n) => config.reader.max_width = n,
                    None => cx.problem(
                        value.span(),
                        format!(
                            "'max-width' in [reader] must be a whole number of columns from {} to {}, not {}",
                            range.start(),
                            range.end(),
                            describe(value.get_ref())
                        ),
                    ),
                }
            }
            _ => cx.unknown(key, "in [reader]", &["max-width"]),
        }
    }
}

fn theme(theme: &mut ThemeConfig, value: &Value, cx: &mut Ctx) {
    let Some(table) = cx.table(value, "[theme]") else { return };
    for (key, value) in entries(table) {
        let name = key.get_ref().as_ref();
        let Some(slot) = theme.get_mut(name) else {
            cx.unknown(key, "in [theme]", &ThemeConfig::NAMES);
            continue;
        };
        let parsed = match value.get_ref().as_str() {
            Some(s) => StyleSpec::parse(s).map_err(|e| format!("theme.{name}: {}", clean_line(&e))),
            None => Err(format!(
                "theme.{name} must be a style string like \"bold yellow on blue\", not {}",
                describe(value.get_ref())
            )),
        };
        match parsed {
            Ok(spec) => *slot = spec,
            Err(message) => cx.problem(value.span(), message),
        }
    }
}

fn keys(config: &mut Config, value: &Value, cx: &mut Ctx) {
    let Some(table) = cx.table(value, "[keys]") else { return };
    let modes: Vec<&str> = KeyMode::ALL.iter().map(|m| m.name()).collect();
    for (key, value) in entries(table) {
        let Some(mode) = KeyMode::from_name(key.get_ref()) else {
            cx.unknown_as("view", key, "in [keys]", &modes);
            continue;
        };
        let section = format!("[keys.{}]", mode.name());
        let Some(actions) = cx.table(value, &section) else { continue };
        for (key, value) in entries(actions) {
            // The action's name is the browser's to check (it knows its actions).
            let action = key.get_ref().to_string();
            if let Some(keys) = chords(value, &section, key.get_ref(), cx) {
                let at = Some(cx.pos(key.span()));
                config.keys.overrides.push(KeyOverride { mode, action, keys, at });
            }
        }
    }
    config.keys.overrides.sort_by_key(|o| o.at);
}

/// A key or a list of keys; `None` (after a problem) if any of them is not a key.
fn chords(value: &Value, section: &str, action: &str, cx: &mut Ctx) -> Option<Vec<Chord>> {
    let items: Vec<&Value> = match value.get_ref() {
        DeValue::String(_) => vec![value],
        DeValue::Array(a) => a.iter().collect(),
        other => {
            let message = format!("{action} in {section} must be a key or a list of keys, not {}", describe(other));
            cx.problem(value.span(), message);
            return None;
        }
    };
    if items.is_empty() {
        cx.problem(value.span(), format!("{action} in {section} has an empty list; give it at least one key"));
        return None;
    }
    let mut out = Vec::new();
    for item in items {
        let parsed = match item.get_ref().as_str() {
            Some(s) => Chord::parse(s).map_err(|e| clean_line(&e).into_owned()),
            None => Err(format!("a key is a string like \"C-y\", not {}", describe(item.get_ref()))),
        };
        match parsed {
            Ok(c) => out.push(c),
            Err(e) => {
                cx.problem(item.span(), format!("{action} in {section}: {e}; keeping its default keys"));
                return None;
            }
        }
    }
    Some(out)
}

fn collections(config: &mut Config, value: &Value, cx: &mut Ctx) {
    let DeValue::Array(list) = value.get_ref() else {
        let message = format!(
            "'collection' must be [[collection]] entries with a name and a source, not {}",
            describe(value.get_ref())
        );
        return cx.problem(value.span(), message);
    };
    let base = cx.file.parent().unwrap_or(Path::new(".")).to_path_buf();
    for entry in list.iter() {
        let Some(table) = cx.table(entry, "[[collection]]") else { continue };
        let (mut name, mut source) = (None, None);
        for (key, value) in entries(table) {
            let slot = match key.get_ref().as_ref() {
                "name" => &mut name,
                "source" => &mut source,
                _ => {
                    cx.unknown(key, "in [[collection]]", &["name", "source"]);
                    continue;
                }
            };
            match value.get_ref().as_str() {
                Some(s) if !s.trim().is_empty() => *slot = Some((s.trim().to_string(), value.span())),
                _ => cx.problem(value.span(), format!("'{}' in [[collection]] must be a text", key.get_ref())),
            }
        }
        let Some((source, _)) = source else {
            cx.problem(entry.span(), "a [[collection]] needs a source: a folder or a git URL".into());
            continue;
        };
        let (name, span) = match name {
            Some(n) => n,
            None => (crate::collections::default_name(&source), entry.span()),
        };
        if let Err(e) = crate::collections::check_name(&name) {
            cx.problem(span, format!("[[collection]]: {}", clean_line(&e)));
        } else if config.collections.iter().any(|c| c.name == name) {
            cx.problem(span, format!("a second [[collection]] named '{}'; the first one is kept", clean_line(&name)));
        } else {
            let at = Some(cx.pos(span));
            config.collections.push(CollectionConfig { name, source, base: base.clone(), at });
        }
    }
}

/// A value as a message shows it: its type, and short scalars as written.
fn describe(value: &DeValue) -> String {
    match value {
        DeValue::String(s) => format!("\"{}\"", clean_line(s)),
        DeValue::Integer(i) => format!("{i}"),
        DeValue::Float(f) => format!("{f}"),
        DeValue::Boolean(b) => format!("{b}"),
        other => format!("a {}", other.type_str()),
    }
}

/// The known key nearest to `name`, if it is a likely typo (edit distance at most 2, and less
/// than half the name).
/// The problem of an unknown name: `unknown action 'x' in [keys.list] (did you mean 'y'?)`,
/// or the names there when none is close.
pub fn unknown_name(what: &str, name: &str, place: &str, known: &[&str]) -> String {
    let name = clean_line(name).into_owned();
    let hint = match nearest(&name, known) {
        Some(k) => format!("did you mean '{k}'?"),
        None => format!("{what}s here: {}", known.join(", ")),
    };
    format!("unknown {what} '{name}' {place} ({hint})")
}

fn nearest<'k>(name: &str, known: &[&'k str]) -> Option<&'k str> {
    let (best, d) = known.iter().map(|k| (*k, distance(name, k))).min_by_key(|(_, d)| *d)?;
    (d <= 2 && d * 2 < name.chars().count().max(2)).then_some(best)
}

/// Levenshtein distance between two short strings.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let here = row[j + 1];
            row[j + 1] = if ca == *cb { prev } else { 1 + prev.min(row[j]).min(here) };
            prev = here;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_finds_typos_and_not_strangers() {
        assert_eq!(nearest("prevew", &["preview"]), Some("preview"));
        assert_eq!(nearest("thme", &SECTIONS), Some("theme"));
        assert_eq!(nearest("collections", &SECTIONS), Some("collection"));
        assert_eq!(nearest("colour", &SECTIONS), None);
        assert_eq!(nearest("x", &["preview"]), None);
    }
}
