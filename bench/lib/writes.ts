// Writes for the load and crash scripts: one HTTP request with a hard client timeout, the three
// public forms (POST /submit, /contact, /join multipart) each carrying a unique marker, and reading
// back what the database holds for a run's markers (SQLite or PostgreSQL), field by field.
import http from 'node:http';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { usccCheckChar } from '../../src/forms/validators.js';
import { csrfToken } from '../../test/helpers/client.js';
import { log, RESULTS, writeResults } from './project.js';

// ---------------------------------------------------------------------------------------------
// HTTP.

export interface Outcome {
  /** HTTP status; 0 when there was no answer (see `error`). */
  readonly status: number;
  readonly ms: number;
  /** 'timeout', or the socket error's code/message. */
  readonly error?: string;
  readonly location?: string;
  /** The body of a 5xx answer (its message: was the write stored or not?). */
  readonly body?: string;
}

export interface RequestSpec {
  readonly port: number;
  readonly path: string;
  readonly method?: string;
  readonly headers?: http.OutgoingHttpHeaders;
  readonly body?: Buffer | string;
  readonly timeoutMs: number;
  readonly agent?: http.Agent;
}

/** One request on 127.0.0.1; never rejects: a timeout or socket error is an Outcome with status 0. */
export function request(spec: RequestSpec): Promise<Outcome> {
  const t = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    const done = (o: Omit<Outcome, 'ms'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...o, ms: performance.now() - t });
    };
    const req = http.request(
      { host: '127.0.0.1', port: spec.port, path: spec.path, method: spec.method ?? 'GET', headers: spec.headers, agent: spec.agent },
      (res) => {
        const status = res.statusCode ?? 0;
        const chunks: Buffer[] = [];
        if (status >= 500) res.on('data', (c: Buffer) => chunks.push(c));
        else res.resume();
        res.on('end', () => done({ status, location: typeof res.headers.location === 'string' ? res.headers.location : undefined, ...(chunks.length ? { body: Buffer.concat(chunks).toString('utf8') } : {}) }));
        res.on('error', (e: NodeJS.ErrnoException) => done({ status: 0, error: e.code ?? e.message }));
      },
    );
    const timer = setTimeout(() => {
      done({ status: 0, error: 'timeout' });
      req.destroy();
    }, spec.timeoutMs);
    req.on('error', (e: NodeJS.ErrnoException) => done({ status: 0, error: e.code ?? e.message }));
    req.end(spec.body);
  });
}

let ipCounter = 0;
/** A client address never used before in this process (10.x.y.z): with TRUST_PROXY each write is its own IP. */
export function nextIp(): string {
  ipCounter++;
  return `10.${(ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`;
}

export interface FormSession {
  readonly cookie: string;
  readonly token: string;
}

/** GET a form page: the double-submit CSRF cookie and the token from the page. */
export async function formSession(port: number, path: string): Promise<FormSession> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { headers: { 'x-forwarded-for': nextIp() }, signal: AbortSignal.timeout(10_000) });
  const html = await res.text();
  if (res.status !== 200) throw new Error(`GET ${path}: status ${res.status}`);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0] ?? '').find((c) => c.startsWith('_csrf='));
  const token = csrfToken(html);
  if (!cookie || !token) throw new Error(`GET ${path}: no CSRF cookie or token`);
  // Every write comes from a fresh address: a picture challenge here would refuse them all.
  if (html.includes('name="challenge"')) throw new Error(`GET ${path}: the form asks for a challenge for a fresh address`);
  return { cookie, token };
}

// ---------------------------------------------------------------------------------------------
// The three forms. Each write's fields, as sent; the marker is in the text fields we read back.

export type WriteKind = 'tip' | 'contact' | 'join';

export interface SentWrite {
  readonly kind: WriteKind;
  readonly marker: string;
  /** The fields as the row must hold them (column → value). */
  readonly expect: Readonly<Record<string, string>>;
}

const REGIONS = ['430100', '430200', '430300', '430600', '430900'];
const SECTORS = ['new-energy', 'new-materials', 'nev'];

