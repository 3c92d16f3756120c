//! The `key:value` filters of a query. Each closed set of values (`is:`, the built-in `has:`
//! parts, `scope:`) is an enum whose spellings are listed once, in its `spellings` table, so
//! parsing, matching and the "valid: ..." part of an error all read the same list.

use crate::catalog::agent::{Scope, Severity, Verdict};
use crate::catalog::entry::Entry;
use crate::catalog::kinds::Kind;
use crate::catalog::names::Resolved;

/// What a filter looks at: an entry, what name resolution says of it, and whether settings
/// disable it.
#[derive(Debug, Clone, Copy)]
pub struct Subject<'a> {
    pub entry: &'a Entry,
    pub resolved: &'a Resolved,
    pub disabled: bool,
    /// How it stands against the collection it is in or came from.
    pub status: crate::catalog::tracking::Status,
    /// What Claude Code's transcripts say was used, when they were read.
    pub usage: Option<&'a crate::catalog::usage::Usage>,
}

impl Subject<'_> {
    /// How often, and when last, the file's agent, skill or command was used.
    fn used(&self) -> crate::catalog::usage::Used {
        self.usage.map(|u| u.of(self.entry.kind, &self.entry.name)).unwrap_or_default()
    }

    /// The worst severity among the file's diagnostics and what resolution adds.
    fn worst(&self) -> Option<Severity> {
        self.entry.worst().max(self.resolved.diagnostics.iter().map(|d| d.severity).max())
    }
}

/// Which field a filter looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterKey {
    Model,
    Tool,
    Scope,
    Color,
    Name,
    Has,
    Is,
    Kind,
    Used,
    /// The persona, read from the file.
    Body,
}

impl FilterKey {
    pub const ALL: [FilterKey; 10] = [
        FilterKey::Model,
        FilterKey::Tool,
        FilterKey::Scope,
        FilterKey::Color,
        FilterKey::Name,
        FilterKey::Has,
        FilterKey::Is,
        FilterKey::Kind,
        FilterKey::Used,
        FilterKey::Body,
    ];

    /// How the key may be written; the first is its name.
    pub fn spellings(self) -> &'static [&'static str] {
        match self {
            FilterKey::Model => &["model", "m"],
            FilterKey::Tool => &["tool", "tools", "t"],
            FilterKey::Scope => &["scope", "s"],
            FilterKey::Color => &["color", "colour", "c"],
            FilterKey::Name => &["name", "n"],
            FilterKey::Has => &["has"],
            FilterKey::Is => &["is"],
            FilterKey::Kind => &["kind", "k"],
            FilterKey::Used => &["used"],
            FilterKey::Body => &["body"],
        }
    }

    /// A term using the key, as the help and the README show it.
    pub fn example(self) -> &'static str {
        match self {
            FilterKey::Model => "model:opus",
            FilterKey::Tool => "tool:Bash",
            FilterKey::Scope => "scope:user",
            FilterKey::Color => "color:green",
            FilterKey::Name => "name:lead",
            FilterKey::Has => "has:examples",
            FilterKey::Is => "is:duplicate",
            FilterKey::Kind => "kind:skill",
            FilterKey::Used => "used:<30d",
            FilterKey::Body => "body:kubectl",
        }
    }

    pub fn name(self) -> &'static str {
        self.spellings()[0]
    }

    pub fn parse(key: &str) -> Option<FilterKey> {
        FilterKey::ALL.into_iter().find(|k| k.spellings().iter().any(|s| s.eq_ignore_ascii_case(key)))
    }
}

/// What `is:` asks about an agent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Several files share the name.
    Duplicate,
    /// Claude Code skips the file.
    Broken,
    Shadowed,
    Effective,
    /// A deny rule in Claude Code's settings disables it.
    Disabled,
    /// Claude Code loads it only after its retry.
    Retry,
    Error,
    Warning,
    /// No warning or error.
    Ok,
    /// Installed from a collection whose file changed since.
    Outdated,
    /// Installed from a collection and changed here since.
    Modified,
    /// A collection's agent with a copy installed.
    Installed,
    /// Never used in Claude Code's transcripts (agents, skills and commands).
    Unused,
}

