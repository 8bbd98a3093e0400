// The JS stack's renderer (bench/peer-build.js), which `npm run bench` times against the widget:
// it must do the same job, so it divides a report into the sections the widget shows, numbered
// headings or, in reports without them, paragraphs' lead sentences (as src/report/parse.rs);
// and peerLighter, with which the bench fails when the JS stack built fewer sections.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { build, peerLighter } from '../../bench/peer-build.js';

const seed = readFileSync(new URL('../../www/reports/jiyuan-2022.txt', import.meta.url), 'utf8');

/** The section headings of `html`, in order, as [level, text]. */
function headings(html) {
  return [...html.matchAll(/<h([23]) id="s\d+"><button[^>]*>(.*?)<\/button><\/h[23]>/g)].map((m) => [Number(m[1]), m[2]]);
}

/** `n` filler characters: a paragraph's rest after its lead sentence. */
const rest = (n) => '推进改革'.repeat(Math.ceil(n / 4)).slice(0, n);

test('the seed gets the widget\'s eight lead-sentence sections, and its chrome line one more', () => {
  // The widget's outline of the seed (cargo run --example outline -- www/reports/jiyuan-2022.txt).
  const widget = [
    '五年来,我们攻坚克难、革故鼎新。',
    '五年来,我们统筹全域、一体推进。',
    '五年来,我们倾力民生、普惠共建。',
    '五年来,我们改进作风、务实担当。',
    '五年来,我们深化全民国防教育,积极推进军民融合发展,退役军人服务保障不断强化。',
    '历尽天华成此景,人间万事出艰辛。',
    '惟其笃行,弥足珍贵;惟其磨砺,始得玉成。',
    '安不忘危,兴不忘忧。',
  ];
  const { html, sections } = build(seed);
  const got = headings(html);
  assert.equal(sections, got.length);
  assert.deepEqual(got.slice(0, 8).map(([, t]) => t), widget);
  // The site's disclaimer, which the widget removes as chrome and the JS stack keeps.
  assert.equal(got.length, 9);
  assert.match(got[8][1], /^本文仅代表作者观点/);
  assert.ok(got.every(([level]) => level === 2));
  assert.equal(peerLighter([{ mount: { detail: { sections } } }], widget.length), null);
});

const CASES = [
  // [what, text, headings as [level, text]]
  ['numbered headings at two levels', '标题\n一、总体要求\n（一）稳增长。\n正文。', [[2, '一、总体要求'], [3, '（一）稳增长。']]],
  ['numbered: lead sentences stay in their paragraphs', `标题\n一、总体要求\n五年来，我们攻坚克难。${rest(40)}`, [[2, '一、总体要求']]],
  ['a short lead with enough after it', `标题\n安不忘危，兴不忘忧。${rest(30)}`, [[2, '安不忘危，兴不忘忧。']]],
  ['too little after the lead', `标题\n安不忘危，兴不忘忧。${rest(29)}`, []],
  ['a lead of 28 characters', `标题\n${rest(27)}。${rest(40)}`, [[2, `${rest(27)}。`]]],
  ['a lead of 29 characters', `标题\n${rest(28)}。${rest(40)}`, []],
  ['a lead of 3 characters', `标题\n很好。${rest(40)}`, []],
  ['no sentence end', `标题\n${rest(80)}`, []],
  ['half-width marks', `标题\n安不忘危,兴不忘忧!${rest(30)}`, [[2, '安不忘危,兴不忘忧!']]],
  ['closing quotes stay with the lead', `标题\n他说：“要稳。”${rest(30)}`, [[2, '他说：“要稳。”']]],
  [
    'a longer lead whose opening two others share',
    `标题\n五年来，我们攻坚克难。${rest(40)}\n五年来，我们统筹全域。${rest(40)}\n五年来，${rest(30)}。${rest(40)}`,
    [[2, '五年来，我们攻坚克难。'], [2, '五年来，我们统筹全域。'], [2, `五年来，${rest(30)}。`]],
  ],
  [
    'a longer lead whose opening only one other shares',
    `标题\n五年来，我们攻坚克难。${rest(40)}\n五年来，${rest(30)}。${rest(40)}`,
    [[2, '五年来，我们攻坚克难。']],
  ],
  ['CRLF, blank lines and full-width spaces', `标题\r\n\r\n\u3000\u3000安不忘危，兴不忘忧。${rest(30)}\r\n`, [[2, '安不忘危，兴不忘忧。']]],
  ['markup in the text is escaped', `<b>标题</b>\n一、"A" & <i>B</i>\n<script>x</script>`, [[2, '一、&quot;A&quot; &amp; &lt;i&gt;B&lt;/i&gt;']]],
];

for (const [what, text, want] of CASES) {
  test(`build: ${what}`, () => {
    const { html, sections } = build(text);
    assert.deepEqual(headings(html), want);
    assert.equal(sections, want.length);
    assert.ok(!/<(b|i|script)>/.test(html), html);
    // Every section is closed, and the title is the first line.
    assert.equal((html.match(/<section>/g) ?? []).length, (html.match(/<\/section>/g) ?? []).length);
    assert.match(html, /^<h1>/);
  });
}

const run = (sections) => ({ mount: { detail: { sections } } });

const LIGHTER = [
  // [what, runs, the widget's sections, message or null]
  ['none built where the widget built eight', [run(0), run(0)], 8, 'the JS stack built 0 sections where the widget built 8: not the same job'],
  ['more than the widget (chrome kept)', [run(9)], 8, null],
  ['as many', [run(374), run(374)], 374, null],
  ['one run short', [run(8), run(7)], 8, 'the JS stack built 7 sections where the widget built 8: not the same job'],
  ['no detail at all', [{ mount: {} }], 8, 'the JS stack built an unknown number of sections where the widget built 8: not the same job'],
  ['failed runs are not counted', [{ error: 'timeout' }, run(8)], 8, null],
  ['no capture run to compare with', [run(0)], undefined, null],
];

for (const [what, runs, sections, want] of LIGHTER) {
  test(`peerLighter: ${what}`, () => {
    assert.equal(peerLighter(runs, sections), want);
  });
}
