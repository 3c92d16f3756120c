//! `agentdeck [PATH]...`: the interactive browser.

use super::Outcome;
use crate::catalog::load::LoadRequest;

pub fn run(req: LoadRequest) -> Outcome {
    let _ = req;
    Err(super::Fail("the browser is not built yet".into()))
}
