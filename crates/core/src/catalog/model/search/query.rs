//! Reading a query, fzf's extended syntax plus `key:value` filters: space-separated terms
//! must all match; `a | b` matches either; `'exact` wants that text as it is, `^pre` and
//! `suf$` anchor to the name (`^x$` is the whole name); `!term` keeps what does not contain the
//! text (`!^x`, `!x$`, `!key:value` likewise). A term with a capital letter respects case.
//!
//! A query is always usable: what cannot be read (`!` alone, `is:`, a dangling `|`, a value
//! outside a closed set) is a [`QueryProblem`] the browser shows and `list` refuses, never a
//! panic, and never a term that silently matches nothing.

use super::filter::{Filter, FilterKey, Part, Refused, names};
use crate::text::sanitize::clean_line;

/// How a text term is matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    /// A subsequence of any field, scored; with a typo budget on the name.
    Fuzzy,
    /// `'text`: contained as it is in any field (`!text` too).
    Substring,
    /// `^text`: the name starts with it.
    Prefix,
    /// `text$`: the name ends with it.
    Suffix,
    /// `^text$`: the name is it.
    Exact,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Kind {
    Text {
        mode: Mode,
        needle: String,
    },
    Filter(Filter),
    /// A value outside a closed set (`is:foo`): reported, and matches nothing.
    Nothing,
}

/// One term, possibly negated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Atom {
    pub neg: bool,
    pub kind: Kind,
}

/// What was wrong with one term of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryProblem {
    /// The term as typed.
    pub term: String,
    pub kind: ProblemKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProblemKind {
    /// `!`, `^`, `'`, `$`, `key:` or `|` with nothing to act on: left out of the search.
    Incomplete,
    /// A value outside a closed set (`is:foo`, `scope:bogus`): the term matches nothing.
    UnknownValue { key: FilterKey, valid: Vec<&'static str> },
    /// `has:KEY` for a key that is neither a part nor any loaded agent's frontmatter key.
    UnknownKey { valid: Vec<&'static str> },
}

impl QueryProblem {
    /// Errors make `list --query` exit 2; an incomplete term is only a notice.
    pub fn is_error(&self) -> bool {
        !matches!(self.kind, ProblemKind::Incomplete)
    }
}

impl std::fmt::Display for QueryProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let term = clean_line(&self.term);
        match &self.kind {
            ProblemKind::Incomplete if self.term == "|" => write!(f, "'|' needs a term on each side (ignored)"),
            ProblemKind::Incomplete => write!(f, "incomplete term '{term}' (ignored)"),
            ProblemKind::UnknownValue { key, valid } => {
                let value = term.split_once(':').map_or(&*term, |(_, v)| v);
                write!(f, "unknown filter value '{value}' for {}: (valid: {})", key.name(), valid.join(", "))
            }
            ProblemKind::UnknownKey { valid } => {
                let value = term.split_once(':').map_or(&*term, |(_, v)| v);
                write!(f, "no agent has '{value}' (has: takes {}, or a frontmatter key)", valid.join(", "))
            }
        }
    }
}

/// A parsed query: groups that must all match, each of alternatives (`a | b`) of which one
/// must, plus what could not be read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Query {
    pub(super) groups: Vec<Vec<Atom>>,
    problems: Vec<QueryProblem>,
}

impl Query {
    pub fn parse(q: &str) -> Query {
        let mut query = Query::default();
        let mut joining = false;
        for tok in q.split_whitespace() {
            if tok == "|" {
                if joining || query.groups.is_empty() {
                    query.problem(tok, ProblemKind::Incomplete);
                }
                joining = !query.groups.is_empty();
                continue;
            }
            match parse_atom(tok) {
                Ok(atom) => {
                    if let (true, Some(g)) = (joining, query.groups.last_mut()) {
                        g.push(atom);
                    } else {
                        query.groups.push(vec![atom]);
                    }
                }
                Err(kind) => {
                    if let Some(Refused { key, valid }) = kind {
                        query.problem(tok, ProblemKind::UnknownValue { key, valid });
                        let atom = Atom { neg: tok.starts_with('!'), kind: Kind::Nothing };
                        query.groups.push(vec![atom]);
                    } else {
                        query.problem(tok, ProblemKind::Incomplete);
                    }
                }
            }
            joining = false;
        }
        if joining {
            query.problem("|", ProblemKind::Incomplete);
        }
        query.expand_abbreviations();
        query
    }

