//! Key bindings from the config file: chords written as the help screen shows them (`C-y`,
//! `M-f`, `S-Up`, `F1`, `Enter`, `Space`, `?`) and the overrides that replace a binding's keys.
//! The overrides change the one table, so the help screen and the hints follow them.

use super::{Chord, KeyMode, Keymap};
use crate::config::{ConfigProblem, KeysConfig};

impl Keymap {
    /// The default keymap with the config's overrides applied: each override replaces the
    /// keys of its action in its view, and takes those keys away from the view's other
    /// bindings. Problems (a key given to two actions, a plain character where it would stop
    /// typing in the query, a binding left without a key) are reported and the rest applies.
    /// An action the view does not have is a problem too, named with the nearest one.
    pub fn with_overrides(keys: &KeysConfig) -> (Keymap, Vec<ConfigProblem>) {
        let mut map = Keymap::default();
        let mut problems = Vec::new();
        // (mode, chord, the action that took it, the override's index)
        let mut claimed: Vec<(KeyMode, Chord, &'static str, usize)> = Vec::new();
        let mut overridden = Vec::new();
        for (n, o) in keys.overrides.iter().enumerate() {
            let problem = |message: String| ConfigProblem::at(&keys.file, o.at, message);
            let section = o.mode.name();
            let at = map.bindings.iter().position(|b| b.mode == o.mode && b.action.name() == Some(o.action.as_str()));
            let Some(i) = at else {
                let known: Vec<&str> = map.for_mode(o.mode).filter_map(|b| b.action.name()).collect();
                let place = format!("in [keys.{section}]");
                problems.push(problem(crate::config::unknown_name("action", &o.action, &place, &known)));
                continue;
            };
            let name = map.bindings[i].action.name().unwrap_or("?");
            let mut kept = Vec::new();
            let mut refused = Vec::new();
            for chord in &o.keys {
                let types = chord.types_text() && matches!(o.mode, KeyMode::List | KeyMode::Find | KeyMode::Global);
                if types {
                    refused.push(format!(
                        "'{}' in [keys.{section}] would stop you typing it in the query; use a key with C- or M-, or a named key",
                        chord.label()
                    ));
                } else if let Some((.., other, _)) = claimed.iter().find(|(m, c, ..)| *m == o.mode && c.same_key(chord))
                {
                    refused.push(format!(
                        "{} is already given to '{other}' in [keys.{section}]; '{name}' does not get it",
                        chord.label()
                    ));
                } else if !kept.iter().any(|c: &Chord| c.same_key(chord)) {
                    kept.push(*chord);
                    claimed.push((o.mode, *chord, name, n));
                }
            }
            if kept.is_empty()
                && let Some(last) = refused.last_mut()
            {
                last.push_str(&format!("; '{name}' keeps its default keys"));
            }
            problems.extend(refused.into_iter().map(problem));
            if !kept.is_empty() {
                map.bindings[i].keys = kept;
                overridden.push(i);
            }
        }
        for (i, b) in map.bindings.iter_mut().enumerate() {
            if overridden.contains(&i) {
                continue;
            }
            let mut taker = None;
            b.keys.retain(|c| match claimed.iter().find(|(m, k, ..)| *m == b.mode && k.same_key(c)) {
                Some(&(.., who, n)) => {
                    taker = Some((who, n));
                    false
                }
                None => true,
            });
            if let (true, Some((who, n))) = (b.keys.is_empty(), taker) {
                let name = b.action.name().unwrap_or("?");
                problems.push(ConfigProblem::at(
                    &keys.file,
                    keys.overrides[n].at,
                    format!("'{name}' in [keys.{}] has no key left ('{who}' took it); give it one", b.mode.name()),
                ));
            }
        }
        (map, problems)
    }
}

/// The keymap of `config`, with `problems` (the config file's own) and the overrides'
/// problems together, in file order: what the browser starts with and `agentdeck config`
/// reports.
pub fn checked(config: &crate::config::Config, mut problems: Vec<ConfigProblem>) -> (Keymap, Vec<ConfigProblem>) {
    let (map, more) = Keymap::with_overrides(&config.keys);
    problems.extend(more);
    problems.sort_by_key(|p| p.at);
    (map, problems)
}
