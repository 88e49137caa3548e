// Parsers for imported article files: the portal listing format of the seed page, and JSON Lines.
// Both return every article or throw ImportFormatError naming the item and line: an import is all
// or nothing.
import { z } from 'zod';

export interface ParsedArticle {
  /** 1-based position in the file. */
  readonly item: number;
  /** 1-based line where the item starts. */
  readonly line: number;
  readonly tag: string | null; // 长沙招商
  readonly title: string;
  readonly body: string;
  readonly publishedAt: string; // YYYY-MM-DD
  readonly regionCode?: string | undefined;
  readonly externalId?: string | undefined;
}

export class ImportFormatError extends Error {
  constructor(
    readonly item: number,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`第 ${item} 条（第 ${line} 行）：${reason}`);
  }
}

const DATE_LINE = /^\d{4}-\d{2}-\d{2}$/;

export function isValidDate(s: string): boolean {
  if (!DATE_LINE.test(s)) return false;
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d && y >= 1900 && y <= 2200;
}

/** 【长沙招商】长沙… → tag 长沙招商, title 长沙…; a title without a tag keeps tag null. */
export function splitTitle(line: string): { tag: string | null; title: string } {
  const m = line.trim().match(/^[【\[]([^】\]]{1,30})[】\]]\s*(.*)$/u);
  if (!m) return { tag: null, title: line.trim() };
  return { tag: (m[1] ?? '').trim() || null, title: (m[2] ?? '').trim() };
}

function checkDate(item: number, line: number, value: string | undefined): string {
  if (value === undefined || value.trim() === '') throw new ImportFormatError(item, line, '缺少日期（应为 YYYY-MM-DD）');
  const v = value.trim();
  if (!DATE_LINE.test(v)) throw new ImportFormatError(item, line, `日期格式不对：“${v.slice(0, 40)}”，应为 YYYY-MM-DD`);
  if (!isValidDate(v)) throw new ImportFormatError(item, line, `日期不存在：${v}`);
  return v;
}

/**
 * The listing format: an item is a line "-", the 【…招商】title line, one or more body lines and a
 * YYYY-MM-DD line. Lines after the last item's date (the page footer: 点我投稿, 联系我们…) are ignored.
 */
export function parseListing(text: string): ParsedArticle[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const starts: number[] = [];
  lines.forEach((l, i) => {
    if (l.trim() === '-') starts.push(i);
  });
  const items: ParsedArticle[] = [];
  starts.forEach((start, k) => {
    const item = k + 1;
    const end = starts[k + 1] ?? lines.length;
    const isLast = k === starts.length - 1;
    let i = start + 1;
    while (i < end && lines[i]?.trim() === '') i++;
    if (i >= end) throw new ImportFormatError(item, start + 1, '只有分隔线“-”，没有标题');
    const titleLine = i + 1;
    const { tag, title } = splitTitle(lines[i] ?? '');
    if (!title) throw new ImportFormatError(item, titleLine, '标题为空');
    const body: string[] = [];
    let date: string | undefined;
    let dateLine = titleLine;
    for (i = i + 1; i < end; i++) {
      const l = (lines[i] ?? '').trim();
      if (/^\d{4}-\d{1,2}-\d{1,2}$/.test(l)) {
        date = l;
        dateLine = i + 1;
        break;
      }
      if (l) body.push(l);
    }
    if (date === undefined) throw new ImportFormatError(item, titleLine, '缺少日期行（应为 YYYY-MM-DD）');
    const publishedAt = checkDate(item, dateLine, date);
    if (body.length === 0) throw new ImportFormatError(item, titleLine, '正文为空');
    // Anything after the date inside an item is only allowed after the last item (the footer).
    const extra = lines.slice(i + 1, end).findIndex((l) => l.trim() !== '');
    if (extra !== -1 && !isLast) {
      throw new ImportFormatError(item, i + 2 + extra, '日期之后还有内容；每条应为：-、标题、正文、日期');
    }
    items.push({ item, line: start + 1, tag, title, body: body.join('\n'), publishedAt });
  });
  return items;
}

/**
 * Items in the order to store them: a portal page lists newest first, so its last item is stored
 * first and ids grow with age as they would have on the portal; JSON Lines keep file order.
 */
export function storageOrder(text: string, items: readonly ParsedArticle[]): ParsedArticle[] {
  return isJsonLines(text) ? [...items] : [...items].reverse();
}

function isJsonLines(text: string): boolean {
  return text.replace(/^\uFEFF/, '').trimStart().startsWith('{');
}

const jsonArticle = z.object({
  id: z.union([z.string(), z.number()]).optional(),
  title: z.string().trim().min(1, '标题为空'),
  regionTag: z.string().optional(),
  tag: z.string().optional(),
  region: z.string().regex(/^\d{6}$/, '地区代码应为 6 位数字').optional(),
  body: z.string().trim().min(1, '正文为空'),
  publishedAt: z.string().optional(),
  date: z.string().optional(),
});

/** JSON Lines: one object a line with title, body, publishedAt (or date); optional id, regionTag, region. */
export function parseJsonLines(text: string): ParsedArticle[] {
  const out: ParsedArticle[] = [];
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((l, i) => {
      if (!l.trim()) return;
      const item = out.length + 1;
      let value: unknown;
      try {
        value = JSON.parse(l);
      } catch {
        throw new ImportFormatError(item, i + 1, '不是有效的 JSON');
      }
      const r = jsonArticle.safeParse(value);
      if (!r.success) {
        const issue = r.error.issues[0];
        throw new ImportFormatError(item, i + 1, `${issue?.path.join('.') || '对象'}:${issue?.message ?? '格式不对'}`);
      }
      const a = r.data;
      const split = splitTitle(a.title);
      const explicitTag = (a.regionTag ?? a.tag)?.replace(/^[【\[]|[】\]]$/g, '').trim();
      if (!split.title) throw new ImportFormatError(item, i + 1, 'title:标题为空');
      out.push({
        item,
        line: i + 1,
        tag: explicitTag || split.tag,
        title: split.title,
        body: a.body.trim(),
        publishedAt: checkDate(item, i + 1, a.publishedAt ?? a.date),
        regionCode: a.region,
        externalId: a.id === undefined ? undefined : String(a.id),
      });
    });
  return out;
}

/** By content: a file whose first non-blank character is "{" is JSON Lines, else the listing format. */
export function parseArticlesFile(text: string): ParsedArticle[] {
  return isJsonLines(text) ? parseJsonLines(text) : parseListing(text);
}
