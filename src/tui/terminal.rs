//! Everything that touches the real terminal and process: entering and leaving the
//! alternate screen (with mouse capture), the panic hook, logging to a file, and the real
//! [`Host`] that reads crossterm events, copies, reads files, runs `$EDITOR` and suspends.

use super::action::Action;
use super::app::Effect;
use super::event::Host;
use super::signals::{Signals, Wakeup};
use super::tty::{self, Ready, Tty};
use crate::clipboard::{self, ClipEnv, CopyReport};
use crossterm::cursor::Show;
use crossterm::event::{DisableMouseCapture, EnableMouseCapture, Event};
use crossterm::execute;
use crossterm::terminal::{EnterAlternateScreen, disable_raw_mode, enable_raw_mode};
use ratatui::DefaultTerminal;
use std::io::{self, stdout};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::mpsc::{Receiver, Sender};
use std::time::Duration;

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
fn reenter() -> io::Result<()> {
    let _ = disable_raw_mode();
    enable_raw_mode()?;
    execute!(stdout(), EnterAlternateScreen, EnableMouseCapture)
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

/// The real world: crossterm input (read only once [`tty`] has said the terminal is still
/// there), the clipboard, files, `$EDITOR`, suspending. Copies finish on threads of their own
/// and come back through [`Host::finished`].
pub struct CrosstermHost {
    tty: Tty,
    wakeup: Wakeup,
    signals: Signals,
    done_tx: Sender<Action>,
    done_rx: Receiver<Action>,
    /// Where the journal is and what must never be written.
    env: crate::env::Env,
}

impl CrosstermHost {
    pub fn new(signals: Signals, wakeup: Wakeup, env: crate::env::Env) -> io::Result<CrosstermHost> {
        let (done_tx, done_rx) = std::sync::mpsc::channel();
        Ok(CrosstermHost { tty: Tty::open()?, wakeup, signals, done_tx, done_rx, env })
    }

    /// The terminal went away: the loop ends as on SIGHUP.
    fn gone(&self) -> io::Result<Option<Event>> {
        tracing::info!("the terminal is gone");
        self.signals.raise(libc::SIGHUP);
        Ok(None)
    }

    /// Ctrl-Z or SIGTSTP: give the terminal back, stop with our process group, and take the
    /// terminal again once continued (the loop redraws).
    fn suspend(&mut self) -> Option<Action> {
        if !tty::can_suspend() {
            let text = "cannot suspend: agentdeck leads its own session, so no shell could resume it".into();
            return Some(Action::Notify { text, error: true });
        }
        self.signals.set_owned(false);
        leave();
        tty::stop(true);
        let back = reenter();
        self.signals.set_owned(true);
        back.err().map(|e| Action::Notify { text: format!("cannot take the terminal back: {e}"), error: true })
    }

    /// Copy `text`: OSC 52 now (outside tmux), on this thread, as it writes to the terminal
    /// the frames go to; the tools (tmux's `load-buffer`, the clipboard tool), which may take
    /// seconds or never end, on a thread of its own.
    fn copy(&mut self, text: String, what: &str) -> Action {
        let mut report = CopyReport::new(what, &text);
        let env = ClipEnv { own_group: true, ..ClipEnv::from_process() };
        if env.sends_osc52() {
            report.osc52(clipboard::write_osc52(&text, &mut stdout()));
        }
        let helpers = env.helpers();
        let Some(first) = helpers.first() else { return notify(&report) };
        let (tx, waker) = (self.done_tx.clone(), self.signals.waker());
        let name = first.name.clone();
        std::thread::spawn(move || {
            for helper in &helpers {
                clipboard::run_one(&mut report, helper, &text);
            }
            tracing::debug!(%report, "copy");
            let _ = tx.send(notify(&report));
            if let Some(w) = waker {
                w.wake();
            }
        });
        Action::Notify { text: format!("copying the {what} with {name}…"), error: false }
    }
}

impl Host for CrosstermHost {
    fn next_event(&mut self, timeout: Duration) -> io::Result<Option<Event>> {
        // crossterm may hold events it has read already; it is asked only while the terminal
        // is there (on a hung-up one its reader never returns).
        if tty::is_gone(self.tty.fd()) {
            return self.gone();
        }
        if crossterm::event::poll(Duration::ZERO)? {
            return crossterm::event::read().map(Some);
        }
        match tty::wait(self.tty.fd(), self.wakeup.fd(), timeout)? {
            Ready::Gone => self.gone(),
            Ready::Timeout => Ok(None),
            Ready::Input | Ready::Woken => {
                self.wakeup.drain();
                if tty::is_gone(self.tty.fd()) {
                    return self.gone();
                }
                // A wake-up may be SIGWINCH, which crossterm turns into a resize.
                if crossterm::event::poll(Duration::ZERO)? { crossterm::event::read().map(Some) } else { Ok(None) }
            }
        }
    }

    fn run_effect(&mut self, effect: Effect) -> Option<Action> {
        match effect {
            Effect::Copy { text, what } => Some(self.copy(text, what.label())),
            Effect::CopyFile(source) => Some(match super::effects::file_text(&source) {
                Ok(text) => self.copy(text, "file"),
                Err(text) => Action::Notify { text, error: true },
            }),
            Effect::ReadSource { id, source } => Some(super::effects::read_source(id, &source)),
            Effect::Edit { path, line } => edit(&path, line, &self.signals),
            Effect::Apply(plan) => Some(super::effects::apply(&plan, &self.env)),
            Effect::Undo => Some(super::effects::undo(&self.env)),
            // The event loop reloads itself; a host never sees this.
            Effect::Reload => None,
            Effect::Suspend => self.suspend(),
        }
    }

    fn finished(&mut self) -> Vec<Action> {
        self.done_rx.try_iter().collect()
    }

    fn resume(&mut self) -> io::Result<()> {
        // Stopped and continued from outside (SIGSTOP cannot be caught): the shell has set
        // its own mode meanwhile.
        if self.signals.owned() { reenter() } else { Ok(()) }
    }
}

fn notify(report: &CopyReport) -> Action {
    Action::Notify { text: report.to_string(), error: !report.complete() }
}

/// Suspend the screen, run the editor on `path` (at `line`, for editors that take `+N`), come
/// back, and have the file read again. While it runs the editor owns the terminal (see
/// [`super::signals`]); a signal that ends us meanwhile ends us once it has exited, without
/// taking the screen again.
fn edit(path: &Path, line: Option<usize>, signals: &Signals) -> Option<Action> {
    let editor = ["VISUAL", "EDITOR"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()))
        .unwrap_or_else(|| "vi".into());
    signals.set_owned(false);
    leave();
    let at = line.map(|l| format!(" +{l}")).unwrap_or_default();
    let status = Command::new("sh").arg("-c").arg(format!("{editor}{at} \"$1\"")).arg("sh").arg(path).spawn().and_then(
        |mut child| {
            signals.set_editor(i32::try_from(child.id()).unwrap_or(0));
            let status = child.wait();
            signals.set_editor(0);
            status
        },
    );
    if signals.received().is_some() {
        return None;
    }
    if let Err(e) = reenter() {
        return Some(Action::Notify { text: format!("cannot take the terminal back: {e}"), error: true });
    }
    signals.set_owned(true);
    Some(match status {
        Ok(s) if s.success() => Action::FilesChanged(vec![path.to_path_buf()]),
        Ok(s) => Action::Notify { text: format!("{editor} exited with {s}"), error: true },
        Err(e) => Action::Notify { text: format!("cannot run {editor}: {e}"), error: true },
    })
}
