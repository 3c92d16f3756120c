//! `agentdeck config`: where the config file is, and the configuration in effect as TOML (the
//! problems on stderr, exit 1 when there are any, so a script can check a config file).

use super::{Fail, Outcome};
use crate::cli::ConfigArgs;
use crate::config::{self, Config};
use crate::env::Env;
use crate::text::sanitize::clean_line;
use crate::tui::keymap::{KeyMode, Keymap};
use std::fmt::Write as _;
use std::io::Write;

pub fn run(env: &Env, args: &ConfigArgs) -> Outcome {
    let Some(at) = config::path(env) else {
        return Err(Fail::Said("no config folder: HOME is not set (set AGENTDECK_CONFIG to a file)".into()));
    };
    let shown = clean_line(&at.path.to_string_lossy()).into_owned();
    let mut out = std::io::stdout().lock();
    if args.path {
        writeln!(out, "{shown}")?;
        return Ok(0);
    }
    let (config, problems) = Config::load(env);
    let (_, problems) = crate::tui::keymap::checked(&config, problems);
    let found = at.path.exists();
    writeln!(out, "# config file: {shown}{}", if found { "" } else { " (not there: the defaults apply)" })?;
    if !problems.is_empty() {
        let n = problems.len();
        writeln!(out, "# {} (on stderr); those keys keep their defaults", crate::text::plural::count(n, "problem"))?;
    }
    writeln!(out)?;
    out.write_all(to_toml(&config).as_bytes())?;
    out.flush()?;
    for p in &problems {
        eprintln!("agentdeck: {p}");
    }
    Ok(if problems.is_empty() { 0 } else { 1 })
}

/// The configuration in effect, written as a TOML document in the order of the defaults file
/// (the browser's keymap with the overrides applied); reading it back gives the same
/// configuration, so it can start a config file of one's own.
pub fn to_toml(config: &Config) -> String {
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
