//! The config file, `~/.config/agentdeck/config.toml` (or `$AGENTDECK_CONFIG`).
//!
//! The defaults are a file too, `assets/config.toml`, built into the program; the user's file
//! only overrides them, key by key. A broken config never stops agentdeck: every unknown key,
//! bad value or syntax error becomes a [`ConfigProblem`] naming the file, line and column,
//! and that key keeps its default. So loading always gives a whole [`Config`] plus the list
//! of problems, which the browser shows and `agentdeck config` prints.
//!
//! The config is plain values handed to whoever needs it (no global): keys are read as
//! [`KeyMode`]s and [`Chord`]s, actions by name; the browser checks the names and builds its
//! keymap from them (`tui::keymap::checked`), and the theme is built by
//! [`Theme::from_config`](crate::theme::Theme::from_config).

mod parse;

use crate::keys::Chord;
use crate::text::sanitize::clean_line;
use crate::theme::ThemeConfig;
use std::path::{Path, PathBuf};

pub use crate::keys::KeyMode;
pub use parse::unknown_name;

/// The built-in defaults.
pub const DEFAULTS: &str = include_str!("../../assets/config.toml");

/// The largest config file read; a bigger one is a problem and the defaults apply.
const MAX_BYTES: u64 = 1 << 20;

/// The configuration in effect: the defaults with the user's file over them.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub install: InstallConfig,
    pub view: ViewConfig,
    pub reader: ReaderConfig,
    pub theme: ThemeConfig,
    pub keys: KeysConfig,
    /// `[[collection]]` entries, in file order; they add to the registered collections.
    pub collections: Vec<CollectionConfig>,
}

/// `[install]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InstallConfig {
    /// Where `install` puts an agent when no scope is given.
    pub scope: InstallScope,
}

/// The scopes an agent can be installed to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InstallScope {
    /// `.claude/agents/` of the project.
    Project,
    /// `~/.claude/agents/`.
    User,
}

impl InstallScope {
    pub const ALL: [InstallScope; 2] = [InstallScope::Project, InstallScope::User];

    pub fn name(self) -> &'static str {
        match self {
            InstallScope::Project => "project",
            InstallScope::User => "user",
        }
    }

    pub fn from_name(name: &str) -> Option<InstallScope> {
        InstallScope::ALL.into_iter().find(|s| s.name() == name)
    }
}

/// `[view]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ViewConfig {
    /// Show the preview pane beside the list.
    pub preview: bool,
}

/// `[reader]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReaderConfig {
    /// The widest the reader's text grows, in columns ([`ReaderConfig::MAX_WIDTH`] bounds it).
    pub max_width: u16,
}

impl ReaderConfig {
    /// The range `max-width` accepts.
    pub const MAX_WIDTH: std::ops::RangeInclusive<u16> = 20..=1000;
}

/// `[keys.MODE] action = ["key", ...]`: the overrides, in file order. Applied by
/// [`Keymap::with_overrides`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct KeysConfig {
    /// The file the overrides came from, for problems found when they are applied.
    pub file: PathBuf,
    pub overrides: Vec<KeyOverride>,
}

/// One action's keys in one view.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyOverride {
    pub mode: KeyMode,
    /// The action's name as written (`copy-prompt`): the browser knows which there are.
    pub action: String,
    pub keys: Vec<Chord>,
    pub at: Option<Pos>,
}

/// One `[[collection]]` entry: a folder read where it is, or a git URL to clone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CollectionConfig {
    pub name: String,
    /// As written (`~/` is the home folder; a relative folder is relative to the config file).
    pub source: String,
    /// The config file's folder, against which a relative `source` is read.
    pub base: PathBuf,
    pub at: Option<Pos>,
}

/// A place in a config file, counted from 1; the column counts characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

impl Pos {
    /// The position of byte `offset` of `text`.
    pub fn of(text: &str, offset: usize) -> Pos {
        let offset = offset.min(text.len());
        let before = text.get(..offset).unwrap_or(text);
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        Pos { line: before.matches('\n').count() + 1, column: before[line_start..].chars().count() + 1 }
    }
}

