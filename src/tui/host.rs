//! The real [`Host`]: the terminal's input read on a thread of its own into the event loop's
//! channel (only once [`tty`] has said the terminal is still there, and never while the
//! editor or a stop has the terminal), the clipboard, files, `$EDITOR` and suspending. Copies
//! finish on threads of their own and come back as [`Event::Finished`].

use super::action::Action;
use super::app::Effect;
use super::event::{Event, Host};
use super::signals::{Signals, Wakeup};
use super::terminal::{leave, reenter};
use super::tty::{self, Ready, Tty};
use crate::clipboard::{self, ClipEnv, CopyReport};
use std::io::{self, stdout};
use std::path::Path;
use std::process::Command;
use std::sync::mpsc::Sender;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

/// The real world: input, the clipboard, files, `$EDITOR`, suspending.
pub struct CrosstermHost {
    /// The terminal and the wake-up pipe, until the input thread takes them.
    input: Option<Input>,
    signals: Signals,
    /// The loop's channel, once connected.
    events: Option<Sender<Event>>,
    /// Stops the input thread while someone else has the terminal.
    pause: Arc<Pause>,
    /// Where the journal is and what must never be written.
    env: crate::env::Env,
}

impl CrosstermHost {
    pub fn new(signals: Signals, wakeup: Wakeup, env: crate::env::Env) -> io::Result<CrosstermHost> {
        let input = Input { tty: Tty::open()?, wakeup, signals: signals.clone() };
        Ok(CrosstermHost { input: Some(input), signals, events: None, pause: Arc::default(), env })
    }

    /// Someone else takes the terminal (the editor, a stop): no key of theirs is read here.
    fn pause_input(&self) {
        self.pause.pause(&self.signals);
    }

    fn resume_input(&self) {
        self.pause.resume();
    }

    /// Ctrl-Z or SIGTSTP: give the terminal back, stop with our process group, and take the
    /// terminal again once continued (the loop redraws).
    fn suspend(&mut self) -> Option<Action> {
        if !tty::can_suspend() {
            let text = "cannot suspend: agentdeck leads its own session, so no shell could resume it".into();
            return Some(Action::Notify { text, error: true });
        }
        self.pause_input();
        self.signals.set_owned(false);
        leave();
        tty::stop(true);
        let back = reenter();
        self.signals.set_owned(true);
        self.resume_input();
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
        let (Some(first), Some(tx)) = (helpers.first(), self.events.clone()) else { return notify(&report) };
        let name = first.name.clone();
        std::thread::spawn(move || {
            for helper in &helpers {
                clipboard::run_one(&mut report, helper, &text);
            }
            tracing::debug!(%report, "copy");
            let _ = tx.send(Event::Finished(notify(&report)));
        });
        Action::Notify { text: format!("copying the {what} with {name}…"), error: false }
    }
}

impl Drop for CrosstermHost {
    /// The input thread stops reading: a thread waiting in `poll` on the terminal would hold
    /// it open after [`tty::let_go`] has let go of every descriptor.
    fn drop(&mut self) {
        self.pause_input();
    }
}

impl Host for CrosstermHost {
    fn next_event(&mut self, timeout: Duration) -> io::Result<Option<crossterm::event::Event>> {
        match &mut self.input {
            Some(input) => match input.next(timeout)? {
                Read::Input(event) => Ok(Some(event)),
                Read::Woken | Read::Timeout => Ok(None),
                Read::Gone => Ok(None),
            },
            None => Err(io::Error::other("the terminal's input is read on a thread of its own")),
        }
    }

    fn connect(&mut self, events: Sender<Event>) -> io::Result<bool> {
        let Some(input) = self.input.take() else { return Ok(true) };
        self.events = Some(events.clone());
        let pause = Arc::clone(&self.pause);
        std::thread::Builder::new().name("input".into()).spawn(move || input.run(&events, &pause))?;
        Ok(true)
    }

    fn run_effect(&mut self, effect: Effect) -> Option<Action> {
        match effect {
            Effect::Copy { text, what } => Some(self.copy(text, what.label())),
            Effect::CopyFile(source) => Some(match super::effects::file_text(&source) {
                Ok(text) => self.copy(text, "file"),
                Err(text) => Action::Notify { text, error: true },
            }),
            Effect::ReadSource { id, source } => Some(super::effects::read_source(id, &source)),
            Effect::Edit { path, line } => {
                self.pause_input();
                let result = edit(&path, line, &self.signals);
                self.resume_input();
                result
            }
            Effect::Apply(plan) => Some(super::effects::apply(&plan, &self.env)),
            Effect::Undo => Some(super::effects::undo(&self.env)),
            // The event loop reloads itself; a host never sees this.
            Effect::Reload => None,
            Effect::Suspend => self.suspend(),
        }
    }

