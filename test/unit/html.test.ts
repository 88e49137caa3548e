import { describe, expect, it } from 'vitest';
import { escapeHtml, html, raw } from '../../src/html.js';
import { excerpt, zhPunctuation } from '../../src/content/text.js';

describe('html templates', () => {
  it('escapes every interpolated string', () => {
    const evil = `<script>alert("x")</script>&'`;
    expect(html`<p title="${evil}">${evil}</p>`.value).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;</p>',
    );
  });
  it('nests templates and arrays without double escaping', () => {
    const items = ['a&b', 'c'].map((x) => html`<li>${x}</li>`);
    expect(html`<ul>${items}</ul>`.value).toBe('<ul><li>a&amp;b</li><li>c</li></ul>');
    expect(html`${raw('<b>ok</b>')}${null}${undefined}${false}${3}`.value).toBe('<b>ok</b>3');
  });
  it('leaves plain text as it is', () => {
    expect(escapeHtml('长沙招商')).toBe('长沙招商');
  });
});

describe('excerpt', () => {
  it('cuts by characters, not bytes, and collapses white space', () => {
    expect(excerpt('长沙  招商\n引资', 4)).toBe('长沙 招…');
    expect(excerpt('短', 10)).toBe('短');
    expect(excerpt('😀😀😀', 2)).toBe('😀😀…');
  });
});

describe('Chinese punctuation for display', () => {
  it.each([
    ['总投资额20.4亿元,覆盖医疗', '总投资额20.4亿元\uff0c覆盖医疗'],
    ['年产1,200万双', '年产1,200万双'],
    ['时间10:30开始', '时间10:30开始'],
    ['各位代表:现在', '各位代表\uff1a现在'],
    ['金坪(联合)互通', '金坪\uff08联合\uff09互通'],
    ['Apollo (beta), ok', 'Apollo (beta), ok'],
    ['好!真的?', '好\uff01真的\uff1f'],
  ])('%s → %s', (from, to) => {
    expect(zhPunctuation(from)).toBe(to);
    expect(zhPunctuation(from)).toHaveLength(from.length);
  });
});