/// Something wrong in a config file: where, and what (in plain words, naming the value).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigProblem {
    pub file: PathBuf,
    pub at: Option<Pos>,
    pub message: String,
}

impl ConfigProblem {
    pub fn at(file: &Path, at: Option<Pos>, message: String) -> ConfigProblem {
        ConfigProblem { file: file.to_path_buf(), at, message }
    }
}

/// `FILE:LINE:COLUMN: message`, cleaned of control characters (it quotes the file's text).
impl std::fmt::Display for ConfigProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let file = self.file.to_string_lossy();
        let text = match self.at {
            Some(p) => format!("{file}:{}:{}: {}", p.line, p.column, self.message),
            None => format!("{file}: {}", self.message),
        };
        f.write_str(&clean_line(&text))
    }
}

/// Where the config file is, and whether the user named it (`AGENTDECK_CONFIG`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigPath {
    pub path: PathBuf,
    pub from_env: bool,
}

/// `$AGENTDECK_CONFIG`, else `config.toml` in the config directory (`$XDG_CONFIG_HOME/agentdeck`
/// on Linux); `None` when there is no home to put it in.
pub fn path(env: &crate::env::Env) -> Option<ConfigPath> {
    if let Some(p) = std::env::var_os("AGENTDECK_CONFIG").filter(|p| !p.is_empty()) {
        return Some(ConfigPath { path: PathBuf::from(p), from_env: true });
    }
    Some(ConfigPath { path: env.config.as_ref()?.join("config.toml"), from_env: false })
}

impl Default for Config {
    /// The built-in defaults ([`DEFAULTS`]).
    fn default() -> Config {
        let mut config = Config::empty();
        let mut problems = Vec::new();
        parse::apply(&mut config, DEFAULTS, Path::new("(built-in defaults)"), &mut problems);
        debug_assert!(problems.is_empty(), "the built-in config has problems: {problems:?}");
        config
    }
}

impl Config {
    /// The starting point the built-in file fills in (a test checks it sets every key).
    fn empty() -> Config {
        Config {
            install: InstallConfig { scope: InstallScope::Project },
            view: ViewConfig { preview: false },
            reader: ReaderConfig { max_width: 0 },
            theme: ThemeConfig::default(),
            keys: KeysConfig::default(),
            collections: Vec::new(),
        }
    }

    /// The config for this user: the file at [`path`] over the defaults. A missing file is
    /// no problem (the defaults apply), except when `AGENTDECK_CONFIG` names it.
    pub fn load(env: &crate::env::Env) -> (Config, Vec<ConfigProblem>) {
        match path(env) {
            Some(p) if p.from_env || p.path.exists() => Config::load_from(&p.path),
            _ => (Config::default(), Vec::new()),
        }
    }

    /// The file at `path` over the defaults; a file that cannot be read is one problem.
    pub fn load_from(path: &Path) -> (Config, Vec<ConfigProblem>) {
        match read(path) {
            Ok(text) => Config::parse(&text, path),
            Err(why) => (Config::default(), vec![ConfigProblem::at(path, None, why)]),
        }
    }

    /// `text` (the contents of `file`) over the defaults.
    pub fn parse(text: &str, file: &Path) -> (Config, Vec<ConfigProblem>) {
        let mut config = Config::default();
        let mut problems = Vec::new();
        config.keys.file = file.to_path_buf();
        parse::apply(&mut config, text, file, &mut problems);
        problems.sort_by_key(|p| p.at);
        (config, problems)
    }
}

fn read(path: &Path) -> Result<String, String> {
    use std::io::Read;
    let file =
        std::fs::File::open(path).map_err(|e| format!("cannot read it: {}", crate::catalog::read::plain_io(&e)))?;
    let mut bytes = Vec::new();
    file.take(MAX_BYTES + 1).read_to_end(&mut bytes).map_err(|e| format!("cannot read it: {e}"))?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(format!(
            "larger than {} KiB, more than a config file should be; using the defaults",
            MAX_BYTES >> 10
        ));
    }
    String::from_utf8(bytes)
        .map_err(|e| format!("not UTF-8 text (byte {}); using the defaults", e.utf8_error().valid_up_to()))
}
