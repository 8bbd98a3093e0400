// The JS API: mount a reader, listen to its events, drive it through the handle.
import { mount } from '../../dist/report-reader.js';

const el = document.getElementById('reader');
const log = document.getElementById('log');
const say = (text) => { log.textContent = text; };

el.addEventListener('report-reader:ready', (e) => say(`ready: ${e.detail.sections} sections, ${e.detail.terms} glossary terms`));
el.addEventListener('report-reader:toggle', (e) => say(`${e.detail.expanded ? 'unfolded' : 'folded'} ${e.detail.id}`));
el.addEventListener('report-reader:draft-submit', async (e) => {
  // A real site would POST e.detail to its server; confirm only when that worked.
  say(`draft submitted for ${e.detail.title}`);
  handle.confirmSubmit(e.detail.section);
});

const handle = await mount(el, {
  src: '../reports/jiyuan-2022.txt',
  lang: 'en',
  folded: '1',
  remember: false,
  glossary: [{ term: '企业军团', definition: 'Jiyuan\u2019s name for its group of listed and soon-to-list companies.', category: '经济' }],
});
window.readerHandle = handle;

document.getElementById('expand').addEventListener('click', () => handle.expandAll());
document.getElementById('collapse').addEventListener('click', () => handle.collapseAll());
document.getElementById('go').addEventListener('click', () => handle.goTo(handle.outline()[5].id));
