//! `agentdeck [PATH]...`: the interactive browser.

use super::{Fail, Outcome};
use crate::catalog::load::LoadRequest;

pub fn run(req: LoadRequest) -> Outcome {
    if let Some(why) = crate::tui::unusable_terminal() {
        return Err(Fail(why));
    }
    crate::tui::run(req).map_err(|e| Fail(format!("terminal error: {e}")))
}
