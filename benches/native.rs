//! Native benchmarks of the core: parse, match and render, on the seed and on a generated
//! 1 MB report, the matcher's throughput with 1,000 terms, and reading a host glossary's JSON.
//! `cargo bench --bench native` (no external harness: medians of repeated runs, printed as a
//! table).

use std::hint::black_box;
use std::time::{Duration, Instant};

use report_reader::glossary::marks::{annotate, Density};
use report_reader::glossary::matcher::{EngineKind, Matcher};
use report_reader::glossary::{json, parse_json, Entry, Glossary, Mode, Origin};
use report_reader::render::{render_with, GlossaryView, RenderOptions};
use report_reader::report::parse;

const SEED: &str = include_str!("../www/reports/jiyuan-2022.txt");

/// Median wall time of `f` over enough runs to fill about half a second (at least 5).
fn median<T>(mut f: impl FnMut() -> T) -> Duration {
    let mut times = Vec::new();
    let start = Instant::now();
    while times.len() < 5 || (start.elapsed() < Duration::from_millis(500) && times.len() < 1000) {
        let t = Instant::now();
        black_box(f());
        times.push(t.elapsed());
    }
    times.sort();
    times[times.len() / 2]
}

/// The seed's paragraphs: its long lines, without the site's own notices.
fn seed_paragraphs() -> Vec<&'static str> {
    SEED.lines().map(str::trim).filter(|l| l.chars().count() > 40 && !l.contains("本站")).collect()
}

/// A report of about `bytes` bytes: the seed's paragraphs under 一、/（一） headings.
fn big_report(bytes: usize) -> String {
    let paragraphs = seed_paragraphs();
    let han = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
    let mut out = String::from("(河南省)济源市2022年政府工作报告（基准测试合成版）\n各位代表！\n");
    let (mut i, mut n) = (0, 0);
    while out.len() < bytes {
        if n % 20 == 0 {
            out.push_str(&format!("{}、第{}部分工作\n", han[(n / 20) % 10], n / 20 + 1));
        }
        if n % 4 == 0 {
            out.push_str(&format!("（{}）重点任务{}\n", han[(n / 4) % 10], n / 4 + 1));
        }
        out.push_str(paragraphs[i % paragraphs.len()]);
        out.push('\n');
        i += 1;
        n += 1;
    }
    out
}

/// `n` synthetic terms plus the default glossary's.
fn glossary(n: usize) -> Glossary {
    let mut entries = Glossary::default_entries();
    let words: Vec<char> =
        "改革发展创新建设推进城市乡村经济社会生态文明产业项目服务保障治理".chars().collect();
    for i in 0..n.saturating_sub(entries.len()) {
        let term: String = (0..4).map(|k| words[(i * 7 + k * 13 + i / 5) % words.len()]).collect::<String>()
            + &i.to_string();
        entries.push(Entry {
            term,
            aliases: vec![],
            definition: "合成词条。".into(),
            category: None,
            source: None,
            en: None,
            note: None,
            origin: Origin::Host,
        });
    }
    Glossary::build(vec![], vec![], entries, Mode::Merge)
}

