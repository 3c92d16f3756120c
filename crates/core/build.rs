//! Embeds every `assets/agents/*.md` in the binary (see `catalog::source::BUNDLED`), so adding
//! an example agent needs no code change.
use std::fmt::Write;

fn main() {
    // Read when the script runs, not when it was compiled: a build script compiled for one
    // checkout can be run for another that shares the target folder.
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let dir = std::path::Path::new(&manifest).join("../../assets/agents");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> =
        std::fs::read_dir(&dir).map(|rd| rd.filter_map(|e| e.ok()).map(|e| e.path()).collect()).unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "md"));
    files.sort();
    // No examples would leave the browser empty where there are no agents: fail the build.
    assert!(!files.is_empty(), "no bundled examples (*.md) in {}", dir.display());
    let mut out = String::from("&[\n");
    for p in files {
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        let shown = format!("bundled:{name}");
        writeln!(
            out,
            "    Bundled {{ name: {name:?}, shown: {shown:?}, bytes: include_bytes!({:?}) }},",
            p.display().to_string()
        )
        .unwrap();
        println!("cargo:rerun-if-changed={}", p.display());
    }
    out.push_str("]\n");
    let dest = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("bundled.rs");
    std::fs::write(dest, out).unwrap();
}
