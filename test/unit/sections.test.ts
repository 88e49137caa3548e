import { describe, expect, it } from 'vitest';
import { removeInternalRepetition } from '../../src/content/repetition.js';
import { locateSections, paragraphs, splitSections, wantsToc, type LocatedSection } from '../../src/content/sections.js';
import { smallChineseNumber } from '../../src/content/numerals.js';
import { seedItem, seedItems } from '../helpers/seed.js';

describe('sections', () => {
  it('turns the 桃源县 article into a lead and five sections', () => {
    const s = splitSections(seedItem('桃源县网络签约').body);
    expect(s.map((x) => [x.level, x.marker])).toEqual([
      [0, ''],
      [1, '一、'],
      [1, '二、'],
      [1, '三、'],
      [1, '四、'],
      [1, '五、'],
    ]);
    expect(s[0]?.paragraphs[0]).toMatch(/^桃源县通过网络签约活动/);
    expect(s[3]?.title).toBe('重点项目中有代表性案例');
    expect(s[4]?.title).toBe('桃源县政府重申对招商项目提供全面配套服务机制');
    expect(s[3]?.paragraphs.join('')).toContain('嘉泰鞋业投资2亿元');
  });

  it('uses the text up to the space as the heading (长沙黄花综保区)', () => {
    const s = splitSections(seedItem('长沙黄花综保区').body);
    expect(s[1]).toMatchObject({ marker: '一、', title: '区位优势赋能产业集聚' });
    expect(s[1]?.paragraphs[0]).toMatch(/^长沙黄花综合保税区依托/);
  });

  it('nests (一)… under 二、 in the 长沙 report and skips 五 一、 and 合 一、 inside sentences', () => {
    const body = seedItem('2020年长沙市政府工作报告').body;
    const s = splitSections(body);
    const headings = s.filter((x) => x.level > 0).map((x) => `${x.marker}${x.title}`);
    expect(headings.slice(0, 3)).toEqual(['一、2019年工作回顾', '二、2020年工作重点', '(一)全力推动制造业高质量发展']);
    expect(s.filter((x) => x.level === 1).map((x) => x.marker)).toEqual(['一、', '二、', '三、']);
    expect(s.filter((x) => x.level === 2)).toHaveLength(10);
    expect(headings.some((h) => h.startsWith('一、红星商圈') || h.startsWith('一、多证合一'))).toBe(false);
    // Nothing is lost: every character is in a marker, a title or a paragraph, but for the 。 that
    // ended a heading.
    const kept = s.map((x) => x.marker + x.title + x.paragraphs.join('')).join('').replace(/\s/g, '').length;
    const bodyChars = body.replace(/\s/g, '').length;
    expect(kept).toBeLessThanOrEqual(bodyChars);
    expect(kept).toBeGreaterThanOrEqual(bodyChars - s.length);
    expect(wantsToc(body, s)).toBe(true);
  });

  it("finds a report's unmarked parts and a new 一、 list in each (益阳: review, then plan)", () => {
    const text = removeInternalRepetition(seedItem('益阳市政府工作报告').body).text;
    const s = splitSections(text);
    expect(s.filter((x) => x.level === 1).map((x) => x.title)).toEqual(['2018年工作回顾', '2019年工作安排']);
    const markers = s.filter((x) => x.level === 2).map((x) => x.marker);
    expect(markers).toEqual(['一、', '二、', '三、', '四、', '五、', '六、', '一、', '二、', '三、', '四、', '五、', '六、', '七、', '八、']);
    expect(s[0]?.paragraphs.join('')).toMatch(/请予审议,并请各位政协委员和其他列席人员提出意见。$/);
  });

  it('gives a short article no table of contents', () => {
    const body = seedItem('桃源县网络签约').body;
    expect(wantsToc(body, splitSections(body))).toBe(false);
  });

  it('a body without markers is one lead section', () => {
    expect(splitSections('只有一段话。')).toEqual([{ id: 's0', level: 0, marker: '', title: '', paragraphs: ['只有一段话。'] }]);
  });

  it('cuts very long paragraphs after a sentence', () => {
    const long = '这是一个很长的句子,用来测试分段效果。'.repeat(60);
    const ps = paragraphs(long);
    expect(ps.length).toBeGreaterThan(2);
    expect(ps.join('')).toBe(long);
    expect(ps.every((p) => p.endsWith('。'))).toBe(true);
  });

  it.each([
    ['一', 1],
    ['十', 10],
    ['十二', 12],
    ['二十', 20],
    ['九十九', 99],
    ['百', null],
    ['', null],
  ])('reads %s as %s', (s, n) => {
    expect(smallChineseNumber(s)).toBe(n);
  });
});

