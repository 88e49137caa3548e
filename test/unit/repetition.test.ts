import { describe, expect, it } from 'vitest';
import { endsMidSentence, removeInternalRepetition } from '../../src/content/repetition.js';
import { seedItem, seedItems } from '../helpers/seed.js';

describe('internal repetition', () => {
  it('keeps the 益阳 report once: from its second 2018年工作回顾 the text repeats its opening', () => {
    const body = seedItem('益阳市政府工作报告').body;
    const d = removeInternalRepetition(body);
    expect(d.repeatAt).not.toBeNull();
    expect(d.text.length).toBeLessThan(body.length * 0.7);
    // The kept text has the opening exactly once and ends with the report's own closing words.
    expect(d.text.split('2018年工作回顾').length - 1).toBe(1);
    expect(d.text.endsWith('以优异成绩庆祝中华人民共和国成立70周年!')).toBe(true);
    // The removed tail started with the report's opening address again.
    expect(body.slice(d.repeatAt ?? 0).startsWith('各位代表:现在,我代表市人民政府向大会作工作报告')).toBe(true);
    expect(d.truncated).toBe(true);
  });

  it('leaves the other nine seed bodies alone', () => {
    for (const a of seedItems.filter((x) => !x.title.includes('益阳'))) {
      const d = removeInternalRepetition(a.body);
      expect(d.repeatAt, a.title).toBeNull();
      expect(d.text).toBe(a.body);
    }
  });

  it('finds a repeat with a small insertion in the second copy', () => {
    const opening = Array.from({ length: 40 }, (_, i) => `第${i}句话讲述项目进展和投资情况。`).join('');
    const text = opening + '结束语。' + opening.slice(0, 300) + '插入的一句。' + opening.slice(300, 600);
    const d = removeInternalRepetition(text);
    expect(d.text).toBe(opening + '结束语。');
  });

  it('does not cut ordinary repeated phrases', () => {
    const text = Array.from({ length: 60 }, (_, i) => `项目${i}总投资${i + 1}亿元,${i % 2 ? '已经开工' : '签约落地'}。`).join('');
    expect(removeInternalRepetition(text).repeatAt).toBeNull();
  });

  it('knows a text that stops mid-sentence', () => {
    expect(endsMidSentence('完善旅游服务')).toBe(true);
    expect(endsMidSentence('已经开工。')).toBe(false);
    expect(endsMidSentence('“好”')).toBe(false);
  });
});
