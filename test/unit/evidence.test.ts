// Evidence marks: which spans get a <mark class="ev">, where it goes, what the 要点 links point at,
// and that the page stays well-formed, escaped HTML with the article's text unchanged.
import { describe, expect, it } from 'vitest';
import { splitSections } from '../../src/content/sections.js';
import type { AmountFact, Facts, NamedFact, Span } from '../../src/extraction/types.js';
import type { ArticleDetail } from '../../src/features/news/service.js';
import { planEvidence, withMarks, type Segment } from '../../src/views/evidence.js';
import { evidenceSpans, factsPanel } from '../../src/views/facts.js';
import { articlePage } from '../../src/views/pages.js';

const TEXT = 'abcdefghij\nklmnopqrstuvwxyz';
//            0123456789 10 11…
const SEGS: Segment[] = [
  { start: 0, end: 10 }, // the title
  { start: 11, end: 18 }, // klmnopq
  { start: 20, end: 27 }, // uvwxyz  (rs at 18-20 is a gap: a marker, white space)
];
const span = (start: number, end: number): Span => ({ start, end });

describe('planEvidence', () => {
  it('marks a span in the title and one in the body, sorted by position', () => {
    const ev = planEvidence(TEXT, SEGS, [span(12, 14), span(0, 3)]);
    expect(ev.marks.map((m) => [m.start, m.end, m.id])).toEqual([
      [0, 3, 'ev-0-3'],
      [12, 14, 'ev-12-14'],
    ]);
    expect(ev.target(span(0, 3))).toBe('ev-0-3');
  });

  it('keeps the first of overlapping spans; a later one links to it and leaves its id as an alias', () => {
    const ev = planEvidence(TEXT, SEGS, [span(2, 5), span(4, 8), span(2, 5), span(0, 2)]);
    expect(ev.marks.map((m) => m.id)).toEqual(['ev-0-2', 'ev-2-5']);
    expect(ev.target(span(4, 8))).toBe('ev-2-5');
    // The same span twice is one mark and no alias (ids must stay unique).
    expect(ev.marks.find((m) => m.id === 'ev-2-5')?.aliases).toEqual(['ev-4-8']);
    // Touching is not overlapping.
    expect(ev.target(span(0, 2))).toBe('ev-0-2');
  });

  it('cuts a span crossing a boundary to the run where it starts, keeping the full span in the id', () => {
    const ev = planEvidence(TEXT, SEGS, [span(8, 13), span(12, 14)]);
    expect(ev.marks[0]).toMatchObject({ start: 8, end: 10, id: 'ev-8-13' });
    // 12-14 overlaps the span but not the part of it shown, so it gets its own mark.
    expect(ev.target(span(12, 14))).toBe('ev-12-14');
    // A span starting in a gap is shown from the next run on; one wholly in a gap is not shown.
    const gap = planEvidence(TEXT, SEGS, [span(19, 22), span(18, 20)]);
    expect(gap.marks.map((m) => [m.start, m.end, m.id])).toEqual([[20, 22, 'ev-19-22']]);
    expect(gap.target(span(18, 20))).toBeNull();
  });

  it('gives no mark to empty, out-of-range, non-integer or stale spans', () => {
    const spans = [span(0, 0), span(5, 3), span(-1, 2), span(20, 99), span(1.5, 3), { start: 0, end: 3, text: 'xyz' }];
    const ev = planEvidence(TEXT, SEGS, spans);
    expect(ev.marks).toEqual([]);
    for (const s of spans) expect(ev.target(s)).toBeNull();
    expect(planEvidence(TEXT, SEGS, [{ start: 0, end: 3, text: 'abc' }]).marks).toHaveLength(1);
  });

  it('never splits a surrogate pair', () => {
    const text = 'a𠀀b'; // 𠀀 is two UTF-16 units at 1-3
    expect(planEvidence(text, [{ start: 0, end: 4 }], [span(2, 3), span(1, 2)]).marks).toEqual([]);
    expect(planEvidence(text, [{ start: 0, end: 4 }], [span(1, 3)]).marks).toHaveLength(1);
  });
});

