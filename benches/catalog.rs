//! Benchmarks for the work a user waits on: parsing files, loading a folder, searching,
//! rendering a persona, comparing two agents, drawing the browser's frame and building its
//! similarity index, at 1k, 10k and 100k agents where the work grows with them.
//!
//! `cargo bench` runs them all; `cargo bench -- search` runs one group. `matchers` holds the
//! comparison behind the choice of frizbee over fuzzy-matcher and nucleo-matcher. Corpora come from the
//! synthetic generator (`benches/support/synth.rs`, also `examples/gen_corpus.rs`) and are
//! written once to `target/bench-corpus/N`. The 100k corpus is 640 MB; set
//! `AGENTDECK_BENCH_MAX=10000` to stop at 10k on a small disk.

#[path = "support/synth.rs"]
mod synth;

use agentdeck::catalog::load::{self, LoadRequest};
use agentdeck::catalog::{Scope, parse, search};
use agentdeck::text::{diff, markdown};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

const SIZES: [usize; 3] = [1_000, 10_000, 100_000];
const QUERIES: [&str; 6] = ["k", "r", "rust", "sec rev", "kubernetes debugger", "model:opus tool:Bash data"];

fn sizes() -> Vec<usize> {
    let max = std::env::var("AGENTDECK_BENCH_MAX").ok().and_then(|s| s.parse().ok()).unwrap_or(usize::MAX);
    SIZES.into_iter().filter(|&n| n <= max).collect()
}

/// The folder holding `n` generated files, made on first use.
fn corpus(n: usize) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-corpus").join(n.to_string());
    let stamp = dir.join(".complete");
    if !stamp.exists() {
        let _ = std::fs::remove_dir_all(&dir);
        synth::generate(n, &dir, 42);
        std::fs::write(&stamp, b"").expect("cannot write the corpus stamp");
    }
    dir
}

/// The folder holding `n` generated files of every kind (see `synth::generate_mixed`).
fn corpus_mixed(n: usize) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-corpus").join(format!("mixed-{n}"));
    let stamp = dir.join(".complete");
    if !stamp.exists() {
        let _ = std::fs::remove_dir_all(&dir);
        synth::generate_mixed(n, &dir, 42);
        std::fs::write(&stamp, b"").expect("cannot write the corpus stamp");
    }
    dir
}

/// The entries of the generated corpus of `n` files, as the browser and `list` keep them.
fn corpus_entries(n: usize) -> load::Catalog<agentdeck::catalog::Entry> {
    load::load_entries(&LoadRequest::paths(vec![corpus(n)])).expect("load failed")
}

fn bench_parse(c: &mut Criterion) {
    let texts = synth::texts(1_000, 7);
    let bytes: u64 = texts.iter().map(|t| t.len() as u64).sum();
    let mut g = c.benchmark_group("parse");
    g.throughput(Throughput::Bytes(bytes));
    g.bench_function("1000 files in memory", |b| {
        b.iter(|| {
            for t in &texts {
                let _ = black_box(parse::parse(t.as_bytes(), PathBuf::from("a.md"), Scope::Path));
            }
        })
    });
    // What the browser and `list` parse: the entry only (no body copy, examples counted).
    g.bench_function("1000 files in memory, entry detail", |b| {
        b.iter(|| {
            for t in &texts {
                let p = parse::parse_with(t.as_bytes(), PathBuf::from("a.md"), Scope::Path, parse::Detail::Entry);
                let _ = black_box(p);
            }
        })
    });
    g.finish();
}

