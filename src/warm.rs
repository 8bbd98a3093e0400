//! A short report run through the whole pipeline before a first report arrives.
//!
//! V8 compiles each WebAssembly function on its first call (in its baseline tier), and on a
//! visitor's first mount that compiling was about 40 % of the time to `ready` (the bench's
//! cold rows). The widget runs [`run`] when the page is idle after the module has loaded (for
//! example while a `src` report is being fetched), so a first report finds the parser, the
//! glossary, the matcher and the renderer compiled. It renders into a string only.

use crate::glossary::marks::{annotate, Density};
use crate::glossary::matcher::Matcher;
use crate::glossary::{harvest::harvest, Entry, Glossary, Mode};
use crate::render::{render_lean_shell, GlossaryView, RenderOptions};
use crate::report::parse;

/// A short report in the shapes the parser knows: site chrome before and after, a title, a
/// salutation, numbered headings at three depths, a lead sentence, the glossary's terms in the
/// text, and a term appendix (附：名词解释).
pub const SAMPLE: &str = "首页 > 政府工作报告\n某市2022年政府工作报告\n各位代表：\n\
一、过去五年工作回顾\n五年来，我们坚持乡村振兴，推进产城融合示范区建设。\n\
（一）经济实力稳步提升。全市生产总值增长6.5%，一岗双责落实到位。\n\
1.深化改革。两学一做学习教育常态化。\n二、今年工作安排\n\
坚持稳中求进。\n各位代表！\n附：名词解释\n1.稳中求进：工作总基调。\n\
本文仅代表作者观点，不代表本站立场。\n";

/// Parses [`SAMPLE`], builds its glossary on top of `default`, matches and renders it, and
/// returns the markup (empty if the sample did not parse).
pub fn run(default: Vec<Entry>) -> String {
    let Ok(doc) = parse(SAMPLE) else { return String::new() };
    let glossary = Glossary::build(default, harvest(&doc), Vec::new(), Mode::Merge);
    let matcher = Matcher::new(&glossary);
    let notes = annotate(&doc, &matcher, glossary.entries.len(), Density::default());
    let view = GlossaryView { glossary: &glossary, notes: &notes, issues: &[], failure: None };
    let opts = RenderOptions { id_prefix: "rr-warm-".into(), ..RenderOptions::default() };
    render_lean_shell(&doc, &opts, Some(view), doc.blocks.len()).0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::entry::{validate, Origin};
    use crate::glossary::RawEntry;

    /// The sample reaches the parser's paths it is there for, and the renderer marks terms.
    #[test]
    fn sample_takes_every_path() {
        let doc = parse(SAMPLE).unwrap();
        assert_eq!(doc.title.as_deref(), Some("某市2022年政府工作报告"));
        let depths: Vec<usize> = doc.sections.iter().map(|s| s.depth).collect();
        assert!((1..=3).all(|d| depths.contains(&d)), "{depths:?}");
        assert!(doc.removed.len() >= 2, "chrome before and after: {:?}", doc.removed);
        assert!(!harvest(&doc).is_empty(), "the appendix's term");
        let raw =
            RawEntry {
                term: Some("乡村振兴".into()), definition: Some("定义".into()), ..Default::default()
            };
        let entry = validate(raw, 0, Origin::Host).0.unwrap();
        let markup = run(vec![entry]);
        assert!(markup.contains(">乡村振兴</span>"), "the default layer's term is marked");
        assert!(markup.contains(">稳中求进</span>"), "the appendix's term is marked");
    }
}
