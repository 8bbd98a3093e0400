// The JS stack's renderer (bench/peer.html): the same job as the widget on the same text, the
// way a page without it would do it: split lines, headings by regex (no site-chrome removal,
// nothing dropped but blank lines), escape; the page then sets it with one innerHTML and runs
// mark.js for the glossary and tocbot for the outline. A module of its own so that
// tests/scripts/bench-helpers.test.mjs checks what it builds without a browser.
const H2 = /^[一二三四五六七八九十]+、/;
const H3 = /^（[一二三四五六七八九十]+）/;
const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escape = (s) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]);
// Reports without numbered headings (the seed) are divided by their paragraphs' lead sentences,
// as the widget divides them (src/report/parse.rs, `lead_sentences`, with the same limits): a
// paragraph opening with a sentence of at most 28 characters (40 where its opening clause, up to
// the first comma, opens at least two other short leads: `五年来，…`) followed by at least 30 more
// becomes a section whose heading is that sentence. Without this the JS stack built no sections
// and no outline for the seed, a lighter job than the widget's.
const MAX_LEAD = 28;
const MAX_PARALLEL_LEAD = 40;
const MIN_LEAD_REST = 30;
// As the widget's `first_sentence_end` (src/report/text.rs): the first 。！？｡ (full or half
// width), with the closing quotes and brackets right after it.
const SENTENCE_END = /[。！？!?｡]/;
const CLOSING = /[”’」』）)》"]/;

/** [lead length in chars, opening clause] of a paragraph that could open a section, or null. */
function leadCandidate(line) {
  const chars = Array.from(line);
  let k = chars.findIndex((c) => SENTENCE_END.test(c));
  if (k < 0) return null;
  while (k + 1 < chars.length && CLOSING.test(chars[k + 1])) k++;
  const n = k + 1;
  const opening = [];
  for (const c of chars) {
    if (c === ',' || c === '，' || opening.length === 9) break;
    opening.push(c);
  }
  return n >= 4 && chars.length - n >= MIN_LEAD_REST ? [n, opening.join('')] : null;
}

/** Per line, the length in chars of its lead sentence where it opens a section, else 0. */
function leads(lines) {
  const cands = lines.map(leadCandidate);
  const openings = cands.filter((c) => c && c[0] <= MAX_LEAD).map((c) => c[1]);
  return cands.map((c) => {
    if (!c) return 0;
    const [n, opening] = c;
    const parallel = Array.from(opening).length <= 8 && openings.filter((o) => o === opening).length >= 2;
    return n <= MAX_LEAD || (parallel && n <= MAX_PARALLEL_LEAD) ? n : 0;
  });
}

/**
 * Foldable sections, open like the widget's default: heading button + body that `hidden` folds.
 * Returns the markup and how many sections it has.
 */
export function build(text) {
  const out = [];
  const open = []; // heading levels of the open sections, innermost last
  let sections = 0;
  const close = (level) => { while (open.length && open.at(-1) >= level) { open.pop(); out.push('</div></section>'); } };
  const [first, ...lines] = text.split(/\r\n?|\n/).map((l) => l.trim()).filter(Boolean);
  if (first !== undefined) out.push(`<h1>${escape(first)}</h1>`);
  const numbered = lines.some((line) => H2.test(line) || H3.test(line));
  const lead = numbered ? lines.map(() => 0) : leads(lines);
  const section = (level, heading) => {
    close(level);
    const id = `s${++sections}`;
    out.push(`<section><h${level} id="${id}"><button type="button" class="toggle" aria-expanded="true" aria-controls="${id}-body">`
      + `${escape(heading)}</button></h${level}><div class="body" id="${id}-body">`);
    open.push(level);
  };
  lines.forEach((line, i) => {
    const level = H2.test(line) ? 2 : H3.test(line) ? 3 : 0;
    if (level) {
      section(level, line);
    } else if (lead[i]) {
      const chars = Array.from(line);
      section(2, chars.slice(0, lead[i]).join(''));
      out.push(`<p>${escape(chars.slice(lead[i]).join(''))}</p>`);
    } else {
      out.push(`<p>${escape(line)}</p>`);
    }
  });
  close(0);
  return { html: out.join(''), sections };
}

/**
 * Why the JS stack's runs did a lighter job than the widget's, or null: each must build at least
 * the widget's `sections` foldable sections (and tocbot an outline of them). It may build more,
 * since it keeps the site's chrome, which the widget removes (the seed's disclaimer opens with a
 * short sentence). It built none for the seed until it divided unnumbered reports by their lead
 * sentences as the widget does, which went unseen for many benches; scripts/bench.mjs fails a
 * bench where this is not null.
 */
export function peerLighter(runs, sections) {
  if (sections == null) return null;
  const built = [...new Set(runs.filter((r) => !r.error).map((r) => r.mount?.detail?.sections))];
  const short = built.filter((n) => !(n >= sections));
  const counts = short.map((n) => (typeof n === 'number' ? n : 'an unknown number of')).join(', ');
  return short.length ? `the JS stack built ${counts} sections where the widget built ${sections}: not the same job` : null;
}