fn bench_load(c: &mut Criterion) {
    let mut g = c.benchmark_group("load");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    for n in sizes() {
        let dir = corpus(n);
        let req = LoadRequest::paths(vec![dir]);
        g.throughput(Throughput::Elements(n as u64));
        // What the browser and `list` keep: entries, texts dropped after parsing.
        g.bench_with_input(BenchmarkId::new("entries", n), &req, |b, req| {
            b.iter(|| load::load_entries(req).expect("load failed"))
        });
        // What `show`, `check`, `diff` and `list --json` keep: whole agents.
        g.bench_with_input(BenchmarkId::new("whole agents", n), &req, |b, req| {
            b.iter(|| load::load(req).expect("load failed"))
        });
        // Skills and commands among the agents, in their usual folders.
        let mixed = LoadRequest::paths(vec![corpus_mixed(n)]);
        g.bench_with_input(BenchmarkId::new("entries, mixed kinds", n), &mixed, |b, req| {
            b.iter(|| load::load_entries(req).expect("load failed"))
        });
    }
    g.finish();
}

/// The three matchers FORMAT and the issue named, on the same columns the search matches
/// (names, and description summaries of at most 240 chars), one needle, one thread.
fn bench_matchers(c: &mut Criterion) {
    use fuzzy_matcher::FuzzyMatcher;
    use nucleo_matcher::pattern::{Atom, AtomKind, CaseMatching, Normalization};
    let mut g = c.benchmark_group("matchers");
    g.sample_size(10);
    for n in sizes() {
        let mut columns = None;
        for needle in ["rust", "kubdebg"] {
            let mut load_columns = || {
                columns
                    .get_or_insert_with(|| {
                        let cat = corpus_entries(n);
                        let names: Vec<String> = cat.agents.iter().map(|e| e.name.clone()).collect();
                        let summaries: Vec<String> = cat.agents.iter().map(|e| e.summary.clone()).collect();
                        (names, summaries)
                    })
                    .clone()
            };
            g.bench_function(BenchmarkId::new(format!("fuzzy-matcher {needle}"), n), |b| {
                let (names, summaries) = load_columns();
                let m = fuzzy_matcher::skim::SkimMatcherV2::default().smart_case();
                b.iter(|| names.iter().chain(&summaries).filter(|h| m.fuzzy_match(h, needle).is_some()).count())
            });
            g.bench_function(BenchmarkId::new(format!("nucleo-matcher {needle}"), n), |b| {
                let (names, summaries) = load_columns();
                let mut m = nucleo_matcher::Matcher::new(nucleo_matcher::Config::DEFAULT);
                let atom = Atom::new(needle, CaseMatching::Smart, Normalization::Never, AtomKind::Fuzzy, false);
                let mut buf = Vec::new();
                b.iter(|| {
                    let hay = names.iter().chain(&summaries);
                    hay.filter(|h| atom.score(nucleo_matcher::Utf32Str::new(h, &mut buf), &mut m).is_some()).count()
                })
            });
            g.bench_function(BenchmarkId::new(format!("frizbee {needle}"), n), |b| {
                let (names, summaries) = load_columns();
                let config = frizbee::Config::default().sort(frizbee::SortStrategy::IndexAsc);
                let mut m = frizbee::Matcher::new(needle, &config);
                b.iter(|| m.match_list(&names).len() + m.match_list(&summaries).len())
            });
        }
    }
    g.finish();
}

fn bench_search(c: &mut Criterion) {
    let mut g = c.benchmark_group("search");
    g.sample_size(20);
    for n in sizes() {
        // Loaded on first use, so `cargo bench -- parse` does not load 100k files first.
        let mut cat = None;
        for q in QUERIES {
            g.bench_function(BenchmarkId::new(q, n), |b| {
                let agents = &cat.get_or_insert_with(|| corpus_entries(n)).agents;
                b.iter(|| search::search(black_box(agents), q))
            });
        }
    }
    g.finish();
}