export function tipWrite(marker: string, n: number): { sent: SentWrite; fields: Record<string, string> } {
  const title = `压测投稿 ${marker}：长沙经开区新能源项目签约`;
  const body = `长沙经济技术开发区今日集中签约新能源产业项目，总投资约${(n % 90) + 10}亿元，预计年内开工建设。标记 ${marker}。`;
  const region = REGIONS[n % REGIONS.length] as string;
  const fields = { title, region, body, source_url: '', name: '压测', contact: '13812345678', website: '' };
  return { sent: { kind: 'tip', marker, expect: { title, region_code: region, body, name: '压测', contact: '13812345678' } }, fields };
}

export function contactWrite(marker: string, n: number, messageBytes = 0): { sent: SentWrite; fields: Record<string, string> } {
  const subject = `压测留言 ${marker}`;
  let message = `您好，我们想了解园区的招商政策和厂房租金（第${n}条）。标记 ${marker}。`;
  // A longer message makes a torn write easier to see: the stored text must equal all of it.
  while (Buffer.byteLength(message) < messageBytes) message += `补充说明${n}：用地、用电、人才政策。`;
  message += ` 结束 ${marker}`;
  const fields = { name: '王先生', organization: '压测单位', contact: 'load@example.org', subject, message, website: '' };
  return { sent: { kind: 'contact', marker, expect: { name: '王先生', organization: '压测单位', contact: 'load@example.org', subject, message } }, fields };
}

function uscc(seed: number): string {
  const first17 = `91430100MA4L${String(seed % 100_000).padStart(5, '0')}`;
  return first17 + usccCheckChar(first17);
}

export function joinWrite(marker: string, n: number): { sent: SentWrite; fields: Record<string, string> } {
  const company = `湖南压测科技有限公司${marker}`;
  const description = `一家做新材料研发和生产的企业，主要产品为电池材料。标记 ${marker}。`;
  const f = {
    company_name: company,
    uscc: uscc(n),
    industry: SECTORS[n % SECTORS.length] as string,
    region: REGIONS[n % REGIONS.length] as string,
    address: '长沙市岳麓区麓谷大道 1 号',
    contact_person: '李经理',
    mobile: '13900139000',
    email: `company${n}@example.org`,
    description,
  };
  return {
    sent: { kind: 'join', marker, expect: { company_name: company, uscc: f.uscc, industry: f.industry, region_code: f.region, address: f.address, contact_person: f.contact_person, mobile: f.mobile, email: f.email, description, licence_mime: 'application/pdf', licence_size: String(PDF.length) } },
    fields: f,
  };
}

/** A small valid PDF (the upload store sniffs %PDF-). */
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

export function multipart(fields: Record<string, string>, file?: { field: string; name: string; type: string; data: Buffer }): { body: Buffer; contentType: string } {
  const boundary = `----zsload${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`), file.data, Buffer.from('\r\n'));
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

export const FORM_PATH: Record<WriteKind, string> = { tip: '/submit', contact: '/contact', join: '/join' };
export const DONE_LOCATION: Record<WriteKind, RegExp> = { tip: /^\/submit\/done\?code=/, contact: /^\/contact\/sent$/, join: /^\/join\/done\?code=/ };

/** POSTs one write with its own X-Forwarded-For address. */
export function postWrite(port: number, kind: WriteKind, session: FormSession, fields: Record<string, string>, timeoutMs: number, agent?: http.Agent): Promise<Outcome> {
  const headers: http.OutgoingHttpHeaders = { cookie: session.cookie, 'x-forwarded-for': nextIp() };
  let body: Buffer;
  if (kind === 'join') {
    // The token first: the route checks it before it stores the file.
    const m = multipart({ _csrf: session.token, ...fields }, { field: 'licence', name: 'licence.pdf', type: 'application/pdf', data: PDF });
    body = m.body;
    headers['content-type'] = m.contentType;
  } else {
    body = Buffer.from(new URLSearchParams({ _csrf: session.token, ...fields }).toString());
    headers['content-type'] = 'application/x-www-form-urlencoded';
  }
  headers['content-length'] = body.length;
  return request({ port, path: FORM_PATH[kind], method: 'POST', headers, body, timeoutMs, agent });
}

// ---------------------------------------------------------------------------------------------
// Reading back.

