//! Signals and the terminal's life, watched by a thread of their own. A flag set by a signal
//! handler helps only a thread that looks at it, and the event loop may not look for a while:
//! crossterm's reader spins forever on a terminal that went away, and the loop waits for
//! `$EDITOR`. So the watch thread takes every signal that ends, stops or resumes us and polls
//! the terminal for a hangup; it records what it saw in [`Signals`] and wakes the loop, which
//! gives the terminal back and leaves in order. Should the loop not have ended [`GRACE`]
//! after such a signal (it is stuck), the watch thread gives the terminal back and exits with
//! the same status, 128 + the signal. A hangup counts as SIGHUP.
//!
//! While `$EDITOR` runs, the editor owns the terminal: SIGTERM and SIGHUP are passed on to it
//! and we wait for it to end, and SIGTSTP stops us with it.

use super::tty::{self, Mode, Tty};
use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP, SIGWINCH};
use std::io::{self, Read, Write};
use std::os::fd::AsRawFd;
use std::os::unix::net::UnixStream;
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering::SeqCst};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

/// How long the event loop has to end by itself after a signal that ends us.
pub const GRACE: Duration = Duration::from_millis(500);
/// How often the watch thread looks at the terminal when no signal wakes it.
const CHECK: Duration = Duration::from_millis(200);
/// The signals watched.
const WATCHED: [i32; 7] = [SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGTSTP, SIGCONT, SIGWINCH];

/// What the signals asked for, shared by the watch thread, the event loop and the host.
/// `Signals::default()` has no thread behind it: tests call [`Signals::raise`] instead.
#[derive(Debug, Clone, Default)]
pub struct Signals(Arc<Shared>);

#[derive(Debug, Default)]
struct Shared {
    /// The signal that ends us (0: none yet); the first one wins.
    end: AtomicI32,
    /// SIGTSTP arrived while the browser had the screen: the loop suspends.
    suspend: AtomicBool,
    /// SIGCONT arrived: the loop takes the terminal back and redraws.
    continued: AtomicBool,
    /// The browser has the screen (raw mode, alternate screen, mouse capture).
    owned: AtomicBool,
    /// The pid of the running `$EDITOR` (0: none).
    editor: AtomicI32,
    /// The terminal's mode before the browser took it.
    mode: OnceLock<Mode>,
    /// Wakes the event loop from its wait.
    waker: OnceLock<Waker>,
}

/// Wakes the event loop out of its wait for input; cheap to clone, callable from any thread.
#[derive(Debug, Clone)]
pub struct Waker(Arc<UnixStream>);

impl Waker {
    pub fn wake(&self) {
        // Non-blocking: when the pipe is full the loop is awake already.
        let _ = (&*self.0).write(&[1]);
    }
}

/// The event loop's end of the wake-up pipe.
#[derive(Debug)]
pub struct Wakeup(UnixStream);

impl Wakeup {
    pub fn fd(&self) -> i32 {
        self.0.as_raw_fd()
    }

    /// Empty the pipe (after a wait said it was readable).
    pub fn drain(&self) {
        let mut buf = [0u8; 64];
        while matches!((&self.0).read(&mut buf), Ok(n) if n > 0) {}
    }
}

impl Signals {
    /// Watch the signals and the terminal from a new thread.
    pub fn watch() -> io::Result<(Signals, Wakeup)> {
        let (wake_r, wake_w) = UnixStream::pair()?;
        let (sig_r, sig_w) = UnixStream::pair()?;
        for s in [&wake_r, &wake_w, &sig_r, &sig_w] {
            s.set_nonblocking(true)?;
        }
        let mut flags = Vec::new();
        for sig in WATCHED {
            // The flag first: when the pipe wakes the thread, the flag is already set.
            let flag = Arc::new(AtomicBool::new(false));
            signal_hook::flag::register(sig, Arc::clone(&flag))?;
            signal_hook::low_level::pipe::register(sig, sig_w.try_clone()?)?;
            flags.push((sig, flag));
        }
        let signals = Signals::default();
        let _ = signals.0.waker.set(Waker(Arc::new(wake_w)));
        let watch =
            Watch { signals: signals.clone(), tty: Tty::open().ok(), pipe: sig_r, flags, ending: None, hung: false };
        std::thread::Builder::new().name("signals".into()).spawn(move || watch.run())?;
        Ok((signals, Wakeup(wake_r)))
    }

    /// Record `sig` as the watch thread does: SIGTERM, SIGHUP, SIGINT and SIGQUIT end the
    /// loop, SIGTSTP suspends, SIGCONT takes the terminal back. Tests stand in for real
    /// signals with this.
    pub fn raise(&self, sig: i32) {
        match sig {
            SIGTSTP => self.0.suspend.store(true, SeqCst),
            SIGCONT => self.0.continued.store(true, SeqCst),
            _ => {
                let _ = self.0.end.compare_exchange(0, sig, SeqCst, SeqCst);
            }
        }
        self.wake();
    }

