//! Key bindings from the config file: chords written as the help screen shows them (`C-y`,
//! `M-f`, `S-Up`, `F1`, `Enter`, `Space`, `?`) and the overrides that replace a binding's keys.
//! The overrides change the one table, so the help screen and the hints follow them.

use super::{Chord, KeyMode, Keymap};
use crate::config::{ConfigProblem, KeysConfig};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

impl KeyMode {
    /// Every mode, in the order the help screen lists them.
    pub const ALL: [KeyMode; 13] = [
        KeyMode::Global,
        KeyMode::List,
        KeyMode::Reader,
        KeyMode::Find,
        KeyMode::Outline,
        KeyMode::Diff,
        KeyMode::Menu,
        KeyMode::Confirm,
        KeyMode::Form,
        KeyMode::Text,
        KeyMode::Picker,
        KeyMode::Budget,
        KeyMode::Help,
    ];

    /// The mode's name in the config file: `[keys.list]`.
    pub fn name(self) -> &'static str {
        match self {
            KeyMode::Global => "global",
            KeyMode::List => "list",
            KeyMode::Reader => "reader",
            KeyMode::Find => "find",
            KeyMode::Outline => "outline",
            KeyMode::Diff => "compare",
            KeyMode::Help => "help",
            KeyMode::Menu => "menu",
            KeyMode::Confirm => "confirm",
            KeyMode::Form => "form",
            KeyMode::Text => "text",
            KeyMode::Picker => "picker",
            KeyMode::Budget => "budget",
        }
    }

    pub fn from_name(name: &str) -> Option<KeyMode> {
        KeyMode::ALL.into_iter().find(|m| m.name() == name)
    }
}

/// Named keys, as [`Chord::label`] writes them first, then the other spellings accepted.
const NAMED: &[(&str, KeyCode)] = &[
    ("Enter", KeyCode::Enter),
    ("Esc", KeyCode::Esc),
    ("Tab", KeyCode::Tab),
    ("Bksp", KeyCode::Backspace),
    ("Space", KeyCode::Char(' ')),
    ("Up", KeyCode::Up),
    ("Down", KeyCode::Down),
    ("Left", KeyCode::Left),
    ("Right", KeyCode::Right),
    ("PgUp", KeyCode::PageUp),
    ("PgDn", KeyCode::PageDown),
    ("Home", KeyCode::Home),
    ("End", KeyCode::End),
    ("Delete", KeyCode::Delete),
    ("Insert", KeyCode::Insert),
    ("BackTab", KeyCode::BackTab),
    ("Return", KeyCode::Enter),
    ("Escape", KeyCode::Esc),
    ("Backspace", KeyCode::Backspace),
    ("PageUp", KeyCode::PageUp),
    ("PageDown", KeyCode::PageDown),
    ("Del", KeyCode::Delete),
    ("Ins", KeyCode::Insert),
];

/// What a bad chord is told, after its own text.
pub const CHORD_HELP: &str = "write keys like C-y, M-f, S-Up, F1, Enter, Space, ?";

impl Chord {
    /// Read a chord as [`Chord::label`] writes it (the two round-trip), also accepting `A-`
    /// for Alt and the long names of keys (`PageDown`, `Backspace`, `Escape`). Characters are
    /// case-sensitive (`Y` is Shift-y); named keys are not.
    pub fn parse(text: &str) -> Result<Chord, String> {
        let bad = || format!("'{text}' is not a key ({CHORD_HELP})");
        let mut mods = KeyModifiers::NONE;
        let mut rest = text;
        while rest.chars().count() > 2 {
            let m = match rest.get(..2) {
                Some("C-") => KeyModifiers::CONTROL,
                Some("M-" | "A-") => KeyModifiers::ALT,
                Some("S-") => KeyModifiers::SHIFT,
                _ => break,
            };
            mods |= m;
            rest = &rest[2..];
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) if !c.is_control() => KeyCode::Char(c),
            _ => named(rest).ok_or_else(bad)?,
        };
        Ok(match code {
            // Shift is part of a character (`S-a` is `A`) and of `S-Tab`, as the label says.
            KeyCode::Char(c) if mods.contains(KeyModifiers::SHIFT) => {
                let upper: Vec<char> = c.to_uppercase().collect();
                let c = if upper.len() == 1 { upper[0] } else { c };
                Chord::new(KeyCode::Char(c), mods - KeyModifiers::SHIFT)
            }
            KeyCode::Tab if mods.contains(KeyModifiers::SHIFT) => {
                Chord::new(KeyCode::BackTab, mods - KeyModifiers::SHIFT)
            }
            code => Chord::new(code, mods),
        })
    }

    /// Whether two chords are the same key press (Shift ignored where [`Chord::matches`] does).
    fn same_key(&self, other: &Chord) -> bool {
        self.matches(&KeyEvent::new(other.code, other.mods))
    }

    /// A plain character: in the list (and so globally) it is typed into the query.
    fn types_text(&self) -> bool {
        matches!(self.code, KeyCode::Char(_)) && !self.mods.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
    }
}

fn named(text: &str) -> Option<KeyCode> {
    if let Some(n) = text.strip_prefix(['F', 'f']).and_then(|n| n.parse::<u8>().ok()) {
        return (1..=24).contains(&n).then_some(KeyCode::F(n));
    }
    NAMED.iter().find(|(name, _)| name.eq_ignore_ascii_case(text)).map(|(_, code)| *code)
}

impl Keymap {
    /// The default keymap with the config's overrides applied: each override replaces the
    /// keys of its action in its view, and takes those keys away from the view's other
    /// bindings. Problems (a key given to two actions, a plain character where it would stop
    /// typing in the query, a binding left without a key) are reported and the rest applies.
    /// [`crate::config::Config::load`] already lists these problems among its own.
    pub fn with_overrides(keys: &KeysConfig) -> (Keymap, Vec<ConfigProblem>) {
        let mut map = Keymap::default();
        let mut problems = Vec::new();
        // (mode, chord, the action that took it, the override's index)
        let mut claimed: Vec<(KeyMode, Chord, &'static str, usize)> = Vec::new();
        let mut overridden = Vec::new();
        for (n, o) in keys.overrides.iter().enumerate() {
            let problem = |message: String| ConfigProblem::at(&keys.file, o.at, message);
            let name = o.action.name().unwrap_or("?");
            let section = o.mode.name();
            let Some(i) = map.bindings.iter().position(|b| b.mode == o.mode && b.action == o.action) else {
                problems.push(problem(format!("'{name}' is not an action of [keys.{section}]")));
                continue;
            };
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
