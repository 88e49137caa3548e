// The page benchmark's results: the record kept as JSON, the targets, and the text renderings
// (console table and Markdown).
import type { LoadResult, LoadSettings } from './load.js';
import type { MachineInfo } from './project.js';
import type { RssSummary } from './rss.js';
import type { WrkResult } from './wrk.js';

export interface Targets {
  readonly minReqPerSec: number;
  readonly maxP99Ms: number;
  /** Server req/s as a share of nginx serving the same bytes as static files. */
  readonly minNginxShare: number;
  readonly maxRssMb: number;
}

export const TARGETS: Targets = { minReqPerSec: 5000, maxP99Ms: 25, minNginxShare: 0.1, maxRssMb: 150 };

export interface PageRun {
  readonly name: string;
  readonly path: string;
  readonly bytes: number;
  /** The first request to the URL after start: a page-cache miss, rendered from the database. */
  readonly firstRequestMs: number;
  readonly server: LoadResult;
  readonly nginx: LoadResult | null;
  /** server req/s ÷ nginx req/s (autocannon). */
  readonly nginxShare: number | null;
  /** The wrk cross-check, where wrk is installed. */
  readonly wrk: { readonly server: WrkResult; readonly nginx: WrkResult | null; readonly nginxShare: number | null } | null;
}

export type { MachineInfo };

export interface CorpusInfo {
  readonly articles: number;
  readonly seedArticles: number;
  readonly generateMs: number;
  readonly importMs: number;
  readonly dbMb: number;
}

export interface Check {
  readonly target: string;
  readonly page: string;
  readonly value: string;
  /** null: not measured (nginx missing). */
  readonly pass: boolean | null;
}

export interface PagesReport {
  readonly benchmark: 'pages';
  readonly date: string;
  readonly startedAt: string;
  readonly totalSeconds: number;
  readonly machine: MachineInfo;
  readonly load: LoadSettings;
  readonly corpus: CorpusInfo;
  readonly serverStartMs: number;
  /** The command line the server ran with (npm run serve). */
  readonly serverCommand: string;
  readonly pages: readonly PageRun[];
  readonly rss: RssSummary;
  readonly targets: Targets;
  readonly checks: readonly Check[];
  readonly notes: readonly string[];
}

export const fmt = (n: number, digits = 0): string => (Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '–');

function shareCheck(t: Targets, page: string, share: number | null, via: string): Check {
  return {
    target: `≥ 1/${Math.round(1 / t.minNginxShare)} of nginx (${via})`,
    page,
    value: share === null ? 'not measured' : `1/${fmt(1 / share, 1)} (${fmt(share * 100, 1)} %)`,
    pass: share === null ? null : share >= t.minNginxShare,
  };
}

export function evaluate(pages: readonly PageRun[], rss: RssSummary, t: Targets = TARGETS): Check[] {
  const checks: Check[] = [];
  for (const p of pages) {
    checks.push({ target: `≥ ${fmt(t.minReqPerSec)} req/s`, page: p.name, value: fmt(p.server.reqPerSec), pass: p.server.reqPerSec >= t.minReqPerSec });
    checks.push({ target: `p99 ≤ ${t.maxP99Ms} ms`, page: p.name, value: `${fmt(p.server.latencyMs.p99)} ms`, pass: p.server.latencyMs.p99 <= t.maxP99Ms });
    checks.push(shareCheck(t, p.name, p.nginxShare, 'autocannon'));
    if (p.wrk) checks.push(shareCheck(t, p.name, p.wrk.nginxShare, 'wrk'));
    const clean = p.server.non2xx === 0 && p.server.errors === 0 && p.server.timeouts === 0;
    checks.push({ target: 'no non-2xx, errors or timeouts', page: p.name, value: `${p.server.non2xx} / ${p.server.errors} / ${p.server.timeouts}`, pass: clean });
  }
  const peak = Math.max(rss.hwmMb, rss.peakSampledMb);
  checks.push({ target: `RSS ≤ ${t.maxRssMb} MB`, page: 'server', value: `${fmt(peak, 1)} MB`, pass: peak <= t.maxRssMb });
  return checks;
}

export const mark = (pass: boolean | null): string => (pass === null ? 'SKIP' : pass ? 'PASS' : 'FAIL');

/** East Asian wide and full-width characters take two terminal columns. */
const WIDE = /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/u;

function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += WIDE.test(ch) ? 2 : 1;
  return w;
}

function pad(cells: readonly string[], widths: readonly number[]): string {
  return cells
    .map((c, i) => {
      const fill = ' '.repeat(Math.max(0, (widths[i] ?? 0) - displayWidth(c)));
      return i === 0 ? c + fill : fill + c;
    })
    .join('  ');
}

export function textTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ''))));
  return [pad(header, widths), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map((r) => pad(r, widths))].join('\n');
}

export const align = (header: readonly string[]): string => `|${header.map((_, i) => (i === 0 ? ':--' : '--:')).join('|')}|`;