    fn resume(&mut self) -> io::Result<()> {
        // Stopped and continued from outside (SIGSTOP cannot be caught): the shell has set
        // its own mode meanwhile.
        if self.signals.owned() { reenter() } else { Ok(()) }
    }
}

/// How long crossterm is given to say whether input is waiting. Its reader (`use-dev-tty`:
/// plain `poll(2)`, level-triggered, so input that came with a resize is never left unread)
/// treats a zero wait as no wait at all, so the shortest real one.
const QUEUED: Duration = Duration::from_millis(1);

/// What one read of the terminal gave.
enum Read {
    Input(crossterm::event::Event),
    /// The signal thread (or a pause) woke the reader.
    Woken,
    Timeout,
    /// The terminal went away.
    Gone,
}

/// The terminal's input: crossterm's reader, asked only when the terminal is still there (on
/// a hung-up one it never returns), and the pipe the signal thread wakes us through.
struct Input {
    tty: Tty,
    wakeup: Wakeup,
    signals: Signals,
}

impl Input {
    /// The input thread: every event into the loop's channel, a wake-up as [`Event::Signal`];
    /// it ends when the terminal goes (as on SIGHUP) or the loop has gone.
    fn run(mut self, events: &Sender<Event>, pause: &Pause) {
        self.read_into(events, pause);
        pause.ended();
    }

    fn read_into(&mut self, events: &Sender<Event>, pause: &Pause) {
        loop {
            pause.wait_while_paused();
            let sent = match self.next(Duration::MAX) {
                Ok(Read::Input(event)) => events.send(Event::Input(event)),
                Ok(Read::Woken) => events.send(Event::Signal),
                Ok(Read::Timeout) => Ok(()),
                Ok(Read::Gone) | Err(_) => {
                    let _ = events.send(Event::Signal);
                    return;
                }
            };
            if sent.is_err() {
                return;
            }
        }
    }

    /// The next input event, waiting at most `timeout`.
    fn next(&mut self, timeout: Duration) -> io::Result<Read> {
        // crossterm may hold events it has read already; it is asked only while the terminal
        // is there (on a hung-up one its reader never returns).
        if tty::is_gone(self.tty.fd()) {
            return Ok(self.gone());
        }
        if crossterm::event::poll(QUEUED)? {
            return crossterm::event::read().map(Read::Input);
        }
        match tty::wait(self.tty.fd(), self.wakeup.fd(), timeout)? {
            Ready::Gone => Ok(self.gone()),
            Ready::Timeout => Ok(Read::Timeout),
            Ready::Input | Ready::Woken => {
                self.wakeup.drain();
                if tty::is_gone(self.tty.fd()) {
                    return Ok(self.gone());
                }
                // A wake-up may be SIGWINCH, which crossterm turns into a resize.
                if crossterm::event::poll(QUEUED)? {
                    crossterm::event::read().map(Read::Input)
                } else {
                    Ok(Read::Woken)
                }
            }
        }
    }

    /// The terminal went away: the loop ends as on SIGHUP.
    fn gone(&self) -> Read {
        tracing::info!("the terminal is gone");
        self.signals.raise(libc::SIGHUP);
        Read::Gone
    }
}

/// Whether the input thread may read, and whether it has stopped reading.
#[derive(Debug, Default)]
struct Pause {
    /// (asked to pause, has paused)
    state: Mutex<(bool, bool)>,
    changed: Condvar,
}

impl Pause {
    /// Ask the input thread to stop reading and wait (briefly: it may have ended) until it has.
    fn pause(&self, signals: &Signals) {
        let mut state = self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        state.0 = true;
        signals.wake();
        let wait = self.changed.wait_timeout_while(state, Duration::from_millis(500), |s| !s.1);
        drop(wait);
    }

    /// On the input thread, as it ends: it reads no more, as if paused for good.
    fn ended(&self) {
        let mut state = self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        state.1 = true;
        self.changed.notify_all();
    }

    fn resume(&self) {
        let mut state = self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        state.0 = false;
        self.changed.notify_all();
    }

    /// On the input thread: while paused, say so and wait.
    fn wait_while_paused(&self) {
        let mut state = self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if !state.0 {
            return;
        }
        state.1 = true;
        self.changed.notify_all();
        while state.0 {
            state = self.changed.wait(state).unwrap_or_else(std::sync::PoisonError::into_inner);
        }
        state.1 = false;
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
