//! The interactive browser: a query line, a result list with a preview, and a full-screen
//! reader. State and its changes live in [`app`], the vocabulary in [`action`], keys in
//! [`keymap`], drawing in [`view`] and the loop in [`event`]; this module sets up and gives
//! back the terminal, whatever happens (quit, panic, SIGTERM/SIGHUP).

pub mod action;
pub mod app;
pub mod event;
pub mod keymap;
mod terminal;
pub mod theme;
pub mod view;

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
    let loader = spawn_load(req);
    let mut term = terminal::enter()?;
    let size = term.size()?;
    let mut app = App::new(Theme::from_env(), Rect::new(0, 0, size.width, size.height));
    let outcome = event::run_loop(&mut term, &mut app, &loader, &mut terminal::CrosstermHost, &signals);
    terminal::leave();
    match outcome? {
        Outcome::Exit(code) => Ok(code),
        Outcome::Failed(message) => {
            eprintln!("agentdeck: {}", crate::text::sanitize::clean_line(&message));
            Ok(2)
        }
    }
}