    /// A fuzzy term that is a common abbreviation (`k8s`, `db`) also finds the word it
    /// stands for: the word joins its group as an alternative, as `k8s | 'kubernetes` would.
    fn expand_abbreviations(&mut self) {
        for group in &mut self.groups {
            let words: Vec<&str> = group
                .iter()
                .filter(|a| !a.neg)
                .filter_map(|a| match &a.kind {
                    Kind::Text { mode: Mode::Fuzzy, needle } => abbreviation(needle),
                    _ => None,
                })
                .collect();
            for word in words {
                group.push(Atom { neg: false, kind: Kind::Text { mode: Mode::Substring, needle: word.to_string() } });
            }
        }
    }

    fn problem(&mut self, term: &str, kind: ProblemKind) {
        self.problems.push(QueryProblem { term: term.to_string(), kind });
    }

    /// What could not be read, in the order typed.
    pub fn problems(&self) -> &[QueryProblem] {
        &self.problems
    }

    /// [`Query::problems`] and, judged against the loaded `entries`, every `has:KEY` whose
    /// key no entry has: most likely a typo (`has:exmaples`), since `has:` takes any key.
    pub fn problems_in<C: super::Corpus + ?Sized>(&self, entries: &C) -> Vec<QueryProblem> {
        let entries = entries.entries();
        let mut all = self.problems.clone();
        for atom in self.groups.iter().flatten() {
            let Kind::Filter(Filter::HasKey(k)) = &atom.kind else { continue };
            if !entries.iter().any(|e| e.extra_keys.iter().any(|x| x.eq_ignore_ascii_case(k))) {
                let term = format!("{}has:{k}", if atom.neg { "!" } else { "" });
                all.push(QueryProblem {
                    term,
                    kind: ProblemKind::UnknownKey { valid: names(&Part::ALL, Part::spellings) },
                });
            }
        }
        all
    }

    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// True when every agent matching `self` also matches `previous`, so `self` can search
    /// only `previous`'s hits: each group of `previous` has a group in `self` that can only
    /// match less (terms were added, a term grew, an alternative went). Never claimed
    /// against the empty query, which matched everything anyway.
    pub fn narrows(&self, previous: &Query) -> bool {
        !previous.is_empty() && previous.groups.iter().all(|old| self.groups.iter().any(|new| group_within(new, old)))
    }

    /// The fuzzy needles that keep `self` from narrowing `previous` only because they grew
    /// into a typo budget (`kube` -> `kuber`), when that is all: every agent `self` matches then
    /// matches `previous` or has a name matching one of them with a typo, so the browser
    /// searches `previous`'s hits and those names ([`super::typo_names`]) instead of every
    /// agent. `None` when `self` does not follow `previous` so; empty when it narrows it.
    pub fn widens(&self, previous: &Query) -> Option<Vec<String>> {
        if previous.is_empty() {
            return None;
        }
        let mut grown = Vec::new();
        for old in &previous.groups {
            let fits = |new: &Vec<Atom>| -> Option<Vec<String>> {
                let mut g = Vec::new();
                for n in new {
                    if old.iter().any(|o| atom_within(n, o)) {
                        continue;
                    }
                    g.push(old.iter().find_map(|o| grew_typo(n, o))?);
                }
                Some(g)
            };
            grown.extend(self.groups.iter().find_map(fits)?);
        }
        grown.sort();
        grown.dedup();
        Some(grown)
    }

