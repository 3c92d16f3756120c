//! `agentdeck [PATH]...`: the interactive browser.

use super::{Fail, Outcome};
use crate::catalog::load::LoadRequest;
use crate::env::Env;

pub fn run(env: &Env, req: LoadRequest) -> Outcome {
    if let Some(why) = crate::tui::unusable_terminal() {
        return Err(Fail::Said(why));
    }
    crate::tui::run(env, req).map_err(|e| Fail::Said(format!("terminal error: {e}")))
}