impl State {
    pub const ALL: [State; 13] = [
        State::Duplicate,
        State::Broken,
        State::Shadowed,
        State::Effective,
        State::Disabled,
        State::Retry,
        State::Error,
        State::Warning,
        State::Ok,
        State::Outdated,
        State::Modified,
        State::Installed,
        State::Unused,
    ];

    /// How the value may be written; the first is its name.
    pub fn spellings(self) -> &'static [&'static str] {
        match self {
            State::Duplicate => &["duplicate", "dup", "dupe"],
            State::Broken => &["broken", "skipped"],
            State::Shadowed => &["shadowed"],
            State::Effective => &["effective"],
            State::Disabled => &["disabled"],
            State::Retry => &["retry"],
            State::Error => &["error", "errors"],
            State::Warning => &["warning", "warnings"],
            State::Ok => &["ok", "clean"],
            State::Outdated => &["outdated"],
            State::Modified => &["modified"],
            State::Installed => &["installed"],
            State::Unused => &["unused"],
        }
    }

    fn matches(self, s: &Subject) -> bool {
        let (a, r) = (s.entry, s.resolved);
        match self {
            State::Duplicate => r.same_name > 1,
            State::Broken => a.is_broken(),
            State::Shadowed => r.winner.is_some(),
            // What Claude Code really uses: loaded, not shadowed, not disabled.
            State::Effective => r.winner.is_none() && !a.is_broken() && !s.disabled,
            State::Disabled => s.disabled,
            State::Retry => a.claude_code == Verdict::LoadsAfterRetry,
            State::Error => s.worst() == Some(Severity::Error),
            State::Warning => s.worst() >= Some(Severity::Warning),
            State::Ok => s.worst() < Some(Severity::Warning),
            State::Outdated => s.status.outdated,
            State::Modified => s.status.modified,
            State::Installed => s.status.installed,
            State::Unused => matches!(a.kind, Kind::Agent | Kind::Skill | Kind::Command) && s.used().count == 0,
        }
    }
}

/// The parts `has:` knows without looking at frontmatter keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Examples,
    Tools,
    Color,
    Model,
    Body,
    Diagnostics,
}

impl Part {
    pub const ALL: [Part; 6] = [Part::Examples, Part::Tools, Part::Color, Part::Model, Part::Body, Part::Diagnostics];

    /// How the part may be written; the first is its name.
    pub fn spellings(self) -> &'static [&'static str] {
        match self {
            Part::Examples => &["examples", "example"],
            Part::Tools => &["tools"],
            Part::Color => &["color", "colour"],
            Part::Model => &["model"],
            Part::Body => &["body", "persona"],
            Part::Diagnostics => &["diagnostics", "issues"],
        }
    }

    fn matches(self, s: &Subject) -> bool {
        let a = s.entry;
        match self {
            Part::Examples => a.examples > 0,
            Part::Tools => a.tools.is_some(),
            Part::Color => a.color.is_some(),
            Part::Model => a.model.is_some(),
            Part::Body => a.has_body,
            Part::Diagnostics => !a.diagnostics.is_empty() || !s.resolved.diagnostics.is_empty(),
        }
    }
}

/// A value from a closed set, found by any of its spellings (any case).
fn lookup<T: Copy>(all: &[T], spellings: fn(T) -> &'static [&'static str], v: &str) -> Option<T> {
    all.iter().copied().find(|&t| spellings(t).iter().any(|s| s.eq_ignore_ascii_case(v)))
}

/// The names of a closed set, for "valid: ...".
pub(super) fn names<T: Copy>(all: &[T], spellings: fn(T) -> &'static [&'static str]) -> Vec<&'static str> {
    all.iter().map(|&t| spellings(t)[0]).collect()
}

