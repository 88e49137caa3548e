import { describe, expect, it } from 'vitest';
import { highlightTerms, loosen, normalizeQuery, parseQuery, type QueryContext } from '../../src/search/query.js';
import { highlight, snippet } from '../../src/search/snippet.js';

// A segmenter stand-in for the parser's own rules: CJK runs split into 2-character words.
const ctx: QueryContext = {
  segment: (t) => t.match(/[\p{L}\p{N}]{1,2}/gu)?.map((x) => x) ?? [],
  pinyinPlace: (k) => ({ changsha: '长沙', zhuzhou: '株洲', xiangxi: '湘西' })[k],
};

describe('query parsing', () => {
  it('normalizes: traditional to simplified, full-width to ASCII, lone surrogates out', () => {
    expect(normalizeQuery('長沙　新能源')).toBe('长沙 新能源');
    expect(normalizeQuery('ＡＢＣ１２３')).toBe('ABC123');
    expect(normalizeQuery('长沙\uD800株洲')).toBe('长沙 株洲');
  });

  it('reads words, "phrases", -exclusions and OR', () => {
    const q = parseQuery('长沙 "新能源 汽车" -株洲 湘潭 OR 岳阳', ctx);
    expect(q.must.map((t) => [t.text, t.phrase, t.or?.text])).toEqual([
      ['长沙', false, undefined],
      ['新能源 汽车', true, undefined],
      ['湘潭', false, '岳阳'],
    ]);
    expect(q.not.map((t) => t.text)).toEqual(['株洲']);
  });

  it('reads place names in pinyin, joining split syllables', () => {
    expect(parseQuery('changsha', ctx).must[0]?.text).toBe('长沙');
    expect(parseQuery('Chang Sha 新能源', ctx).must.map((t) => t.text)).toEqual(['长沙', '新能源']);
    expect(parseQuery('xiang xi', ctx).notices[0]).toContain('湘西');
    expect(parseQuery('hello', ctx).must[0]?.text).toBe('hello');
  });

  it('treats operators and punctuation as text, and drops what has no letters', () => {
    expect(parseQuery('AND OR', ctx).must).toEqual([]);
    expect(parseQuery('😀 ** ()', ctx).must).toEqual([]);
    expect(parseQuery('NEAR(长沙', ctx).must.map((t) => t.tokens)).toEqual([['ne', 'ar', '长沙']]);
  });

  it('cuts a long query and says so', () => {
    const q = parseQuery('长'.repeat(150), ctx);
    expect([...q.text].length).toBe(100);
    expect(q.notices[0]).toContain('前 100 个字');
  });

  it('loosens unquoted multi-word terms only', () => {
    const q = parseQuery('桃源签约 "网络签约"', ctx);
    const l = loosen(q);
    expect(l?.must.map((t) => Boolean(t.loose))).toEqual([true, false]);
    expect(l?.notices.at(-1)).toContain('“桃源签约”');
    expect(loosen(parseQuery('长沙', ctx))).toBeNull();
  });

  it('highlights terms as written, longest first', () => {
    expect(highlightTerms(parseQuery('长沙 新能源汽车', ctx))).toEqual(['新能源汽车', '长沙']);
  });
});

describe('snippets', () => {
  const text = '开头一段与查询无关的文字。'.repeat(10) + '嘉泰鞋业投资2亿元，布局四条生产线。' + '结尾。'.repeat(60);

  it('shows the passage with the match, marked, with … where cut', () => {
    const s = snippet(text, ['嘉泰鞋业']);
    expect(s).toContain('<mark>嘉泰鞋业</mark>投资2亿元，布局四条生产线。');
    expect(s.startsWith('…')).toBe(true);
    expect(s.endsWith('…')).toBe(true);
  });

  it('prefers the window with the whole term over scattered parts', () => {
    const t = '天在这里，易在那里，科技在别处，城也在。'.repeat(3) + '株洲高新区天易科技城内项目建成。' + '其他。'.repeat(50);
    expect(snippet(t, ['天易科技城', '科技', '天', '易', '城'])).toContain('<mark>天易科技城</mark>');
  });

  it('escapes the text around the marks', () => {
    expect(highlight('<b>长沙</b> & 株洲', ['长沙'])).toBe('&lt;b&gt;<mark>长沙</mark>&lt;/b&gt; &amp; 株洲');
  });

  it('starts from the beginning when nothing matches', () => {
    expect(snippet('没有匹配的文字。', ['长沙'])).toBe('没有匹配的文字。');
  });
});
