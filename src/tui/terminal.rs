//! Taking the terminal and giving it back: entering and leaving the alternate screen (with
//! mouse capture), taking it again after the editor or a stop, the panic hook that says where
//! the log is, and logging to a file. What happens on the terminal while the browser has it
//! is the [`super::host`]'s; the file-descriptor level (a terminal that went away, giving it
//! back from any thread) is [`super::tty`]'s.

use super::signals::Signals;
use super::tty::Tty;
use crossterm::cursor::Show;
use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use crossterm::execute;
use crossterm::terminal::{EnterAlternateScreen, disable_raw_mode, enable_raw_mode};
use ratatui::DefaultTerminal;
use std::io::{self, stdout};
use std::path::PathBuf;

/// Raw mode, alternate screen, mouse capture. ratatui's own panic hook (installed here, so
/// after ours) restores the screen before ours runs. The mode from before is kept for the
/// signal thread, which may have to give the terminal back itself.
pub fn enter(signals: &Signals) -> io::Result<DefaultTerminal> {
    signals.save_mode(Tty::open().ok().and_then(|t| t.mode()));
    // Owned from before raw mode on, so a forced exit always gives it back.
    signals.set_owned(true);
    let terminal = ratatui::try_init()?;
    execute!(stdout(), EnableMouseCapture)?;
    Ok(terminal)
}

/// Give the terminal back: mouse capture off, the cursor shown, raw mode off, the normal screen.
pub fn leave() {
    let _ = execute!(stdout(), DisableMouseCapture, Show);
    ratatui::restore();
}

/// Take the terminal again after [`leave`] (after the editor or a stop). Raw mode is set
/// afresh even if crossterm thinks it is on: a shell that had the terminal meanwhile has set
/// its own mode.
pub fn reenter() -> io::Result<()> {
    let _ = disable_raw_mode();
    enable_raw_mode()?;
    execute!(stdout(), EnterAlternateScreen, EnableMouseCapture)
}

/// Print the panic once the terminal is back (ratatui's hook restores it first), naming the
/// log file when there is one.
pub fn install_panic_hook(log: Option<PathBuf>, env: &crate::env::Env) {
    let where_it_would_go = log_path(env);
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(stdout(), DisableMouseCapture);
        tracing::error!(%info, "panic");
        eprintln!("agentdeck crashed: {info}");
        match (&log, &where_it_would_go) {
            (Some(path), _) => eprintln!("the log is in {}", path.display()),
            (None, Some(path)) => {
                eprintln!("run with AGENTDECK_LOG=debug to keep a log in {}", path.display());
            }
            (None, None) => {}
        }
    }));
}

/// Where the log goes: `agentdeck.log` in the data folder.
fn log_path(env: &crate::env::Env) -> Option<PathBuf> {
    Some(env.data.as_ref()?.join("agentdeck.log"))
}

/// When `AGENTDECK_LOG` names a level, log to `agentdeck.log` in the data folder.
pub fn init_logging(env: &crate::env::Env) -> Option<PathBuf> {
    let level = std::env::var("AGENTDECK_LOG").ok().filter(|l| !l.is_empty())?;
    let path = log_path(env)?;
    std::fs::create_dir_all(path.parent()?).ok()?;
    let file = std::fs::OpenOptions::new().create(true).append(true).open(&path).ok()?;
    let filter = tracing_subscriber::EnvFilter::try_new(&level).ok()?;
    let subscriber =
        tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::sync::Mutex::new(file)).finish();
    tracing::subscriber::set_global_default(subscriber).ok()?;
    Some(path)
}