describe('withMarks', () => {
  it('escapes the text inside and around marks, and puts aliases inside the mark', () => {
    const ev = planEvidence('x<b>&"y', [{ start: 0, end: 7 }], [span(1, 4), span(2, 6)]);
    expect(withMarks('x<b>&"y', 0, ev).value).toBe('x<mark class="ev" id="ev-1-4"><span class="ev-alias" id="ev-2-6"></span>&lt;b&gt;</mark>&amp;&quot;y');
    // Only the marks inside the run: a run at another offset shows none.
    expect(withMarks('x<b>', 100, ev).value).toBe('x&lt;b&gt;');
    expect(withMarks('<', 0, null).value).toBe('&lt;');
  });
});

// An article with a title, a lead and one heading, and facts pointing into "title\nbody".
const TITLE = '桃源县<签约>活动';
const BODY = ' 导语写了总投资20.4亿元,覆盖医疗康养。 一、德雅集团投资 正文说浦泰公司投资6.1亿元<第一期>。 ';
const FULL = `${TITLE}\n${BODY}`;
const at = (s: string, from = 0): Span => {
  const start = FULL.indexOf(s, from);
  if (start < 0) throw new Error(s);
  return { start, end: start + s.length };
};
const named = (s: string, name = s, from = 0): NamedFact => ({ ...at(s, from), name });
const amount = (s: string, kind: AmountFact['kind'], valueYuan: string): AmountFact => ({ ...at(s), text: s, value: valueYuan, valueYuan, currency: 'CNY', approx: false, kind });

const FACTS: Facts = {
  regions: [{ ...at('桃源县'), code: '430725', name: '桃源县', level: 'county' }, { start: 0, end: 0, code: '430700', name: '常德市', level: 'city' }],
  amounts: [amount('20.4亿元', 'total_investment', '2040000000'), amount('6.1亿元', 'project_investment', '610000000'), amount('6.1亿元<第一期>', 'other', '1')],
  projectCounts: [],
  stage: 'signing',
  // 医疗康养。 一、德雅 runs from the lead across the heading's marker into its title.
  sectors: [{ ...named('医疗康养。 一、德雅', '医疗康养'), id: 'health' }, { ...named('康养', '养老'), id: 'elderly' }],
  // 投资 正文说 runs from the heading's title into its paragraph.
  companies: [named('德雅集团'), named('投资 正文说', '某公司'), named('浦泰公司')],
  parks: [],
  projects: [named('浦泰公司投资', '浦泰项目')],
};

const detail = (title: string, body: string): ArticleDetail => ({
  id: 7,
  title,
  regionTag: '桃源县招商',
  region: { code: '430725', name: '桃源县', level: 'county' },
  publishedAt: '2025-07-09',
  excerpt: '',
  url: '/articles/7',
  body,
  sections: splitSections(body),
  toc: false,
  sourceTruncated: false,
  sourceNote: null,
  regionPath: [],
});

/** Fails on a closing tag that does not match the open one, or one left open. */
function expectWellFormed(markup: string): void {
  const stack: string[] = [];
  for (const m of markup.matchAll(/<(\/?)([a-z][a-z0-9]*)[^>]*>/g)) {
    const [, close, tag = ''] = m;
    if (close) expect(stack.pop(), `closing </${tag}>`).toBe(tag);
    else stack.push(tag);
  }
  expect(stack).toEqual([]);
}

const text = (markup: string) => markup.replace(/<[^>]+>/g, '');

