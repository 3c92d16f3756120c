//! The terminal at the file-descriptor level, for the two things crossterm cannot be trusted
//! with: noticing that the terminal went away (on a hung-up tty its reader gets 0 bytes and
//! tries again, forever, at full CPU), and giving the terminal back from any thread without
//! taking a lock a stuck thread might hold (stdout's, crossterm's saved mode).

use std::fs::File;
use std::io::{self, IsTerminal, Write};
use std::os::fd::{AsFd, AsRawFd, OwnedFd, RawFd};
use std::os::unix::fs::OpenOptionsExt;
use std::time::Duration;

/// What the browser turns on, turned off again in reverse order: SGR, urxvt, any-event,
/// button-event and normal mouse tracking (crossterm's `DisableMouseCapture`), the alternate
/// screen, and the cursor shown.
pub const GIVE_BACK: &[u8] = b"\x1b[?1006l\x1b[?1015l\x1b[?1003l\x1b[?1002l\x1b[?1000l\x1b[?1049l\x1b[?25h";

/// The terminal keys are read from: standard input when it is one, else `/dev/tty` (the
/// choice crossterm makes, so both watch the same device).
#[derive(Debug)]
pub struct Tty(OwnedFd);

impl Tty {
    pub fn open() -> io::Result<Tty> {
        let stdin = io::stdin();
        if stdin.is_terminal() {
            return Ok(Tty(stdin.as_fd().try_clone_to_owned()?));
        }
        let file = File::options().read(true).write(true).custom_flags(libc::O_NOCTTY).open("/dev/tty")?;
        Ok(Tty(file.into()))
    }

    pub fn fd(&self) -> RawFd {
        self.0.as_raw_fd()
    }

    /// The terminal's current mode, to give back later.
    pub fn mode(&self) -> Option<Mode> {
        // SAFETY: termios is plain data; tcgetattr fills it or fails, and the fd is open.
        unsafe {
            let mut t: libc::termios = std::mem::zeroed();
            (libc::tcgetattr(self.fd(), &mut t) == 0).then_some(Mode(t))
        }
    }
}

/// A saved terminal mode (`termios`).
#[derive(Clone, Copy)]
pub struct Mode(libc::termios);

impl std::fmt::Debug for Mode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Mode")
    }
}

/// What one wait saw. `Gone` wins over the others: a hung-up terminal also reads as ready.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ready {
    Gone,
    Input,
    Woken,
    Timeout,
}

/// Wait at most `timeout` for input on `tty` or a byte on `wake` (any readable fd); a hangup,
/// an error or a closed fd on the terminal is `Gone`. A signal cutting the wait short counts
/// as `Woken`: the caller looks at its flags either way.
pub fn wait(tty: RawFd, wake: RawFd, timeout: Duration) -> io::Result<Ready> {
    let mut fds = [pollfd(tty, libc::POLLIN), pollfd(wake, libc::POLLIN)];
    if !poll(&mut fds, timeout)? {
        return Ok(Ready::Woken);
    }
    Ok(if gone(&fds[0]) {
        Ready::Gone
    } else if fds[0].revents != 0 {
        Ready::Input
    } else if fds[1].revents != 0 {
        Ready::Woken
    } else {
        Ready::Timeout
    })
}

/// Whether the terminal has gone away (hung up, closed), without waiting.
pub fn is_gone(tty: RawFd) -> bool {
    let mut fds = [pollfd(tty, 0)];
    matches!(poll(&mut fds, Duration::ZERO), Ok(true)) && gone(&fds[0])
}

pub fn pollfd(fd: RawFd, events: libc::c_short) -> libc::pollfd {
    libc::pollfd { fd, events, revents: 0 }
}

pub fn gone(fd: &libc::pollfd) -> bool {
    fd.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0
}