export const TABLE: Record<WriteKind, { table: string; markerColumn: string; columns: readonly string[] }> = {
  tip: { table: 'submissions', markerColumn: 'title', columns: ['title', 'region_code', 'body', 'name', 'contact'] },
  contact: { table: 'contact_messages', markerColumn: 'subject', columns: ['name', 'organization', 'contact', 'subject', 'message'] },
  join: { table: 'enterprise_applications', markerColumn: 'company_name', columns: ['company_name', 'uscc', 'industry', 'region_code', 'address', 'contact_person', 'mobile', 'email', 'description', 'licence_mime', 'licence_size'] },
};

export type Row = Record<string, string>;

/** Every row of `kind` whose marker column contains `runTag`, as strings. */
export async function rowsOfRun(databaseUrl: string, kind: WriteKind, runTag: string): Promise<Row[]> {
  const { table, markerColumn, columns } = TABLE[kind];
  const cols = columns.join(', ');
  let rows: Record<string, unknown>[];
  if (databaseUrl.startsWith('sqlite:')) {
    const db = new SQLite(databaseUrl.slice('sqlite:'.length), { readonly: true, fileMustExist: true });
    try {
      rows = db.prepare(`select ${cols} from ${table} where ${markerColumn} like ?`).all(`%${runTag}%`) as Record<string, unknown>[];
    } finally {
      db.close();
    }
  } else {
    const c = new pg.Client({ connectionString: databaseUrl });
    await c.connect();
    try {
      rows = (await c.query(`select ${cols} from ${table} where ${markerColumn} like $1`, [`%${runTag}%`])).rows as Record<string, unknown>[];
    } finally {
      await c.end();
    }
  }
  return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null ? '' : String(v)])));
}

const MARKER_RE = /[A-Z]{2}\d+-[a-z]+-\d+/;

export interface Reconciliation {
  readonly acked: number;
  readonly ackedStoredOnce: number;
  readonly ackedMissing: string[];
  readonly duplicated: string[];
  readonly contentMismatch: string[];
  /** Not acknowledged (error, timeout, non-303) but stored: complete rows. */
  readonly unackedStored: string[];
  readonly unknownMarkers: string[];
}

/**
 * Matches the rows of a run against what was sent: each acknowledged write exactly once with its
 * exact fields; `unackedAllowed`: whether an unacknowledged write may be stored (a request cut off
 * by a crash may have committed; it must then be complete).
 */
export function reconcile(sent: readonly { write: SentWrite; acked: boolean }[], rows: readonly Row[], kind: WriteKind): Reconciliation {
  const { markerColumn } = TABLE[kind];
  const byMarker = new Map<string, Row[]>();
  for (const r of rows) {
    const m = MARKER_RE.exec(r[markerColumn] ?? '')?.[0] ?? '?';
    byMarker.set(m, [...(byMarker.get(m) ?? []), r]);
  }
  const known = new Set(sent.map((s) => s.write.marker));
  const out = { acked: 0, ackedStoredOnce: 0, ackedMissing: [] as string[], duplicated: [] as string[], contentMismatch: [] as string[], unackedStored: [] as string[], unknownMarkers: [] as string[] };
  for (const { write, acked } of sent) {
    const found = byMarker.get(write.marker) ?? [];
    if (acked) out.acked++;
    if (found.length > 1) out.duplicated.push(write.marker);
    if (acked && found.length === 0) out.ackedMissing.push(write.marker);
    if (acked && found.length === 1) out.ackedStoredOnce++;
    if (!acked && found.length > 0) out.unackedStored.push(write.marker);
    for (const r of found) {
      const bad = Object.entries(write.expect).filter(([k, v]) => r[k] !== v);
      if (bad.length) out.contentMismatch.push(`${write.marker}: ${bad.map(([k]) => k).join(',')}`);
    }
  }
  for (const m of byMarker.keys()) if (!known.has(m)) out.unknownMarkers.push(m);
  return out;
}

/**
 * Writes the results to bench/results (the short form, as run by `npm test`, to
 * bench/results/short/, which git ignores), then fails the run on any failure.
 */
export function finishRun(name: string, date: string, md: string, json: object, failures: readonly string[], opts: { short?: boolean } = {}): void {
  log(`wrote ${writeResults(name, date, md, json, opts.short ? path.join(RESULTS, 'short') : RESULTS).join(', ')}`);
  if (failures.length) {
    console.error(`${name} test FAILED:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
    process.exitCode = 1;
  }
}