describe('the article page with evidence', () => {
  const page = articlePage(detail(TITLE, BODY), FACTS).value;
  const plain = articlePage(detail(TITLE, BODY)).value;
  const bodyOf = (p: string) => p.slice(p.indexOf('<div class="body">'));

  it('marks the region in the h1 and links the panel to it; the tag-only region gets no link', () => {
    expect(page).toContain(`<h1><span class="tag">【桃源县招商】</span><mark class="ev" id="ev-0-3">桃源县</mark>&lt;签约&gt;活动</h1>`);
    expect(page).toContain('<dt>地区</dt><dd><a href="#ev-0-3">桃源县</a> · 常德市</dd>');
  });

  it('links each panel fact to its own mark, in the paragraph, after display punctuation', () => {
    const total = at('20.4亿元');
    expect(page).toContain(`<dt>投资额</dt><dd><a href="#ev-${total.start}-${total.end}">20.4亿元</a></dd>`);
    // zh() saw the whole paragraph: the , after the mark still became ，.
    expect(page).toContain(`总投资<mark class="ev" id="ev-${total.start}-${total.end}">20.4亿元</mark>，覆盖`);
    const c = at('德雅集团');
    expect(page).toMatch(new RegExp(`<dt>企业</dt><dd><a href="#ev-${c.start}-${c.end}">德雅集团</a>、<a href="#ev-\\d+-\\d+">某公司</a>、<a href="#ev-\\d+-\\d+">浦泰公司</a></dd>`));
  });

  it('cuts spans at the heading boundary: the lead part, then the heading part, ids of the whole span', () => {
    const s = at('医疗康养。 一、德雅');
    const k = at('康养');
    expect(page).toContain(`覆盖<mark class="ev" id="ev-${s.start}-${s.end}"><span class="ev-alias" id="ev-${k.start}-${k.end}"></span>医疗康养。</mark></p>`);
    const c = at('德雅集团');
    const t = at('投资 正文说');
    expect(page).toContain(`<h2 id="s1">一、<mark class="ev" id="ev-${c.start}-${c.end}">德雅集团</mark><mark class="ev" id="ev-${t.start}-${t.end}">投资</mark></h2>`);
    // 养老 (康养) overlaps the cut 医疗康养 mark and links there.
    expect(page).toContain(`<a href="#ev-${s.start}-${s.end}">养老</a>`);
  });

  it('marks projects and investment amounts for the project pages, lower in priority', () => {
    const project = at('浦泰公司投资');
    const company = at('浦泰公司');
    const a = at('6.1亿元');
    // The company came first; the project overlaps it, so its id is an alias inside the company's mark.
    expect(page).toContain(`<mark class="ev" id="ev-${company.start}-${company.end}"><span class="ev-alias" id="ev-${project.start}-${project.end}"></span>浦泰公司</mark>投资`);
    expect(page).toContain(`<mark class="ev" id="ev-${a.start}-${a.end}">6.1亿元</mark>&lt;第一期&gt;`);
    // An amount of another kind is not marked.
    expect(page).not.toContain(`id="ev-${a.start}-${a.end + 5}"`);
  });

  it('is well-formed, escaped, and shows the same text as the page without facts', () => {
    expectWellFormed(page);
    expect(text(page)).not.toMatch(/[<>]/);
    expect(text(bodyOf(page))).toBe(text(bodyOf(plain)));
    expect(plain).not.toContain('<mark');
    // Every panel link has exactly one element with its id.
    for (const [, id] of page.matchAll(/href="#(ev-\d+-\d+)"/g)) expect(page.split(`id="${id}"`).length - 1).toBe(1);
  });

  it('orders the spans: panel facts in panel order, then projects, then linked amounts', () => {
    const ids = evidenceSpans(FACTS).map((s) => `${s.start}-${s.end}`);
    const key = (s: Span) => `${s.start}-${s.end}`;
    expect(ids).toEqual([FACTS.regions[0], FACTS.regions[1], FACTS.amounts[0], FACTS.sectors[0], FACTS.sectors[1], ...FACTS.companies, ...FACTS.projects, FACTS.amounts[0], FACTS.amounts[1]].map((s) => key(s as Span)));
  });

  it('the panel without an evidence plan has no links', () => {
    expect(factsPanel(FACTS).value).not.toContain('<a ');
  });
});