    /// Whether hits have scores to sort by: only text terms (and `body:`) score; filters and
    /// negations keep the order files were found in.
    pub fn ranks(&self) -> bool {
        self.groups
            .iter()
            .flatten()
            .any(|a| !a.neg && matches!(a.kind, Kind::Text { .. } | Kind::Filter(Filter::Body(_))))
    }

    /// The text terms that match (not negated), for highlighting.
    pub(super) fn positive_texts(&self) -> impl Iterator<Item = (Mode, &str)> {
        self.groups.iter().flatten().filter(|a| !a.neg).filter_map(|a| match &a.kind {
            Kind::Text { mode, needle } => Some((*mode, needle.as_str())),
            _ => None,
        })
    }
}

/// The abbreviations people type for the words agents are named and described with, and
/// those words.
pub const ABBREVIATIONS: &[(&str, &str)] = &[
    ("k8s", "kubernetes"),
    ("db", "database"),
    ("js", "javascript"),
    ("ts", "typescript"),
    ("py", "python"),
    ("tf", "terraform"),
    ("gh", "github"),
    ("pg", "postgres"),
    ("rb", "ruby"),
    ("rs", "rust"),
];

/// The word the abbreviation `needle` stands for (any case).
fn abbreviation(needle: &str) -> Option<&'static str> {
    ABBREVIATIONS.iter().find(|(a, _)| a.eq_ignore_ascii_case(needle)).map(|(_, w)| *w)
}

/// One term; `Err(None)` for an incomplete one, `Err(Some(..))` for a refused filter value.
fn parse_atom(tok: &str) -> Result<Atom, Option<Refused>> {
    let (neg, rest) = match tok.strip_prefix('!') {
        Some(rest) => (true, rest),
        None => (false, tok),
    };
    if let Some((key, value)) = rest.split_once(':')
        && let Some(key) = FilterKey::parse(key)
    {
        if value.is_empty() {
            return Err(None);
        }
        return Ok(Atom { neg, kind: Kind::Filter(Filter::parse(key, value).map_err(Some)?) });
    }
    let (prefix, rest) = rest.strip_prefix('^').map_or((false, rest), |r| (true, r));
    let (quoted, rest) =
        if prefix { (false, rest) } else { rest.strip_prefix('\'').map_or((false, rest), |r| (true, r)) };
    let (suffix, rest) = rest.strip_suffix('$').map_or((false, rest), |r| (true, r));
    if rest.is_empty() {
        return Err(None);
    }
    let mode = match (prefix, suffix) {
        (true, true) => Mode::Exact,
        (true, false) => Mode::Prefix,
        (false, true) => Mode::Suffix,
        // A negated fuzzy term would drop nearly everything: `!x` means "does not contain x",
        // as in fzf.
        (false, false) if quoted || neg => Mode::Substring,
        (false, false) => Mode::Fuzzy,
    };
    Ok(Atom { neg, kind: Kind::Text { mode, needle: rest.to_string() } })
}

/// How many needle characters a fuzzy term may miss in a name: none for short needles,
/// where one missing letter would match nearly every name.
pub(super) fn typo_budget(needle: &str) -> u16 {
    if needle.chars().count() >= 5 { 1 } else { 0 }
}

/// The needle of `new` when it is the fuzzy term `old` grown into a typo budget: an agent
/// matching `new` matches `old` unless its name matches `new` only with a typo.
fn grew_typo(new: &Atom, old: &Atom) -> Option<String> {
    let (Kind::Text { mode: Mode::Fuzzy, needle: n }, Kind::Text { mode: Mode::Fuzzy, needle: o }) =
        (&new.kind, &old.kind)
    else {
        return None;
    };
    let grew = !new.neg && !old.neg && n.starts_with(o.as_str()) && typo_budget(n) > typo_budget(o);
    grew.then(|| n.clone())
}

/// Every agent matching `new` matches one of `old`'s alternatives.
fn group_within(new: &[Atom], old: &[Atom]) -> bool {
    new.iter().all(|n| old.iter().any(|o| atom_within(n, o)))
}