export function mdTable(header: readonly string[], rows: readonly (readonly string[])[], align: string): string {
  return [`| ${header.join(' | ')} |`, align, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

const pct = (n: number | undefined): string => (n === undefined ? '–' : `${n} %`);
const share = (n: number | null | undefined): string => (n === null || n === undefined ? '–' : `${fmt(n * 100, 1)} %`);

const SERVER_HEADER = ['page', 'bytes', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'non-2xx', 'errors', 'timeouts', 'server CPU', 'autocannon CPU', '1st req ms'];

function serverRows(pages: readonly PageRun[]): string[][] {
  return pages.map((p) => [
    `${p.name} ${p.path}`,
    fmt(p.bytes),
    fmt(p.server.reqPerSec),
    fmt(p.server.latencyMs.p50),
    fmt(p.server.latencyMs.p99),
    fmt(p.server.latencyMs.max),
    String(p.server.non2xx),
    String(p.server.errors),
    String(p.server.timeouts),
    pct(p.server.cpu?.targetPct),
    pct(p.server.cpu?.loadgenPct),
    fmt(p.firstRequestMs, 1),
  ]);
}

const NGINX_HEADER = ['page', 'nginx req/s', 'nginx p99 ms', 'nginx CPU', 'autocannon CPU', 'server/nginx', 'wrk: server req/s', 'wrk: nginx req/s', 'wrk: server/nginx'];

function nginxRows(pages: readonly PageRun[]): string[][] {
  return pages.map((p) => [
    p.name,
    p.nginx ? fmt(p.nginx.reqPerSec) : '–',
    p.nginx ? fmt(p.nginx.latencyMs.p99) : '–',
    pct(p.nginx?.cpu?.targetPct),
    pct(p.nginx?.cpu?.loadgenPct),
    share(p.nginxShare),
    p.wrk ? fmt(p.wrk.server.reqPerSec) : '–',
    p.wrk?.nginx ? fmt(p.wrk.nginx.reqPerSec) : '–',
    share(p.wrk?.nginxShare),
  ]);
}

function rssLine(rss: RssSummary): string {
  return `server RSS: peak ${fmt(Math.max(rss.hwmMb, rss.peakSampledMb), 1)} MB (VmHWM ${fmt(rss.hwmMb, 1)}, sampled peak ${fmt(rss.peakSampledMb, 1)} over ${rss.samples} samples at 200 ms), ${fmt(rss.startMb, 1)} MB before the first page request, ${fmt(rss.endMb, 1)} MB after the autocannon runs`;
}

export function consoleReport(r: PagesReport): string {
  const checks = textTable(['target', 'page', 'measured', 'result'], r.checks.map((c) => [c.target, c.page, c.value, mark(c.pass)]));
  return [
    '',
    `Page benchmark ${r.date} — ${r.machine.cpus} × ${r.machine.cpuModel}, Node ${r.machine.node}, nginx ${r.machine.nginx ?? 'not installed'}`,
    `${r.load.connections} connections, ${r.load.warmupS} s warm-up + ${r.load.durationS} s per URL; ${fmt(r.corpus.articles)} articles (+${r.corpus.seedArticles} seed)`,
    '',
    textTable(SERVER_HEADER, serverRows(r.pages)),
    '',
    textTable(NGINX_HEADER, nginxRows(r.pages)),
    '',
    rssLine(r.rss),
    '',
    checks,
    '',
    ...r.notes.map((n) => `note: ${n}`),
  ].join('\n');
}

export function markdownReport(r: PagesReport): string {
  const m = r.machine;
  const passed = r.checks.filter((c) => c.pass === true).length;
  const failed = r.checks.filter((c) => c.pass === false).length;
  return `# Page benchmark — ${r.date}

Generated by \`npm run bench\` (bench/pages.ts); see bench/README.md. ${passed} targets passed, ${failed} failed.

- Machine: ${m.cpus} × ${m.cpuModel}, ${fmt(m.memoryMb)} MB RAM, ${m.os}
- Node ${m.node}; nginx ${m.nginx ?? 'not installed (comparison skipped)'}; commit ${m.gitCommit}
- Load: autocannon, ${r.load.connections} connections, ${r.load.warmupS} s warm-up (discarded) + ${r.load.durationS} s measured per URL, loopback 127.0.0.1; server and load generator share the machine's cores
- Data: SQLite, ${fmt(r.corpus.articles)} generated articles + ${r.corpus.seedArticles} seed articles (generated in ${fmt(r.corpus.generateMs)} ms, imported in ${fmt(r.corpus.importMs)} ms, database ${fmt(r.corpus.dbMb, 1)} MB)
- Server: \`${r.serverCommand}\` (as \`npm start\`), LOG_LEVEL=warn, ready ${fmt(r.serverStartMs)} ms after spawn; run took ${fmt(r.totalSeconds)} s in all

## Throughput and latency

req/s is autocannon's mean of per-second samples; latencies in ms; CPU in percent of one core during the measured run; "1st req" is the first request after start (a page-cache miss).

${mdTable(SERVER_HEADER, serverRows(r.pages), align(SERVER_HEADER))}

## Against nginx serving the same bytes as static files

Same autocannon settings. The wrk columns, where wrk is installed, are a ${r.pages[0]?.wrk?.server.durationS ?? '–'} s run of wrk (1 thread, same connections) per URL after the autocannon runs; they are not part of the RSS figure.

${mdTable(NGINX_HEADER, nginxRows(r.pages), align(NGINX_HEADER))}

${rssLine(r.rss)}.

## Targets

${mdTable(['target', 'page', 'measured', 'result'], r.checks.map((c) => [c.target, c.page, c.value, `**${mark(c.pass)}**`]), '|:--|:--|--:|:--|')}
${r.notes.length ? `\n## Notes\n\n${r.notes.map((n) => `- ${n}`).join('\n')}\n` : ''}`;
}
