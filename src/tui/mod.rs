//! The interactive browser: a query line, a result list with a preview, and a full-screen
//! reader. State and its changes live in [`app`], the vocabulary in [`action`], keys in
//! [`keymap`], drawing in [`view`] and the loop in [`event`]; this module sets up and gives
//! back the terminal, whatever happens (quit, panic, SIGTERM/SIGHUP).

pub mod action;
pub mod app;
pub mod effects;
pub mod event;
pub mod keymap;
mod terminal;
pub mod theme;
pub mod view;
pub mod watch;

use crate::catalog::load::{LoadRequest, spawn_load};
use app::App;
use event::{Outcome, Signals};
use ratatui::layout::Rect;
use theme::Theme;

/// Run the browser until the user quits; returns the exit code (2 when loading failed,
/// 128 + n after signal n).
pub fn run(req: LoadRequest) -> std::io::Result<i32> {
    let log = terminal::init_logging();
    terminal::install_panic_hook(log);
    let signals = Signals::register()?;
    let loader = spawn_load(req.clone());
    let (config, problems) = crate::config::Config::load();
    for p in &problems {
        tracing::warn!(problem = %p, "config");
    }
    let mut term = terminal::enter()?;
    let size = term.size()?;
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let theme = Theme::from_config(&config.theme, !no_color);
    let mut app = App::new(theme, Rect::new(0, 0, size.width, size.height));
    app.keymap = keymap::Keymap::with_overrides(&config.keys).0;
    app.live_reload = true;
    app.reload_request = Some(req);
    if let Some(first) = problems.first() {
        let more = match problems.len() - 1 {
            0 => String::new(),
            1 => " (and 1 more problem; `agentdeck config` lists them)".into(),
            n => format!(" (and {n} more problems; `agentdeck config` lists them)"),
        };
        app.message = Some(app::Message { text: format!("config: {first}{more}"), error: true });
    }
    #[cfg(not(debug_assertions))]
    let mut host = terminal::CrosstermHost;
    #[cfg(debug_assertions)]
    let mut host =
        DebugPanic { inner: terminal::CrosstermHost, armed: std::env::var_os("AGENTDECK_DEBUG_PANIC").is_some() };
    let outcome = event::run_loop(&mut term, &mut app, &loader, &mut host, &signals);
    terminal::leave();
    match outcome? {
        Outcome::Exit(code) => Ok(code),
        Outcome::Failed(message) => {
            eprintln!("agentdeck: {}", crate::text::sanitize::clean_line(&message));
            Ok(2)
        }
    }
}

/// A test aid in debug builds only: with `AGENTDECK_DEBUG_PANIC` set, the browser panics
/// when it first waits for input, that is after the first frame, so a test in a real terminal
/// can check that a panic gives the terminal back and says where the log is. Release builds
/// have no such switch.
#[cfg(debug_assertions)]
struct DebugPanic<H> {
    inner: H,
    armed: bool,
}

#[cfg(debug_assertions)]
impl<H: event::Host> event::Host for DebugPanic<H> {
    fn next_event(&mut self, timeout: std::time::Duration) -> std::io::Result<Option<crossterm::event::Event>> {
        if self.armed {
            panic!("AGENTDECK_DEBUG_PANIC is set: panicking after the first frame, as asked");
        }
        self.inner.next_event(timeout)
    }

    fn run_effect(&mut self, effect: app::Effect) -> Option<action::Action> {
        self.inner.run_effect(effect)
    }
}
