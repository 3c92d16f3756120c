//! The interactive browser: a query line, a result list with a preview, and a full-screen
//! reader. State and its changes live in [`app`], the vocabulary in [`action`], keys in
//! [`keymap`], where things go on screen in [`layout`], documents in [`doc`], drawing in
//! [`view`], the loop and its one channel of events in [`event`], work on other threads in
//! [`background`] and the real terminal's input and effects in `host`; this module sets up
//! and gives back the terminal (`terminal`), whatever happens (quit, panic, a signal, the
//! terminal going away: see [`signals`]).

pub mod action;
pub mod app;
pub mod background;
pub mod doc;
pub mod effects;
pub mod event;
mod host;
pub mod keymap;
pub mod layout;
pub mod signals;
mod terminal;
mod tty;
pub mod view;
pub mod watch;

use crate::catalog::load::{LoadRequest, spawn_load};
use crate::theme::Theme;
use app::App;
use event::{Outcome, Signals};
use ratatui::layout::Rect;

/// Why the browser cannot run here, if it cannot: standard output is not a terminal (a file,
/// a pipe), there is no terminal to read keys from, or `TERM` says the terminal cannot draw
/// a full-screen, coloured UI. Checked before the terminal is touched.
pub fn unusable_terminal() -> Option<String> {
    use std::io::IsTerminal;
    let try_list = "try `agentdeck list`";
    if !std::io::stdout().is_terminal() || tty::Tty::open().is_err() {
        return Some(format!("the browser needs a terminal; {try_list}"));
    }
    match std::env::var("TERM").unwrap_or_default().trim() {
        "" => Some(format!(
            "the browser needs a capable terminal and TERM is not set; set it (e.g. TERM=xterm-256color) or {try_list}"
        )),
        "dumb" => Some(format!("the browser needs a capable terminal, not TERM=dumb; {try_list}")),
        _ => None,
    }
}

/// The loader's events, with a first notice when the Claude Code on PATH is not the version
/// agentdeck's model was recorded against, and after them what Claude Code's transcripts say
/// was used: both asked beside the load, so neither delays it.
pub fn with_extras(
    events: std::sync::mpsc::Receiver<crate::catalog::load::LoadEvent>,
    ask_version: bool,
    env: crate::env::Env,
) -> std::sync::mpsc::Receiver<crate::catalog::load::LoadEvent> {
    use crate::catalog::load::LoadEvent;
    let (tx, rx) = std::sync::mpsc::channel();
    let asked = ask_version.then(|| std::thread::spawn(crate::claude_version::mismatch_note));
    let usage = std::thread::spawn(move || crate::usage_cache::load(&env));
    std::thread::spawn(move || {
        let mut asked = asked;
        for mut event in events {
            let done = matches!(event, LoadEvent::Done(_));
            if let LoadEvent::Done(catalog) = &mut event
                && let Some(Ok(Some(note))) = asked.take().map(|h| h.join())
            {
                catalog.notices.insert(0, note);
            }
            if tx.send(event).is_err() {
                return;
            }
            if done {
                if let Ok(Some(usage)) = usage.join() {
                    let _ = tx.send(LoadEvent::Usage(Box::new(usage)));
                }
                return;
            }
        }
    });
    rx
}

/// Run the browser until the user quits; returns the exit code (2 when loading failed,
/// 128 + n after signal n, 129 when the terminal went away).
pub fn run(env: &crate::env::Env, req: LoadRequest) -> std::io::Result<i32> {
    let log = terminal::init_logging(env);
    terminal::install_panic_hook(log, env);
    let (signals, wakeup) = Signals::watch()?;
    let loader = with_extras(spawn_load(req.clone()), true, env.clone());
    let (config, problems) = crate::config::Config::load(env);
    let (keymap, problems) = keymap::checked(&config, problems);
    for p in &problems {
        tracing::warn!(problem = %p, "config");
    }
    let mut term = terminal::enter(&signals)?;
    let size = term.size()?;
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let theme = Theme::from_config(&config.theme, !no_color);
    let mut app = App::new(theme, Rect::new(0, 0, size.width, size.height));
    app.keymap = keymap;
    app.reader_width = config.reader.max_width;
    app.list.view.preview = config.view.preview;
    app.live_reload = true;
    app.install_scope = config.install.scope;
    app.reload_request = Some(req);
    app.places = env.clone();
    if let Some(first) = problems.first() {
        let more = match problems.len() - 1 {
            0 => String::new(),
            1 => " (and 1 more problem; `agentdeck config` lists them)".into(),
            n => format!(" (and {n} more problems; `agentdeck config` lists them)"),
        };
        app.message = Some(app::Message { text: format!("config: {first}{more}"), error: true });
    }
    let host = host::CrosstermHost::new(signals.clone(), wakeup, env.clone())?;
    #[cfg(not(debug_assertions))]
    let mut host = host;
    #[cfg(debug_assertions)]
    let mut host = DebugPanic {
        inner: host,
        armed: std::env::var_os("AGENTDECK_DEBUG_PANIC").is_some(),
        hang: std::env::var_os("AGENTDECK_DEBUG_HANG").is_some(),
    };
    let outcome = event::run_with(&mut term, &mut app, loader, &mut host, &signals);
    // The input thread stops reading the terminal before it is let go of.
    drop(host);
    // Not owned: the editor had the screen when a signal came, and gave it back already.
    if signals.owned() {
        signals.set_owned(false);
        terminal::leave();
    }
    crate::clipboard::stop_running_tools();
    // A signal ends us with its status even if the loop then failed (on a terminal that went
    // away, drawing fails).
    let code = match signals.received() {
        Some(sig) => 128 + sig,
        None => match outcome? {
            Outcome::Exit(code) => code,
            Outcome::Failed(message) => {
                eprintln!("agentdeck: {}", crate::text::sanitize::clean_line(&message));
                2
            }
        },
    };
    // Nothing more is written: the terminal can go before we do (see `let_go`).
    tty::let_go();
    Ok(code)
}

/// A test aid in debug builds only: with `AGENTDECK_DEBUG_PANIC` set, the browser panics
/// when it first waits for input, that is after the first frame, so a test in a real terminal
/// can check that a panic gives the terminal back and says where the log is; with
/// `AGENTDECK_DEBUG_HANG`, the loop stops there for good, so a test can check that signals
/// still end it. Release builds have no such switches.
#[cfg(debug_assertions)]
struct DebugPanic<H> {
    inner: H,
    armed: bool,
    hang: bool,
}

#[cfg(debug_assertions)]
impl<H: event::Host> event::Host for DebugPanic<H> {
    fn next_event(&mut self, timeout: std::time::Duration) -> std::io::Result<Option<crossterm::event::Event>> {
        self.inner.next_event(timeout)
    }

    fn run_effect(&mut self, effect: app::Effect) -> Option<action::Action> {
        self.inner.run_effect(effect)
    }

    fn finished(&mut self) -> Vec<action::Action> {
        self.inner.finished()
    }

    fn resume(&mut self) -> std::io::Result<()> {
        self.inner.resume()
    }

    fn connect(&mut self, events: std::sync::mpsc::Sender<event::Event>) -> std::io::Result<bool> {
        self.inner.connect(events)
    }

    fn waiting(&mut self) {
        if self.armed {
            panic!("AGENTDECK_DEBUG_PANIC is set: panicking after the first frame, as asked");
        }
        if self.hang {
            loop {
                std::thread::park();
            }
        }
        self.inner.waiting();
    }
}