fn main() {
    let big = big_report(1 << 20);
    println!("{:<42} {:>12} {:>12}", "benchmark", "median", "throughput");
    for (name, text) in [("seed", SEED.to_owned()), ("1 MB", big.clone())] {
        let mb = text.len() as f64 / 1e6;
        let parse_t = median(|| parse(&text).expect("parses"));
        let doc = parse(&text).expect("parses");
        let g = glossary(300);
        // The matcher the widget builds (the scan), and a DFA for comparison: it matches a
        // little faster natively but takes far longer to build (and is not in the .wasm).
        let m = Matcher::new(&g);
        let dfa = Matcher::with_engine(&g, EngineKind::Dfa);
        let build_t = median(|| Matcher::new(&g));
        let dfa_build_t = median(|| Matcher::with_engine(&g, EngineKind::Dfa));
        let build_label = format!("matcher: scan table ({} patterns)", m.patterns());
        let match_t = median(|| annotate(&doc, &m, g.entries.len(), Density::First));
        let dfa_match_t = median(|| annotate(&doc, &dfa, g.entries.len(), Density::First));
        let notes = annotate(&doc, &m, g.entries.len(), Density::First);
        let view = GlossaryView { glossary: &g, notes: &notes, issues: &[], failure: None };
        let opts = RenderOptions { id_prefix: "rr1-".into(), ..Default::default() };
        let render_t = median(|| render_with(&doc, &opts, Some(view)));
        for (what, t) in [
            ("parse", parse_t),
            (build_label.as_str(), build_t),
            ("(for comparison: DFA build)", dfa_build_t),
            ("match (300 terms)", match_t),
            ("(for comparison: match with the DFA)", dfa_match_t),
            ("render", render_t),
        ] {
            println!(
                "{:<42} {:>10.3}ms {:>8.0} MB/s",
                format!("{what}, {name}"),
                t.as_secs_f64() * 1e3,
                mb / t.as_secs_f64()
            );
        }
    }
    // A report in the seed's own style, its parts opened by lead sentences (五年来，我们……。)
    // rather than numbered headings: the parser then looks for each paragraph's first sentence.
    let paragraphs = seed_paragraphs();
    let mut leads = String::from("某市2022年政府工作报告\n各位代表！\n");
    for p in paragraphs.iter().cycle() {
        if leads.len() >= 1 << 20 {
            break;
        }
        leads.push_str(p);
        leads.push('\n');
    }
    let t = median(|| parse(&leads).expect("parses"));
    println!(
        "{:<42} {:>10.3}ms {:>8.0} MB/s",
        "parse, 1 MB of lead-sentence paragraphs",
        t.as_secs_f64() * 1e3,
        leads.len() as f64 / 1e6 / t.as_secs_f64()
    );
    // A host glossary's hand-over: the JSON text of 300 entries (what `JSON.stringify` gives the
    // widget) read by the module's own reader, and by serde_json for comparison.
    let text = serde_json::to_string(&glossary(300).entries).expect("entries serialize");
    for (what, t) in [
        ("glossary JSON, 300 entries: glossary::json", median(|| json::entries(&text).map(|e| e.len()))),
        ("(for comparison: serde_json)", median(|| parse_json(&text).map(|e| e.len()))),
    ] {
        println!(
            "{:<42} {:>10.3}ms {:>8.0} MB/s",
            what,
            t.as_secs_f64() * 1e3,
            text.len() as f64 / 1e6 / t.as_secs_f64()
        );
    }
    // The matcher alone, over the raw text of the 1 MB report, with 1,000 terms: the scan,
    // then a DFA for comparison.
    matcher_rows("matcher, 1 MB, 1,000 terms", &glossary(1000), &big);
    // A hard case for a scan: 5,000 terms that all begin with 中国, over a text full of 中国.
    let base = Glossary::default_entries().remove(0);
    let entries: Vec<Entry> =
        (0..5000).map(|i| Entry { term: format!("中国{i}号"), aliases: vec![], ..base.clone() }).collect();
    let g = Glossary::build(vec![], vec![], entries, Mode::Replace);
    let text = "坚持中国特色社会主义，推进中国式现代化。".repeat(big.len() / 60);
    matcher_rows("matcher, 1 MB, 5,000 terms all 中国…", &g, &text);
}

/// The matcher alone over `text`: one row for the scan (what the widget builds), one for a
/// DFA of the same patterns, for comparison.
fn matcher_rows(label: &str, g: &Glossary, text: &str) {
    for m in [Matcher::new(g), Matcher::with_engine(g, EngineKind::Dfa)] {
        let t = median(|| m.find(text).len());
        println!(
            "{:<42} {:>10.3}ms {:>8.0} MB/s   ({} patterns, {} hits, {})",
            label,
            t.as_secs_f64() * 1e3,
            text.len() as f64 / 1e6 / t.as_secs_f64(),
            m.patterns(),
            m.find(text).len(),
            m.kind()
        );
    }
}