describe('full-width punctuation', () => {
  it('reads the same structure from text written with full-width punctuation', () => {
    const ascii = seedItem('2020年长沙市政府工作报告').body;
    const full = ascii.replace(/,/g, '\uff0c').replace(/:/g, '\uff1a').replace(/;/g, '\uff1b').replace(/\(/g, '\uff08').replace(/\)/g, '\uff09').replace(/!/g, '\uff01').replace(/\?/g, '\uff1f');
    const shape = (b: string) => splitSections(b).map((s) => [s.level, s.paragraphs.length]);
    expect(shape(full)).toEqual(shape(ascii));
    const t = splitSections(seedItem('桃源县网络签约').body.replace(/,/g, '\uff0c'));
    expect(t[3]?.title).toBe('重点项目中有代表性案例');
  });
});

describe('heading levels', () => {
  it('makes (一) the top level when a text has no 一、', () => {
    const s = splitSections('导语。 (一)第一部分。正文。 (二)第二部分。正文。');
    expect(s.map((x) => x.level)).toEqual([0, 1, 1]);
  });
});

describe('section offsets (locateSections)', () => {
  /** Every located title and paragraph is the body's text at its offset. */
  function expectLocated(body: string, located: readonly LocatedSection[]): void {
    for (const s of located) {
      if (s.titleStart !== null) expect(body.slice(s.titleStart, s.titleStart + s.title.length)).toBe(s.title);
      expect(s.paragraphStarts).toHaveLength(s.paragraphs.length);
      s.paragraphs.forEach((p, i) => expect(body.slice(s.paragraphStarts[i], (s.paragraphStarts[i] ?? 0) + p.length)).toBe(p));
      // In order: each paragraph starts after the previous one ends.
      s.paragraphStarts.forEach((start, i) => i > 0 && expect(start).toBeGreaterThanOrEqual((s.paragraphStarts[i - 1] ?? 0) + (s.paragraphs[i - 1]?.length ?? 0)));
    }
  }

  it.each(seedItems.map((a) => [a.title.slice(0, 16), a.body] as const))('locates every title and paragraph of %s', (_t, body) => {
    const located = locateSections(body);
    // The same sections as splitSections, plus offsets.
    expect(located.map(({ titleStart: _s, paragraphStarts: _p, ...rest }) => rest)).toEqual(splitSections(body));
    expectLocated(body, located);
  });

  it('counts the white space that splitSections trims off the body', () => {
    const body = '  \n导语。 一、标题 正文一。 正文二。';
    const s = locateSections(body);
    expect(s.map((x) => [x.title, x.titleStart, x.paragraphStarts])).toEqual([
      ['', null, [3]],
      ['标题', 9, [12, 17]],
    ]);
    expectLocated(body, s);
  });

  it('locates part headings (益阳) and the lead-ins of long first sentences', () => {
    const text = removeInternalRepetition(seedItem('益阳市政府工作报告').body).text;
    const s = locateSections(text);
    const part = s.find((x) => x.title === '2019年工作安排');
    expect(part?.titleStart).toBe(text.indexOf('2019年工作安排'));
    expectLocated(text, s);
    const clause = locateSections(`一、${'很长的标题文字'.repeat(2)},${'后面还有很多很多内容'.repeat(6)}。`)[0];
    expect(clause?.title).toBe('很长的标题文字很长的标题文字');
    expect(clause?.titleStart).toBe(2);
  });

  it('gives a made-up title (an opening cut with …) no offset: its text stays in the paragraph', () => {
    const body = `一、${'没有标点的很长的一句话'.repeat(5)}。`;
    const [s] = locateSections(body);
    expect(s?.title.endsWith('…')).toBe(true);
    expect(s?.titleStart).toBeNull();
    expect(s?.paragraphStarts).toEqual([2]);
  });

  it('locates the pieces of a long paragraph cut after sentences', () => {
    const long = '这是一个很长的句子,用来测试分段效果。'.repeat(60);
    const body = `导语。 ${long}`;
    const [lead] = locateSections(body);
    expect((lead?.paragraphs.length ?? 0)).toBeGreaterThan(3);
    expectLocated(body, [lead as LocatedSection]);
  });
});
