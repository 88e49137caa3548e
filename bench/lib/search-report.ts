// The search benchmark's results: the record kept as JSON, the targets, and the text renderings
// (console table and Markdown).
import { align, fmt, mark, mdTable, textTable } from './report.js';
import type { MachineInfo } from './project.js';
import type { RssSummary } from './rss.js';

export interface SearchTargets {
  readonly minBuildPerSec: number;
  readonly maxP95Ms: number;
  readonly minRecall: number;
}

export const SEARCH_TARGETS: SearchTargets = { minBuildPerSec: 5000, maxP95Ms: 25, minRecall: 0.99 };

export interface LatencySummary {
  readonly mean: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

export interface QueryRun {
  readonly name: string;
  /** Path and query string as requested. */
  readonly path: string;
  readonly warmup: number;
  readonly requests: number;
  /** Client-side, per request, one at a time over one keep-alive connection: request sent → whole body read. */
  readonly latencyMs: LatencySummary;
  /** `total` of the responses (the same in every one, or the run fails). */
  readonly total: number;
  /** Items on the page (pageSize 20). */
  readonly items: number;
  /** Response size in bytes (first measured response). */
  readonly bytes: number;
  /** CPU the server used per measured request (user + system, all its threads). */
  readonly serverCpuMsPerRequest: number;
  /** Does not count towards the targets (the client overhead baseline). */
  readonly baseline?: boolean;
}

export interface RecallRun {
  readonly word: string;
  /** Articles whose title or body contains the word (SQLite instr() over every published article). */
  readonly like: number;
  /** Articles the search index matches (SearchIndex.matchAll, as the API's total). */
  readonly search: number;
  readonly both: number;
  /** |search ∩ LIKE| / |LIKE|. */
  readonly recall: number;
  /** Matched by the search but without the word in the text. */
  readonly extra: number;
  /** Of `extra`: the article's region (or an ancestor) is named by the word: intended (长沙 → 【长沙招商】). */
  readonly extraByRegion: number;
  /** A few ids the LIKE scan finds and the search does not (for diagnosis). */
  readonly missedSample: readonly number[];
  readonly likeMs: number;
}

export interface CorpusShape {
  readonly word: string;
  readonly articles: number;
  readonly share: number;
  /** What the issue asks of it, as text, and whether the corpus meets it. */
  readonly expect: string;
  readonly ok: boolean;
}

export interface SearchCorpusInfo {
  readonly articles: number;
  readonly bodyBytesMean: number;
  readonly jsonLinesMb: number;
  readonly generateMs: number;
  readonly importMs: number;
  readonly importPerSec: number;
  readonly rare: { readonly word: string; readonly sentence: string; readonly every: number };
  readonly shape: readonly CorpusShape[];
}

export interface BuildInfo {
  readonly articles: number;
  readonly ms: number;
  readonly perSec: number;
  /** File + WAL after a TRUNCATE checkpoint. */
  readonly dbMb: number;
  /** Bytes of the FTS5 index's segment blocks (articles_fts_data). */
  readonly ftsMb: number;
}

export interface Check {
  readonly target: string;
  readonly subject: string;
  readonly value: string;
  readonly pass: boolean;
}

export interface SearchReport {
  readonly benchmark: 'search';
  readonly date: string;
  readonly startedAt: string;
  readonly totalSeconds: number;
  readonly machine: MachineInfo;
  readonly corpus: SearchCorpusInfo;
  readonly build: BuildInfo;
  readonly server: { readonly command: string; readonly env: Readonly<Record<string, string>>; readonly readyMs: number };
  readonly queries: readonly QueryRun[];
  readonly recall: readonly RecallRun[];
  readonly rss: RssSummary;
  readonly targets: SearchTargets;
  readonly checks: readonly Check[];
  readonly notes: readonly string[];
}

const pct = (n: number, digits = 1): string => `${fmt(n * 100, digits)} %`;

export function evaluate(r: Pick<SearchReport, 'build' | 'queries' | 'recall' | 'corpus'>, t: SearchTargets = SEARCH_TARGETS): Check[] {
  const checks: Check[] = [];
  checks.push({ target: `index build ≥ ${fmt(t.minBuildPerSec)} articles/s`, subject: 'reindex', value: `${fmt(r.build.perSec)} /s`, pass: r.build.perSec >= t.minBuildPerSec });
  for (const q of r.queries) {
    if (q.baseline) continue;
    checks.push({ target: `p95 ≤ ${t.maxP95Ms} ms`, subject: q.name, value: `${fmt(q.latencyMs.p95, 1)} ms`, pass: q.latencyMs.p95 <= t.maxP95Ms });
  }
  for (const x of r.recall) {
    checks.push({ target: `recall ≥ ${pct(t.minRecall, 0)} vs LIKE`, subject: x.word, value: pct(x.recall, 2), pass: x.recall >= t.minRecall });
  }
  for (const s of r.corpus.shape) {
    checks.push({ target: `corpus: ${s.expect}`, subject: s.word, value: `${fmt(s.articles)} (${pct(s.share)})`, pass: s.ok });
  }
  return checks;
}

const QUERY_HEADER = ['query', 'requests', 'total', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'mean ms', 'server CPU ms/req', 'bytes'];

function queryRows(qs: readonly QueryRun[]): string[][] {
  return qs.map((q) => [
    q.baseline ? `${q.name} (baseline)` : q.name,
    `${q.warmup}+${q.requests}`,
    q.baseline ? '–' : fmt(q.total),
    fmt(q.latencyMs.p50, 1),
    fmt(q.latencyMs.p95, 1),
    fmt(q.latencyMs.p99, 1),
    fmt(q.latencyMs.max, 1),
    fmt(q.latencyMs.mean, 1),
    fmt(q.serverCpuMsPerRequest, 1),
    fmt(q.bytes),
  ]);
}

const RECALL_HEADER = ['word', 'LIKE', 'search', 'both', 'recall', 'extra', 'of which by region', 'LIKE scan ms'];

function recallRows(rs: readonly RecallRun[]): string[][] {
  return rs.map((x) => [x.word, fmt(x.like), fmt(x.search), fmt(x.both), pct(x.recall, 2), fmt(x.extra), fmt(x.extraByRegion), fmt(x.likeMs)]);
}

function buildLines(r: SearchReport): string[] {
  const c = r.corpus;
  const b = r.build;
  return [
    `corpus: ${fmt(c.articles)} articles, mean body ${fmt(c.bodyBytesMean)} bytes, ${fmt(c.jsonLinesMb, 1)} MB JSON Lines; generated in ${fmt(c.generateMs)} ms; imported (with inline indexing) in ${fmt(c.importMs)} ms = ${fmt(c.importPerSec)} articles/s`,
    `rare word: ${c.rare.word} in every ${fmt(c.rare.every)}th article (“${c.rare.sentence}”)`,
    `index build (rebuildSearchIndex = zhaoshang reindex): ${fmt(b.articles)} articles in ${fmt(b.ms)} ms = ${fmt(b.perSec)} articles/s; database ${fmt(b.dbMb, 1)} MB (file + WAL after checkpoint), FTS5 segments ${fmt(b.ftsMb, 1)} MB`,
  ];
}

function rssLine(rss: RssSummary): string {
  return `server RSS: peak ${fmt(Math.max(rss.hwmMb, rss.peakSampledMb), 1)} MB (VmHWM ${fmt(rss.hwmMb, 1)}, sampled peak ${fmt(rss.peakSampledMb, 1)} over ${rss.samples} samples at 200 ms), ${fmt(rss.startMb, 1)} MB before the first search, ${fmt(rss.endMb, 1)} MB after the last`;
}

export function consoleReport(r: SearchReport): string {
  return [
    '',
    `Search benchmark ${r.date} — ${r.machine.cpus} × ${r.machine.cpuModel}, Node ${r.machine.node}, commit ${r.machine.gitCommit}`,
    ...buildLines(r),
    '',
    textTable(QUERY_HEADER, queryRows(r.queries)),
    '',
    textTable(RECALL_HEADER, recallRows(r.recall)),
    '',
    rssLine(r.rss),
    '',
    textTable(['target', 'subject', 'measured', 'result'], r.checks.map((c) => [c.target, c.subject, c.value, mark(c.pass)])),
    '',
    ...r.notes.map((n) => `note: ${n}`),
  ].join('\n');
}

export function markdownReport(r: SearchReport): string {
  const m = r.machine;
  const passed = r.checks.filter((c) => c.pass).length;
  const failed = r.checks.filter((c) => !c.pass).length;
  const env = Object.entries(r.server.env).map(([k, v]) => `${k}=${v}`).join(' ');
  return `# Search benchmark — ${r.date}

Generated by \`npm run bench:search\` (bench/search.ts); see bench/README.md. ${passed} targets passed, ${failed} failed.

- Machine: ${m.cpus} × ${m.cpuModel}, ${fmt(m.memoryMb)} MB RAM, ${m.os}
- Node ${m.node}; commit ${m.gitCommit}
- Server: \`${r.server.command}\` (as \`npm start\`), ${env}, ready ${fmt(r.server.readyMs)} ms after spawn; run took ${fmt(r.totalSeconds)} s in all
- Client: one request at a time over a keep-alive connection (Node's fetch), on the same machine (127.0.0.1); latency = request sent → whole body read

## Corpus and index

${buildLines(r).map((l) => `- ${l}`).join('\n')}

## Latency through \`GET /api/v1/search\`

Each row: the warm-up requests (discarded), then the measured ones, sequentially. Every response is checked: status 200, the same \`total\`, a full page of items with snippets. "server CPU" is the server process's CPU time over the measured requests divided by their number.

${mdTable(QUERY_HEADER, queryRows(r.queries), align(QUERY_HEADER))}

## Recall against a LIKE scan

LIKE: \`instr(title || char(10) || body, word) > 0\` over every published article. search: \`SearchIndex.matchAll\` for the query as the API parses it. Extra hits are articles the search finds without the word in their text; "by region" counts those whose region or one of its ancestors has the word as its name (【长沙招商】 articles that say only 本市): intended.

${mdTable(RECALL_HEADER, recallRows(r.recall), align(RECALL_HEADER))}

${rssLine(r.rss)}.

## Targets

${mdTable(['target', 'subject', 'measured', 'result'], r.checks.map((c) => [c.target, c.subject, c.value, `**${mark(c.pass)}**`]), '|:--|:--|--:|:--|')}
${r.notes.length ? `\n## Notes\n\n${r.notes.map((n) => `- ${n}`).join('\n')}\n` : ''}`;
}