/// `poll(2)`; false when a signal interrupted it. A negative fd is skipped, as poll does.
pub fn poll(fds: &mut [libc::pollfd], timeout: Duration) -> io::Result<bool> {
    let ms = libc::c_int::try_from(timeout.as_millis()).unwrap_or(libc::c_int::MAX);
    // SAFETY: `fds` is a valid, exclusively borrowed array of `fds.len()` pollfd structs.
    let n = unsafe { libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, ms) };
    if n >= 0 {
        return Ok(true);
    }
    let e = io::Error::last_os_error();
    if e.kind() == io::ErrorKind::Interrupted { Ok(false) } else { Err(e) }
}

/// Give the terminal back from any thread, taking no lock: the escape sequences go to a
/// fresh non-blocking `/dev/tty` (a terminal stopped by Ctrl-S cannot hold us), and `mode`,
/// when saved, is set again. A terminal that is gone is left alone.
pub fn give_back(mode: Option<&Mode>) {
    let Ok(mut tty) =
        File::options().write(true).custom_flags(libc::O_NOCTTY | libc::O_NONBLOCK | libc::O_CLOEXEC).open("/dev/tty")
    else {
        return;
    };
    let _ = tty.write_all(GIVE_BACK);
    if let Some(Mode(t)) = mode {
        // SAFETY: the fd is open and `t` a termios read by tcgetattr.
        unsafe {
            libc::tcsetattr(tty.as_raw_fd(), libc::TCSANOW, t);
        }
    }
}

/// Whether a shell with job control can bring us back after a stop: not when we lead our
/// own session (started as a pane's or an ssh session's command, or by `setsid`), as
/// nothing would ever send SIGCONT.
pub fn can_suspend() -> bool {
    // SAFETY: getpgrp and getsid(0) only read the calling process's ids.
    unsafe { libc::getpgrp() != libc::getsid(0) }
}

/// Stop the process (and, with `group`, its process group, so a `sh -c` around us stops too and
/// its shell sees the job stopped) with SIGTSTP's default action; returns once continued. The
/// handler is set to the default only around the signal: sent from the main thread (which the
/// kernel picks for a signal to its own process) or raised on this thread, it is taken before
/// the call returns.
pub fn stop(group: bool) {
    // SAFETY: sigaction with a zeroed struct set to SIG_DFL and an empty mask is valid; the
    // previous action is saved and set back unchanged. kill(0, ..) and raise only signal.
    unsafe {
        let mut default: libc::sigaction = std::mem::zeroed();
        default.sa_sigaction = libc::SIG_DFL;
        libc::sigemptyset(&mut default.sa_mask);
        let mut previous: libc::sigaction = std::mem::zeroed();
        if libc::sigaction(libc::SIGTSTP, &default, &mut previous) != 0 {
            return;
        }
        if group {
            libc::kill(0, libc::SIGTSTP);
        } else {
            libc::raise(libc::SIGTSTP);
        }
        libc::sigaction(libc::SIGTSTP, &previous, std::ptr::null_mut());
    }
}

/// Let go of the terminal just before exiting: every descriptor on a terminal is pointed at
/// `/dev/null`, then, inside tmux, 250 ms pass. tmux then sees its end of the pty close first
/// and our exit later, rather than both at once. It needs that: on the closed pty it runs its
/// utmp helper with `SIGCHLD` set to the default for a millisecond or two, and an exit
/// signalled in that window is lost, so the pane never learns our exit status
/// (`#{pane_dead_status}` stays empty, the process a zombie until tmux ends). Measured with
/// tmux 3.3a: a third of quits lost their status with no wait or 20 ms, 1 in 10 with 100 ms,
/// none of 12 with 250 ms.
pub fn let_go() {
    let Ok(null) = File::options().read(true).write(true).open("/dev/null") else {
        return;
    };
    let mut any = false;
    for fd in 0..256 {
        // SAFETY: isatty only inspects the descriptor; dup2 onto an open descriptor replaces
        // it atomically (a thread reading it then reads /dev/null).
        unsafe {
            if fd != null.as_raw_fd() && libc::isatty(fd) == 1 {
                libc::dup2(null.as_raw_fd(), fd);
                any = true;
            }
        }
    }
    if any && std::env::var_os("TMUX").is_some() {
        std::thread::sleep(Duration::from_millis(250));
    }
}
