//! The configuration in effect, written as a TOML document in the order of the defaults file;
//! reading it back gives the same configuration, so it can start a config file of one's own.

use super::Config;
use crate::tui::keymap::{KeyMode, Keymap};
use std::fmt::Write;

pub(super) fn to_toml(config: &Config) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "[install]\nscope = {}\n", quote(config.install.scope.name()));
    let _ = writeln!(out, "[view]\npreview = {}\n", config.view.preview);
    let _ = writeln!(out, "[reader]\nmax-width = {}\n", config.reader.max_width);
    out.push_str("[theme]\n");
    for (name, spec) in config.theme.entries() {
        let _ = writeln!(out, "{name} = {}", quote(&spec.to_string()));
    }
    let (keymap, _) = Keymap::with_overrides(&config.keys);
    for mode in KeyMode::ALL {
        let _ = writeln!(out, "\n[keys.{}]", mode.name());
        for b in keymap.for_mode(mode) {
            let Some(name) = b.action.name() else { continue };
            if b.keys.is_empty() {
                let _ = writeln!(out, "# {name}: no key");
                continue;
            }
            let keys: Vec<String> = b.keys.iter().map(|c| quote(&c.label())).collect();
            let _ = writeln!(out, "{name} = [{}]", keys.join(", "));
        }
    }
    for c in &config.collections {
        let _ = writeln!(out, "\n[[collection]]\nname = {}\nsource = {}", quote(&c.name), quote(&c.source));
    }
    out
}

/// A TOML basic string: quotes, backslashes, control characters and bidi controls escaped
/// (what reaches the terminal carries no control sequence).
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}') => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
