// The search benchmark's queries and how one answer is timed and checked: shared by
// bench/search.ts (SQLite) and bench/scale.ts (PostgreSQL beside SQLite), so both measure the same.
import type { LatencySummary } from './search-report.js';

/** A word in none of the seed sentences, put into a known 0.1 % of the articles (corpus option `inject`). */
export const RARE_WORD = '碳化硅';
export const RARE = { sentence: `其中,${RARE_WORD}功率器件生产线已完成设备安装调试。`, every: 1000 } as const;

export interface QuerySpec {
  readonly name: string;
  readonly params: Readonly<Record<string, string>>;
  /** Expected `total`, where it is known in advance. */
  readonly expectTotal?: number;
}

export function searchQueries(corpusSize: number): readonly QuerySpec[] {
  return [
    { name: '长沙', params: { q: '长沙' } },
    { name: '长沙 sort=newest', params: { q: '长沙', sort: 'newest' } },
    { name: '新能源', params: { q: '新能源' } },
    { name: '招商引资', params: { q: '招商引资' } },
    { name: '长沙 新能源', params: { q: '长沙 新能源' } },
    { name: '"高质量发展"', params: { q: '"高质量发展"' } },
    { name: `${RARE_WORD} (rare)`, params: { q: RARE_WORD }, expectTotal: Math.floor(corpusSize / RARE.every) },
    { name: '新能源 region=430200', params: { q: '新能源', region: '430200' } },
  ];
}

export const round1 = (n: number): number => Math.round(n * 10) / 10;

export function summarize(ms: readonly number[]): LatencySummary {
  const s = [...ms].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
  return { mean: round1(s.reduce((a, b) => a + b, 0) / s.length), p50: round1(at(50)), p95: round1(at(95)), p99: round1(at(99)), max: round1(s[s.length - 1] ?? NaN) };
}

export interface ApiBody {
  readonly items: readonly { id: number; title: string; snippet: string }[];
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
  readonly facets: { readonly region: readonly { code: string; count: number }[] };
}

/** One request, timed from sending to the whole body read; checked after the clock stops. */
export async function timed(url: string): Promise<{ ms: number; status: number; text: string }> {
  const t = performance.now();
  const res = await fetch(url);
  const text = await res.text();
  return { ms: performance.now() - t, status: res.status, text };
}

export function checkResponse(spec: QuerySpec, status: number, text: string, firstTotal: number | null): ApiBody {
  if (status !== 200) throw new Error(`${spec.name}: status ${status}: ${text.slice(0, 200)}`);
  const body = JSON.parse(text) as ApiBody;
  if (firstTotal !== null && body.total !== firstTotal) throw new Error(`${spec.name}: total changed from ${firstTotal} to ${body.total}`);
  if (body.total <= 0) throw new Error(`${spec.name}: no results`);
  if (spec.expectTotal !== undefined && body.total !== spec.expectTotal) throw new Error(`${spec.name}: total ${body.total}, expected ${spec.expectTotal}`);
  if (body.items.length !== Math.min(body.pageSize, body.total)) throw new Error(`${spec.name}: ${body.items.length} items for total ${body.total}`);
  if (!body.items.some((i) => i.snippet.includes('<mark>'))) throw new Error(`${spec.name}: no snippet marks a match`);
  if (!spec.params['region'] && body.facets.region.length === 0) throw new Error(`${spec.name}: no region facets`);
  return body;
}
