//! The browser and `list` keep light entries: files parsed without copying their bodies or
//! taking their examples apart. Over thousands of generated files, every quirk the generator
//! knows included, a light entry must be exactly the full agent's entry.

#[allow(dead_code)]
#[path = "../../benches/support/synth.rs"]
mod synth;

use agentdeck::catalog::Source;
use agentdeck::catalog::parse::{Detail, parse, parse_with};
use agentdeck::catalog::{Entry, Scope};
use std::path::PathBuf;

#[test]
fn light_entries_equal_full_entries_on_generated_files() {
    let texts = synth::texts(3000, 7);
    let (mut agents, mut with_examples) = (0, 0);
    for (i, text) in texts.iter().enumerate() {
        let path = PathBuf::from(format!("gen/{i}.md"));
        let full = parse(text.as_bytes(), path.clone(), Scope::Path);
        let light = parse_with(text.as_bytes(), path, Scope::Path, Detail::Entry);
        match (full, light) {
            (Ok(full), Ok(light)) => {
                assert!(light.agent.body.is_empty() && light.agent.examples.is_empty(), "file {i} kept its texts");
                let entry = Entry::from_parsed(light, Source::lone(format!("gen/{i}.md")));
                assert_eq!(entry, Entry::new(&full), "file {i}:\n{text}");
                agents += 1;
                with_examples += usize::from(entry.examples > 0);
            }
            (Err(a), Err(b)) => assert_eq!(a, b, "file {i}"),
            (full, light) => panic!("file {i}: full {:?}, light {:?}", full.is_ok(), light.is_ok()),
        }
    }
    assert!(agents > 2900, "only {agents} of the generated files are agents");
    assert!(with_examples > 1000, "only {with_examples} have examples");
}