/// Every agent matching `new` matches `old`.
fn atom_within(new: &Atom, old: &Atom) -> bool {
    if matches!(new.kind, Kind::Nothing) && !new.neg {
        return true;
    }
    match (old.neg, new.neg) {
        (false, false) => {}
        // Not containing less text matches fewer only when it is the same text.
        (true, true) => return new == old,
        _ => return false,
    }
    match (&old.kind, &new.kind) {
        (Kind::Filter(o), Kind::Filter(n)) => n.within(o),
        (Kind::Text { mode: om, needle: o }, Kind::Text { mode: nm, needle: n }) => text_within(*nm, n, *om, o),
        _ => false,
    }
}

/// Every agent matching the text term `(nm, n)` matches `(om, o)`. Case is smart on both
/// sides, and a needle that contains another as typed can only be stricter about case.
fn text_within(nm: Mode, n: &str, om: Mode, o: &str) -> bool {
    use Mode::*;
    match (om, nm) {
        // A longer needle with the same typo budget (more typos could match more).
        (Fuzzy, Fuzzy) => n.starts_with(o) && typo_budget(n) == typo_budget(o),
        // Any literal match (all in fields fuzzy searches) holds `o` as a subsequence.
        (Fuzzy, _) => is_subsequence(o, n),
        (Substring, Substring | Prefix | Suffix | Exact) => n.contains(o),
        (Prefix, Prefix | Exact) => n.starts_with(o),
        (Suffix, Suffix | Exact) => n.ends_with(o),
        (Exact, Exact) => n == o,
        _ => false,
    }
}