    /// The signal that ends us, if one arrived.
    pub fn received(&self) -> Option<i32> {
        match self.0.end.load(SeqCst) {
            0 => None,
            sig => Some(sig),
        }
    }

    /// Whether a suspend was asked for since the last call.
    pub fn take_suspend(&self) -> bool {
        self.0.suspend.swap(false, SeqCst)
    }

    /// Whether we were continued since the last call.
    pub fn take_continued(&self) -> bool {
        self.0.continued.swap(false, SeqCst)
    }

    /// Wake the event loop (a no-op without a watch thread).
    pub fn wake(&self) {
        if let Some(w) = self.0.waker.get() {
            w.wake();
        }
    }

    /// A waker for threads that finish work for the loop.
    pub fn waker(&self) -> Option<Waker> {
        self.0.waker.get().cloned()
    }

    /// The browser has the screen (true) or has given it back (false).
    pub fn set_owned(&self, owned: bool) {
        self.0.owned.store(owned, SeqCst);
    }

    /// Whether the browser has the screen.
    pub fn owned(&self) -> bool {
        self.0.owned.load(SeqCst)
    }

    /// `$EDITOR` runs as `pid` (0: it ended).
    pub fn set_editor(&self, pid: i32) {
        self.0.editor.store(pid, SeqCst);
    }

    /// Keep the terminal's mode from before the browser took it, for the watch thread.
    pub fn save_mode(&self, mode: Option<Mode>) {
        if let Some(m) = mode {
            let _ = self.0.mode.set(m);
        }
    }
}

/// The watch thread's state.
struct Watch {
    signals: Signals,
    /// The terminal, until it is gone.
    tty: Option<Tty>,
    pipe: UnixStream,
    flags: Vec<(i32, Arc<AtomicBool>)>,
    /// Since when the loop has been asked to end (reset while the editor runs).
    ending: Option<Instant>,
    /// The terminal went away.
    hung: bool,
}

impl Watch {
    fn run(mut self) {
        let shared = Arc::clone(&self.signals.0);
        loop {
            let timeout = self.ending.map_or(CHECK, |t| GRACE.saturating_sub(t.elapsed()).min(CHECK));
            let tty_fd = self.tty.as_ref().map_or(-1, Tty::fd);
            // Only a hangup is asked for on the terminal: keys are the loop's.
            let mut fds = [tty::pollfd(tty_fd, 0), tty::pollfd(self.pipe.as_raw_fd(), libc::POLLIN)];
            let _ = tty::poll(&mut fds, timeout);
            if fds[1].revents != 0 {
                let mut buf = [0u8; 64];
                while matches!((&self.pipe).read(&mut buf), Ok(n) if n > 0) {}
            }
            if tty_fd >= 0 && tty::gone(&fds[0]) {
                tracing::info!("the terminal is gone");
                self.tty = None;
                self.hung = true;
                self.on_signal(SIGHUP);
            }
            for (sig, flag) in &self.flags {
                if flag.swap(false, SeqCst) {
                    self.on_signal(*sig);
                }
            }
            let Some(sig) = self.signals.received() else { continue };
            let now = Instant::now();
            // The editor may be saving a file: wait for it, unless the terminal is gone.
            if shared.editor.load(SeqCst) != 0 && !self.hung {
                self.ending = Some(now);
                continue;
            }
            let since = *self.ending.get_or_insert(now);
            if now.duration_since(since) >= GRACE {
                tracing::warn!(sig, "the event loop did not end in time; exiting from the signal thread");
                if shared.owned.load(SeqCst) {
                    tty::give_back(shared.mode.get());
                }
                crate::clipboard::stop_running_tools();
                signal_hook::low_level::exit(128 + sig);
            }
        }
    }

    fn on_signal(&self, sig: i32) {
        tracing::info!(sig, "signal");
        let shared = &self.signals.0;
        let editor = shared.editor.load(SeqCst);
        match sig {
            SIGTSTP if editor != 0 => {
                // The editor has the terminal: stop with it (a typed Ctrl-Z reached it too).
                // SAFETY: kill only sends a signal to the editor's pid.
                unsafe {
                    libc::kill(editor, SIGTSTP);
                }
                tty::stop(false);
            }
            SIGTSTP if !shared.owned.load(SeqCst) => tty::stop(false),
            SIGTERM | SIGHUP if editor != 0 => {
                // SAFETY: as above.
                unsafe {
                    libc::kill(editor, sig);
                }
                self.signals.raise(sig);
            }
            SIGWINCH => self.signals.wake(),
            _ => self.signals.raise(sig),
        }
    }
}