/// A parsed filter. Text values are lower-cased: filters ignore case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Filter {
    Model(String),
    Tool(String),
    /// Scopes whose label contains the value (`scope:p` while typing `scope:project`).
    Scope(String),
    Color(String),
    Name(String),
    Has(Part),
    /// A frontmatter key (compared without regard to case, as YAML keys are typed).
    HasKey(String),
    Is(State),
    /// Skills, commands, output styles, prompts or agents.
    Kind(Kind),
    /// `used:<30d` (used within the last 30 days) or `used:>30d` (not in them, or never).
    Used {
        within: bool,
        days: u32,
    },
    /// `body:text`: the persona holds the text (smart case: the value keeps its case).
    Body(String),
}

/// Why a filter value was refused: the key and the values it takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Refused {
    pub key: FilterKey,
    pub valid: Vec<&'static str>,
}

impl Filter {
    /// The filter for `key:value` (`value` not empty), or the closed set it is not part of.
    pub(super) fn parse(key: FilterKey, value: &str) -> Result<Filter, Refused> {
        let v = value.to_lowercase();
        Ok(match key {
            FilterKey::Model => Filter::Model(v),
            FilterKey::Tool => Filter::Tool(v),
            FilterKey::Color => Filter::Color(v),
            FilterKey::Name => Filter::Name(v),
            FilterKey::Scope => {
                if !Scope::ALL.iter().any(|s| s.label().contains(v.as_str())) {
                    return Err(Refused { key, valid: Scope::ALL.iter().map(|s| s.label()).collect() });
                }
                Filter::Scope(v)
            }
            FilterKey::Has => lookup(&Part::ALL, Part::spellings, &v).map_or(Filter::HasKey(v), Filter::Has),
            FilterKey::Is => lookup(&State::ALL, State::spellings, &v)
                .map(Filter::Is)
                .ok_or_else(|| Refused { key, valid: names(&State::ALL, State::spellings) })?,
            FilterKey::Kind => {
                Kind::parse(&v).map(Filter::Kind).ok_or_else(|| Refused { key, valid: Kind::names() })?
            }
            FilterKey::Used => {
                let refused = || Refused { key, valid: vec!["<30d", ">30d", "<7d", ">90d"] };
                let (within, rest) = match v.as_bytes().first() {
                    Some(b'<') => (true, &v[1..]),
                    Some(b'>') => (false, &v[1..]),
                    _ => return Err(refused()),
                };
                let days = rest.strip_suffix('d').unwrap_or(rest).parse::<u32>().map_err(|_| refused())?;
                Filter::Used { within, days }
            }
            FilterKey::Body => Filter::Body(value.to_string()),
        })
    }

    pub(super) fn matches(&self, s: &Subject) -> bool {
        let a = s.entry;
        let has = |hay: &Option<String>, v: &str| hay.as_deref().is_some_and(|h| h.to_lowercase().contains(v));
        match self {
            Filter::Model(v) => has(&a.model, v) || (v == "inherit" && a.model.is_none()),
            // No `tools` key means every tool, so such agents have any tool asked for.
            // An agent's `tools` written empty is all tools too, to Claude Code.
            Filter::Tool(v) => a
                .tools
                .as_ref()
                .filter(|ts| !(ts.is_empty() && a.kind == Kind::Agent))
                .is_none_or(|ts| ts.iter().any(|t| t.to_lowercase().contains(v.as_str()))),
            Filter::Scope(v) => match Scope::parse(v) {
                Some(s) => a.scope == s,
                None => a.scope.label().contains(v.as_str()),
            },
            Filter::Color(v) => has(&a.color, v),
            Filter::Name(v) => a.name.to_lowercase().contains(v.as_str()),
            Filter::Has(p) => p.matches(s),
            Filter::HasKey(k) => a.extra_keys.iter().any(|x| x.eq_ignore_ascii_case(k)),
            Filter::Is(state) => state.matches(s),
            Filter::Kind(k) => a.kind == *k,
            Filter::Used { within, days } => {
                let ago = s.used().last.as_deref().and_then(days_ago);
                match ago {
                    Some(ago) => (ago < i64::from(*days)) == *within,
                    None => !within,
                }
            }
            Filter::Body(v) => body_count(a, v) > 0,
        }
    }