fn is_subsequence(short: &str, long: &str) -> bool {
    let mut rest = long.chars();
    short.chars().all(|c| rest.any(|l| l == c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn atoms(q: &str) -> Vec<Vec<(bool, Mode, String)>> {
        Query::parse(q)
            .groups
            .iter()
            .map(|g| {
                g.iter()
                    .map(|a| match &a.kind {
                        Kind::Text { mode, needle } => (a.neg, *mode, needle.clone()),
                        other => panic!("not text: {other:?}"),
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn extended_syntax_parses_like_fzf() {
        use Mode::*;
        let t = |neg, m, s: &str| (neg, m, s.to_string());
        assert_eq!(
            atoms("'exact ^pre suf$ ^whole$ fuz"),
            [
                vec![t(false, Substring, "exact")],
                vec![t(false, Prefix, "pre")],
                vec![t(false, Suffix, "suf")],
                vec![t(false, Exact, "whole")],
                vec![t(false, Fuzzy, "fuz")],
            ]
        );
        assert_eq!(
            atoms("!x !'y !^z !w$"),
            [
                vec![t(true, Substring, "x")],
                vec![t(true, Substring, "y")],
                vec![t(true, Prefix, "z")],
                vec![t(true, Suffix, "w")],
            ]
        );
        assert_eq!(
            atoms("^golang | ^haskell rust"),
            [vec![t(false, Prefix, "golang"), t(false, Prefix, "haskell")], vec![t(false, Fuzzy, "rust")],]
        );
        assert_eq!(atoms("a | b | c"), [vec![t(false, Fuzzy, "a"), t(false, Fuzzy, "b"), t(false, Fuzzy, "c")]]);
        // Unknown keys are text: plugin agents are named `plugin:name`.
        assert_eq!(atoms("plugin:rev"), [vec![t(false, Fuzzy, "plugin:rev")]]);
    }

    #[test]
    fn incomplete_terms_are_left_out_and_reported() {
        for q in ["!", "rust !", "^", "'", "$", "!^", "is:", "!model:", "|", "rust |", "| rust", "a | | b"] {
            let query = Query::parse(q);
            let p = query.problems();
            assert!(!p.is_empty() && p.iter().all(|p| p.kind == ProblemKind::Incomplete), "{q}: {p:?}");
            assert!(p.iter().all(|p| !p.is_error()));
            assert!(query.groups.iter().flatten().all(|a| matches!(a.kind, Kind::Text { .. })), "{q}");
        }
        assert_eq!(Query::parse("rust !"), Query { problems: Query::parse("!").problems, ..Query::parse("rust") });
        assert_eq!(Query::parse("!").problems()[0].to_string(), "incomplete term '!' (ignored)");
        assert_eq!(Query::parse("a |").problems()[0].to_string(), "'|' needs a term on each side (ignored)");
        assert_eq!(atoms("a | | b").len(), 1, "the second | is the problem, a and b still join");
    }

    #[test]
    fn unknown_values_name_the_valid_ones() {
        let q = Query::parse("is:foo rust");
        assert_eq!(q.problems().len(), 1);
        assert!(q.problems()[0].is_error());
        assert_eq!(
            q.problems()[0].to_string(),
            "unknown filter value 'foo' for is: (valid: duplicate, broken, shadowed, effective, disabled, retry, error, warning, ok, outdated, modified, installed, unused)"
        );
        let msg = Query::parse("!scope:bogus").problems()[0].to_string();
        assert!(msg.starts_with("unknown filter value 'bogus' for scope: (valid: managed, project, user,"), "{msg}");
        assert!(Query::parse("is:DUP scope:pro has:anything model:whatever").problems().is_empty());
    }

    #[test]
    fn has_keys_no_agent_has_are_reported_against_the_catalog() {
        use crate::catalog::{Agent, Scope};
        let mut a = Agent::new("x", "/x.md".into(), Scope::Path);
        a.extra.insert("permissionMode".into(), serde_json::json!("plan"));
        let entries = vec![crate::catalog::Entry::new(&a)];
        assert!(Query::parse("has:permissionmode has:examples").problems_in(&entries).is_empty());
        let p = Query::parse("has:exmaples").problems_in(&entries);
        assert_eq!(p.len(), 1);
        assert!(p[0].is_error());
        assert_eq!(
            p[0].to_string(),
            "no agent has 'exmaples' (has: takes examples, tools, color, model, body, diagnostics, or a frontmatter key)"
        );
    }

    #[test]
    fn problems_quote_the_term_without_control_characters() {
        let p = Query::parse("is:\x1b[31mfoo").problems()[0].to_string();
        assert!(!p.contains('\x1b'), "{p:?}");
    }

    #[test]
    fn narrowing_table() {
        let n = |new: &str, old: &str| Query::parse(new).narrows(&Query::parse(old));
        for (new, old) in [
            ("rus", "ru"),
            ("ru x", "ru"),
            ("tool:ba", "tool:b"),
            ("ru !x", "ru"),
            ("pro$", "pro"),
            ("^rea", "re"),
            ("'kube", "kub"),
            ("'kuber", "'kube"),
            ("^react", "^rea"),
            ("^react$", "^react"),
            ("^react$", "act$"),
            ("^react", "'rea"),
            ("^golang", "^golang | ^haskell"),
            ("a b", "b | c"),
            ("is:foo", "rust"),
            ("scope:use", "scope:u"),
            ("python x", "pytho | java"),
            ("^golang |", "^golang"),
        ] {
            assert!(n(new, old), "{new:?} should narrow {old:?}");
        }
        for (new, old) in [
            ("ru", "rus"),
            ("rux", "ru x"),
            ("!abc", "!ab"),
            ("is:dup", "is:du"),
            ("model:inherit", "model:inheri"),
            ("m:", "m"),
            ("x", ""),
            ("pytho", "pyth"),
            ("^golang | ^haskell", "^golang"),
            ("react", "^react"),
            ("act$", "^react$"),
            ("rea", "'rea"),
            ("!^re", "^re"),
            ("x !", "x y"),
        ] {
            assert!(!n(new, old), "{new:?} should not narrow {old:?}");
        }
    }
}
