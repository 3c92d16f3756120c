//! Everything that touches the real terminal and process: entering and leaving the
//! alternate screen (with mouse capture), the panic hook, logging to a file, and the real
//! [`Host`] that reads crossterm events, copies, reads files and runs `$EDITOR`.

use super::action::Action;
use super::app::Effect;
use super::event::Host;
use crossterm::event::{DisableMouseCapture, EnableMouseCapture, Event};
use crossterm::execute;
use crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode};
use ratatui::DefaultTerminal;
use std::io::{self, stdout};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// Raw mode, alternate screen, mouse capture. ratatui's own panic hook (installed here, so
/// after ours) restores the screen before ours runs.
pub fn enter() -> io::Result<DefaultTerminal> {
    let terminal = ratatui::try_init()?;
    execute!(stdout(), EnableMouseCapture)?;
    Ok(terminal)
}

/// Give the terminal back.
pub fn leave() {
    let _ = execute!(stdout(), DisableMouseCapture);
    ratatui::restore();
}

/// Print the panic once the terminal is back (ratatui's hook restores it first), naming the
/// log file when there is one.
pub fn install_panic_hook(log: Option<PathBuf>) {
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(stdout(), DisableMouseCapture);
        tracing::error!(%info, "panic");
        eprintln!("agentdeck crashed: {info}");
        match (&log, log_path()) {
            (Some(path), _) => eprintln!("the log is in {}", path.display()),
            (None, Some(path)) => {
                eprintln!("run with AGENTDECK_LOG=debug to keep a log in {}", path.display());
            }
            (None, None) => {}
        }
    }));
}

/// Where the log goes: `agentdeck.log` in the data folder.
fn log_path() -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "agentdeck")?;
    Some(dirs.data_dir().join("agentdeck.log"))
}

/// When `AGENTDECK_LOG` names a level, log to `agentdeck.log` in the data folder.
pub fn init_logging() -> Option<PathBuf> {
    let level = std::env::var("AGENTDECK_LOG").ok().filter(|l| !l.is_empty())?;
    let path = log_path()?;
    std::fs::create_dir_all(path.parent()?).ok()?;
    let file = std::fs::OpenOptions::new().create(true).append(true).open(&path).ok()?;
    let filter = tracing_subscriber::EnvFilter::try_new(&level).ok()?;
    let subscriber =
        tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::sync::Mutex::new(file)).finish();
    tracing::subscriber::set_global_default(subscriber).ok()?;
    Some(path)
}

/// The real world: crossterm input, the clipboard, files and `$EDITOR`.
pub struct CrosstermHost;

impl Host for CrosstermHost {
    fn next_event(&mut self, timeout: Duration) -> io::Result<Option<Event>> {
        if crossterm::event::poll(timeout)? { crossterm::event::read().map(Some) } else { Ok(None) }
    }

    fn run_effect(&mut self, effect: Effect) -> Option<Action> {
        match effect {
            Effect::Copy { text, what } => Some(copied(&text, what.label())),
            Effect::CopyFile(source) => Some(match super::effects::file_text(&source) {
                Ok(text) => copied(&text, "file"),
                Err(text) => Action::Notify { text, error: true },
            }),
            Effect::ReadSource { id, source } => Some(super::effects::read_source(id, &source)),
            Effect::Edit { path, line } => Some(edit(&path, line)),
            Effect::Apply(plan) => Some(super::effects::apply(&plan)),
            Effect::Undo => Some(super::effects::undo()),
            // The event loop reloads itself; a host never sees this.
            Effect::Reload => None,
        }
    }
}

fn copied(text: &str, what: &str) -> Action {
    let report = crate::clipboard::copy(text, what);
    Action::Notify { text: report.to_string(), error: !report.ok() }
}

/// Suspend the screen, run the editor on `path` (at `line`, for editors that take `+N`), come
/// back, and have the file read again.
fn edit(path: &Path, line: Option<usize>) -> Action {
    let editor = ["VISUAL", "EDITOR"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()))
        .unwrap_or_else(|| "vi".into());
    let _ = execute!(stdout(), DisableMouseCapture, LeaveAlternateScreen);
    let _ = disable_raw_mode();
    let at = line.map(|l| format!(" +{l}")).unwrap_or_default();
    let status = Command::new("sh").arg("-c").arg(format!("{editor}{at} \"$1\"")).arg("sh").arg(path).status();
    let _ = enable_raw_mode();
    let _ = execute!(stdout(), EnterAlternateScreen, EnableMouseCapture);
    match status {
        Ok(s) if s.success() => Action::FilesChanged(vec![path.to_path_buf()]),
        Ok(s) => Action::Notify { text: format!("{editor} exited with {s}"), error: true },
        Err(e) => Action::Notify { text: format!("cannot run {editor}: {e}"), error: true },
    }
}
