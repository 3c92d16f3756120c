//! Keys as the config file writes them and the terminal sends them: the browser's views that
//! have bindings of their own ([`KeyMode`]) and key chords ([`Chord`]), read from and written
//! as `C-y`, `M-f`, `S-Up`, `F1`, `Enter`, `Space`, `?`. The configuration reads keys with
//! these; the browser's keymap binds them to its actions.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// The views that have their own bindings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyMode {
    /// Bindings that work in every view.
    Global,
    List,
    Reader,
    /// The reader's `/` prompt, while a search is typed.
    Find,
    /// The outline of the reader's headings.
    Outline,
    Diff,
    Help,
    /// The actions menu (install, fix, disable, remove, undo).
    Menu,
    /// A confirmation before a write.
    Confirm,
    /// The agent form.
    Form,
    /// The budget screen.
    Budget,
    /// Typing into a form field.
    Text,
    /// A form picker.
    Picker,
}

impl KeyMode {
    pub fn title(self) -> &'static str {
        match self {
            KeyMode::Global => "Everywhere",
            KeyMode::List => "List",
            KeyMode::Reader => "Reader",
            KeyMode::Find => "Reader search (/)",
            KeyMode::Outline => "Outline (o in the reader)",
            KeyMode::Diff => "Compare",
            KeyMode::Help => "Help",
            KeyMode::Menu => "Actions menu",
            KeyMode::Confirm => "Confirmation",
            KeyMode::Form => "Agent form",
            KeyMode::Text => "Typing into a field",
            KeyMode::Picker => "Choosing from a list",
            KeyMode::Budget => "Budget (F6 in the list)",
        }
    }
}

/// One key chord: a code plus modifiers (Shift is ignored for characters, whose case says it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chord {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl Chord {
    pub const fn new(code: KeyCode, mods: KeyModifiers) -> Chord {
        Chord { code, mods }
    }

    pub fn matches(&self, key: &KeyEvent) -> bool {
        let ignore = match key.code {
            KeyCode::Char(_) | KeyCode::BackTab => KeyModifiers::SHIFT,
            _ => KeyModifiers::NONE,
        };
        self.code == key.code && self.mods.difference(ignore) == key.modifiers.difference(ignore)
    }

    /// How the chord is written in the help and hints: `C-y`, `S-Up`, `PgDn`, `?`.
    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::F(n) => format!("F{n}"),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "S-Tab".into(),
            KeyCode::Backspace => "Bksp".into(),
            KeyCode::Up => "Up".into(),
            KeyCode::Down => "Down".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::Left => "Left".into(),
            KeyCode::Right => "Right".into(),
            KeyCode::Delete => "Delete".into(),
            other => format!("{other:?}"),
        };
        let mut prefix = String::new();
        if self.mods.contains(KeyModifiers::CONTROL) {
            prefix.push_str("C-");
        }
        if self.mods.contains(KeyModifiers::ALT) {
            prefix.push_str("M-");
        }
        if self.mods.contains(KeyModifiers::SHIFT) && !matches!(self.code, KeyCode::Char(_)) {
            prefix.push_str("S-");
        }
        prefix + &base
    }
}

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
    pub fn same_key(&self, other: &Chord) -> bool {
        self.matches(&KeyEvent::new(other.code, other.mods))
    }

    /// A plain character: in the list (and so globally) it is typed into the query.
    pub fn types_text(&self) -> bool {
        matches!(self.code, KeyCode::Char(_)) && !self.mods.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
    }
}

fn named(text: &str) -> Option<KeyCode> {
    if let Some(n) = text.strip_prefix(['F', 'f']).and_then(|n| n.parse::<u8>().ok()) {
        return (1..=24).contains(&n).then_some(KeyCode::F(n));
    }
    NAMED.iter().find(|(name, _)| name.eq_ignore_ascii_case(text)).map(|(_, code)| *code)
}
