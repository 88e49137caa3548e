import { describe, expect, it } from 'vitest';
import { ImportFormatError, isValidDate, parseArticlesFile, parseJsonLines, parseListing, splitTitle } from '../../src/content/listing.js';
import { seedItems } from '../helpers/seed.js';

function failure(fn: () => unknown): ImportFormatError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ImportFormatError) return err;
    throw err;
  }
  throw new Error('expected an ImportFormatError');
}

describe('listing format', () => {
  it('reads the ten seed articles and ignores the page footer', () => {
    expect(seedItems).toHaveLength(10);
    expect(seedItems.map((a) => a.tag)).toEqual(['益阳招商', '长沙招商', '湖南招商', '长沙招商', '长沙招商', '长沙招商', '湖南招商', '株洲招商', '吉首市招商', '桃源县招商']);
    expect(seedItems.every((a) => a.publishedAt === '2025-07-09')).toBe(true);
    expect(seedItems[9]?.title).toBe('桃源县网络签约活动成功引进7个重点招商投资项目');
    expect(seedItems.some((a) => a.body.includes('点我投稿') || a.body.includes('- 联系我们'))).toBe(false);
    expect(seedItems.map((a) => a.line)).toEqual([1, 5, 9, 13, 17, 21, 25, 29, 33, 37]);
  });

  it('splits the tag from the title', () => {
    expect(splitTitle('【桃源县招商】桃源县网络签约')).toEqual({ tag: '桃源县招商', title: '桃源县网络签约' });
    expect(splitTitle('没有标签的标题')).toEqual({ tag: null, title: '没有标签的标题' });
  });

  it.each([
    ['no date', '-\n【长沙招商】标题\n正文\n-\n【长沙招商】第二篇\n正文\n2025-01-02\n', 1, 2, '缺少日期'],
    ['empty title', '-\n【长沙招商】\n正文\n2025-01-02\n', 1, 2, '标题为空'],
    ['impossible date', '-\n【长沙招商】标题\n正文\n2025-01-02\n-\n【长沙招商】标题二\n正文\n2025-13-40\n', 2, 8, '日期不存在'],
    ['February 30', '-\n【长沙招商】标题\n正文\n2025-02-30\n', 1, 4, '日期不存在'],
    ['loose date', '-\n【长沙招商】标题\n正文\n2025-7-9\n', 1, 4, '日期格式不对'],
    ['empty body', '-\n【长沙招商】标题\n2025-01-02\n', 1, 2, '正文为空'],
    ['separator only', '-\n\n-\n【长沙招商】标题\n正文\n2025-01-02\n', 1, 1, '没有标题'],
    ['extra line inside an item', '-\n【长沙招商】标题\n正文\n2025-01-02\n多余\n-\n【长沙招商】标题二\n正文\n2025-01-03\n', 1, 5, '日期之后'],
  ])('rejects %s, naming item and line', (_name, text, item, line, reason) => {
    const err = failure(() => parseListing(text));
    expect(err.item).toBe(item);
    expect(err.line).toBe(line);
    expect(err.message).toContain(reason);
    expect(err.message).toContain(`第 ${item} 条`);
    expect(err.message).toContain(`第 ${line} 行`);
  });

  it('validates calendar dates', () => {
    expect(isValidDate('2024-02-29')).toBe(true);
    expect(isValidDate('2025-02-29')).toBe(false);
    expect(isValidDate('2025-13-40')).toBe(false);
  });
});

describe('JSON Lines', () => {
  it('reads one object a line, with the tag from the title or a field', () => {
    const items = parseJsonLines(
      [
        JSON.stringify({ id: 'a1', title: '【长沙招商】长沙某项目签约', body: '正文。', publishedAt: '2025-01-02' }),
        '',
        JSON.stringify({ title: '株洲项目开工', regionTag: '株洲招商', body: '正文。', date: '2025-01-03', region: '430200' }),
      ].join('\n'),
    );
    expect(items).toHaveLength(2);
    expect(items[0]).toMatchObject({ item: 1, line: 1, tag: '长沙招商', title: '长沙某项目签约', externalId: 'a1' });
    expect(items[1]).toMatchObject({ item: 2, line: 3, tag: '株洲招商', regionCode: '430200', publishedAt: '2025-01-03' });
  });

  it('names the line of a broken object', () => {
    const text = `${JSON.stringify({ title: 'a', body: 'b', publishedAt: '2025-01-01' })}\n{"title": "x", "body": "y", "publishedAt": "2025-13-40"}\n`;
    const err = failure(() => parseJsonLines(text));
    expect(err.line).toBe(2);
    expect(err.message).toContain('日期不存在');
    expect(failure(() => parseJsonLines('{not json')).message).toContain('不是有效的 JSON');
    expect(failure(() => parseJsonLines('{"title":"","body":"b","publishedAt":"2025-01-01"}')).message).toContain('标题为空');
  });

  it('tells the formats apart by content', () => {
    expect(parseArticlesFile('{"title":"t","body":"b","date":"2025-01-01"}\n')).toHaveLength(1);
    expect(parseArticlesFile('-\n【长沙招商】t\nb\n2025-01-01\n')).toHaveLength(1);
  });
});
