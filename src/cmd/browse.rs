//! `agentdeck [PATH]...`: the interactive browser.

use super::{Fail, Outcome};
use crate::catalog::load::LoadRequest;

pub fn run(req: LoadRequest) -> Outcome {
    crate::tui::run(req).map_err(|e| Fail(format!("terminal error: {e}")))
}