    /// True when every agent this filter keeps, `wider` keeps too (a grown `contains` value
    /// keeps fewer). `model:` is left out: `inherit` also keeps agents without a model.
    pub(super) fn within(&self, wider: &Filter) -> bool {
        match (wider, self) {
            (Filter::Tool(o), Filter::Tool(n))
            | (Filter::Color(o), Filter::Color(n))
            | (Filter::Name(o), Filter::Name(n))
            | (Filter::Scope(o), Filter::Scope(n))
            | (Filter::Body(o), Filter::Body(n)) => n.contains(o.as_str()),
            _ => self == wider,
        }
    }
}

/// How often the persona of `entry` holds `needle` (smart case), read from its file now:
/// entries keep no bodies. A file that cannot be read holds nothing.
pub(super) fn body_count(entry: &Entry, needle: &str) -> usize {
    let Ok(bytes) = entry.source.read() else { return 0 };
    let body = crate::catalog::parse::body_text(&bytes);
    if needle.chars().any(char::is_uppercase) {
        body.matches(needle).count()
    } else {
        body.to_lowercase().matches(needle).count()
    }
}

/// Whole days from an RFC 3339 time (as transcripts write them) to now.
fn days_ago(when: &str) -> Option<i64> {
    let day = days_from_civil(when.get(0..10)?)?;
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).ok()?.as_secs() as i64 / 86_400;
    Some(now - day)
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date (the proleptic Gregorian calendar).
fn days_from_civil(date: &str) -> Option<i64> {
    let mut parts = date.split('-');
    let (y, m, d): (i64, i64, i64) =
        (parts.next()?.parse().ok()?, parts.next()?.parse().ok()?, parts.next()?.parse().ok()?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_parses_to_its_value() {
        for k in FilterKey::ALL {
            for s in k.spellings() {
                assert_eq!(FilterKey::parse(&s.to_uppercase()), Some(k));
            }
        }
        for s in State::ALL {
            for w in s.spellings() {
                assert_eq!(Filter::parse(FilterKey::Is, w), Ok(Filter::Is(s)));
            }
        }
        for p in Part::ALL {
            for w in p.spellings() {
                assert_eq!(Filter::parse(FilterKey::Has, w), Ok(Filter::Has(p)));
            }
        }
    }

    #[test]
    fn closed_sets_refuse_other_values_naming_the_valid_ones() {
        let e = Filter::parse(FilterKey::Is, "foo").unwrap_err();
        assert_eq!(
            e.valid,
            [
                "duplicate",
                "broken",
                "shadowed",
                "effective",
                "disabled",
                "retry",
                "error",
                "warning",
                "ok",
                "outdated",
                "modified",
                "installed",
                "unused"
            ]
        );
        let e = Filter::parse(FilterKey::Scope, "bogus").unwrap_err();
        assert!(e.valid.contains(&"user") && e.valid.contains(&"bundled"), "{:?}", e.valid);
        assert_eq!(Filter::parse(FilterKey::Scope, "pro"), Ok(Filter::Scope("pro".into())));
        assert_eq!(Filter::parse(FilterKey::Has, "permissionMode"), Ok(Filter::HasKey("permissionmode".into())));
        assert_eq!(Filter::parse(FilterKey::Kind, "skills"), Ok(Filter::Kind(Kind::Skill)));
        assert_eq!(Filter::parse(FilterKey::Kind, "cmd"), Ok(Filter::Kind(Kind::Command)));
        assert_eq!(Filter::parse(FilterKey::Used, "<30d"), Ok(Filter::Used { within: true, days: 30 }));
        assert_eq!(Filter::parse(FilterKey::Used, ">7"), Ok(Filter::Used { within: false, days: 7 }));
        assert!(Filter::parse(FilterKey::Used, "30d").unwrap_err().valid.contains(&"<30d"));
        assert_eq!(days_from_civil("1970-01-01"), Some(0));
        assert_eq!(days_from_civil("2000-03-01"), Some(11_017));
        assert_eq!(days_from_civil("2026-12-07"), Some(20_794));
        let e = Filter::parse(FilterKey::Kind, "widget").unwrap_err();
        assert_eq!(e.valid, ["agent", "skill", "command", "output-style", "prompt"]);
    }
}