fn bench_render(c: &mut Criterion) {
    let texts = synth::texts(200, 11);
    let agents: Vec<_> =
        texts.iter().filter_map(|t| parse::parse(t.as_bytes(), PathBuf::from("a.md"), Scope::Path).ok()).collect();
    let largest = agents.iter().max_by_key(|a| a.body.len()).expect("no agents");
    let median = {
        let mut by_size: Vec<_> = agents.iter().collect();
        by_size.sort_by_key(|a| a.body.len());
        by_size[by_size.len() / 2]
    };
    let styles = markdown::MdStyles::plain();
    let mut g = c.benchmark_group("render");
    for (label, a) in [("median persona", median), ("largest persona", largest)] {
        g.throughput(Throughput::Bytes(a.body.len() as u64));
        g.bench_function(format!("{label} ({} KB) at 100 columns", a.body.len() / 1000), |b| {
            b.iter(|| markdown::render(black_box(&a.body), 100, &styles))
        });
    }
    g.finish();
}

fn bench_diff(c: &mut Criterion) {
    let texts = synth::texts(2, 5);
    let a = parse::parse(texts[0].as_bytes(), PathBuf::from("a.md"), Scope::Path).expect("parse a");
    let b = parse::parse(texts[1].as_bytes(), PathBuf::from("b.md"), Scope::Path).expect("parse b");
    let mut g = c.benchmark_group("diff");
    g.bench_function("compare two generated agents", |bench| bench.iter(|| diff::compare(black_box(&a), &b)));
    g.bench_function("compare an agent with itself", |bench| bench.iter(|| diff::compare(black_box(&a), &a)));
    g.finish();
}

/// The browser's frame with N agents loaded (160x45, colour): drawing it, and a key that moves
/// the selection (the next agent's file read, its persona rendered) then drawing. Neither
/// should grow with N.
fn bench_frame(c: &mut Criterion) {
    use agentdeck::theme::Theme;
    use agentdeck::tui::{app::App, view};
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use ratatui::{Terminal, backend::TestBackend, layout::Rect};
    let mut g = c.benchmark_group("frame");
    for n in sizes() {
        let catalog = corpus_entries(n);
        let mut app = App::with_catalog(Theme::new(true), Rect::new(0, 0, 160, 45), catalog);
        let mut term = Terminal::new(TestBackend::new(160, 45)).expect("test terminal");
        g.bench_function(BenchmarkId::new("draw", n), |b| {
            b.iter(|| term.draw(|f| view::draw(black_box(&app), f)).map(|_| ()).expect("draw"))
        });
        g.bench_function(BenchmarkId::new("move down and draw", n), |b| {
            // Wrapping to the top: the persona cache holds far fewer agents than 1,000, so
            // every step shows an agent whose file is read and rendered afresh.
            b.iter(|| {
                let at_end = app.list.selected + 1 >= app.list.hits.len();
                let key = if at_end { KeyCode::Home } else { KeyCode::Down };
                app.on_key(KeyEvent::new(key, KeyModifiers::NONE));
                term.draw(|f| view::draw(&app, f)).map(|_| ()).expect("draw")
            })
        });
    }
    g.finish();
}

/// The browser's similarity index (what the reader's "Similar" list comes from): every file
/// read again and signed, then banded. 100,000 (about 9.5 s) is left to `scripts/bench.sh`,
/// which reads it from the browser's log.
fn bench_similarity(c: &mut Criterion) {
    let mut g = c.benchmark_group("similarity index");
    g.sample_size(10);
    for n in sizes().into_iter().filter(|&n| n <= 10_000) {
        let cat = corpus_entries(n);
        let sources: Vec<Option<agentdeck::catalog::Source>> =
            cat.agents.iter().map(|e| Some(e.source.clone())).collect();
        g.bench_function(BenchmarkId::new("from files", n), |b| {
            b.iter(|| agentdeck::catalog::overlap::SimilarityIndex::from_sources(black_box(&sources)))
        });
    }
    g.finish();
}

criterion_group!(
    benches,
    bench_parse,
    bench_load,
    bench_search,
    bench_matchers,
    bench_render,
    bench_diff,
    bench_frame,
    bench_similarity
);
criterion_main!(benches);
