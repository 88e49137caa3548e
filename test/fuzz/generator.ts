// The fuzzer's pieces: a seeded PRNG, the hostile values, a multipart encoder, and a request
// generator that turns the app's route table into random (but reproducible) requests.
// Pure: no app, no database. test/fuzz/fuzz.test.ts drives it; test/http/access-matrix.test.ts
// borrows the multipart encoder.
import { gzipSync } from 'node:zlib';

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    if (xs.length === 0) throw new Error('pick from an empty list');
    return xs[this.int(xs.length)] as T;
  }
  ip(): string {
    return `10.${1 + this.int(250)}.${this.int(256)}.${1 + this.int(254)}`;
  }
}

// --- hostile values ---------------------------------------------------------------------------

/** Markup that, if it ever reached the page as markup, leaves a trace: a dialog, window.__pwned, or an element with data-pwn. */
export const XSS = [
  '<script>window.__pwned=1;alert("pwn-1")</script>',
  '<img src=x data-pwn=1 onerror="window.__pwned=1;alert(\'pwn-2\')">',
  '"><svg data-pwn=1 onload=alert("pwn-3")>',
  "'><b data-pwn=1>pwn-4</b>",
  'javascript:alert("pwn-5")',
  '</textarea><script>alert("pwn-6")</script>',
  '</title><script>alert("pwn-7")</script>',
  '<a data-pwn=1 href="javascript:alert(\'pwn-8\')">点我</a>',
  '<iframe data-pwn=1 srcdoc="<script>parent.__pwned=1</script>"></iframe>',
  '<math><mtext><table><mglyph><style><img data-pwn=1 src=x onerror=alert("pwn-9")>',
  '<details data-pwn=1 open ontoggle=alert("pwn-10")>',
  '{{constructor.constructor(\'alert("pwn-11")\')()}}',
  '${alert("pwn-12")}',
  '<!--<img src="--><img data-pwn=1 src=x onerror=alert("pwn-13")//">',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(\'pwn-14\')">',
  '<base href="javascript:alert(\'pwn-15\')//">',
  '<style>*{background:url("javascript:alert(\'pwn-16\')")}</style>',
  '&lt;script&gt;alert("pwn-17")&lt;/script&gt;',
  '<scr<script>ipt>alert("pwn-18")</scr</script>ipt>',
  '<form data-pwn=1 action="javascript:alert(\'pwn-19\')"><button>x</button></form>',
] as const;

export const SQL_FTS = [
  '" OR 1=1 --',
  "' OR '1'='1",
  "'; DROP TABLE articles; --",
  "1' UNION SELECT password_hash, email FROM users --",
  'NEAR(',
  'NEAR(长沙 新能源, 2)',
  '*',
  '^',
  '^长沙',
  '长沙*',
  'title:长沙',
  '"unterminated',
  '""',
  'a AND OR NOT b',
  '- -- ---',
  '()',
  '(((((',
  '%',
  '_',
  '\\',
  '\\"',
  "' || (SELECT 1) || '",
  '1; SELECT pg_sleep(5)',
  "x' AND randomblob(100000000) AND '1",
  'OR',
  'NOT',
  ':*',
  '<->',
  '&',
  '!',
  '|',
] as const;

export const TRAVERSAL = [
  '../../etc/passwd',
  '..%2f..%2fetc%2fpasswd',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '%2e%2e/%2e%2e/etc/passwd',
  '....//....//etc/passwd',
  '..\\..\\windows\\win.ini',
  '%252e%252e%252fetc%252fpasswd',
  '/etc/passwd%00.pdf',
  '..%c0%af..%c0%afetc%c0%afpasswd',
  '.',
  '..',
  '%2e',
  '~',
  'uploads',
  '.env',
] as const;

/** Path segments / query values that are already percent-encoded (some of them broken). */
export const RAW_ENCODED = ['%', '%zz', '%E0%A4%A', '%C0%AF', '%FF%FE', '%ED%A0%80', '%00', '%0d%0aSet-Cookie:%20x=1', '%F0%9F%98', '%%', '%u4e2d', '%2F', '%5C', '%3Cscript%3E'] as const;

export const NUMBERS = ['0', '-1', '1', '2', '1.5', '1e3', '1e309', 'NaN', 'Infinity', '-0', '0x10', '+1', ' 1', '9007199254740993', '2147483647', '2147483648', '99999999999999999999', '١٢٣', '１２', '00001', '1,000'] as const;

export const TEXT = [
  '',
  ' ',
  '\t\n\r',
  '长沙市',
  '湖南省长沙市岳麓区',
  '新能源汽车',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff\ud800',
  '\u202e\u202dRTL',
  '\u200b\u200c\u200d\ufeff',
  '𠮷野家🚀👨‍👩‍👧',
  'é́́́́́́́́',
  'ＡＢＣ１２３（全角）',
  '長沙 新能源',
  'changsha',
  'null',
  'undefined',
  'true',
  '[]',
  '{}',
  '__proto__',
  'constructor',
  'toString',
] as const;

export const REGIONS = ['430000', '430100', '430102', '430700', '999999', '000000', '4301', '43010A'] as const;
export const SECTORS = ['new-materials', 'new-energy', 'ev', 'biomedicine', 'x', ''] as const;

export function longString(rng: Rng, n: number): string {
  const unit = rng.pick(['长', 'a', '𠮷', '<', '%', '"', ' ']);
  return unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
}

/** One hostile or boundary value. */
export function hostileValue(rng: Rng): string {
  const r = rng.int(100);
  if (r < 28) return rng.pick(XSS);
  if (r < 45) return rng.pick(SQL_FTS);
  if (r < 53) return rng.pick(TRAVERSAL);
  if (r < 65) return rng.pick(NUMBERS);
  if (r < 82) return rng.pick(TEXT);
  if (r < 88) return longString(rng, rng.pick([201, 1001, 5001, 20_001]));
  if (r < 92) return `${rng.pick(XSS)} ${rng.pick(SQL_FTS)} ${rng.pick(TEXT)}`;
  if (r < 96) return rng.pick(REGIONS);
  return rng.pick(SECTORS);
}

// --- multipart ---------------------------------------------------------------------------------

export type Part = { name: string; value: string } | { name: string; filename: string; contentType: string; data: Buffer };

let boundaries = 0;

export function multipart(parts: readonly Part[], boundary = `----zsfuzz${(++boundaries).toString(16).padStart(8, '0')}`): { body: Buffer; contentType: string } {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    if ('filename' in p) {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"; filename="${p.filename}"\r\nContent-Type: ${p.contentType}\r\n\r\n`, 'utf8'), p.data, Buffer.from('\r\n'));
    } else {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"\r\n\r\n${p.value}\r\n`, 'utf8'));
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

export const PDF_BYTES = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n', 'latin1');
export const PNG_BYTES = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);

/** Upload bodies: good, mislabeled, hostile, empty, too large, huge but compressible. */
export function uploadFile(rng: Rng): { filename: string; contentType: string; data: Buffer; acceptable: boolean } {
  const name = rng.chance(0.3) ? `${rng.pick(TRAVERSAL)}.pdf` : rng.chance(0.3) ? `${rng.pick(XSS).replace(/"/g, "'")}.pdf` : rng.pick(['licence.pdf', '执照.pdf', 'scan.png', 'a.jpg', 'noext', '.pdf', 'x.pdf.exe']);
  switch (rng.int(11)) {
    case 0:
      return { filename: name, contentType: 'application/pdf', data: PDF_BYTES, acceptable: true };
    case 1: // a PDF declared as a PNG
      return { filename: 'scan.png', contentType: 'image/png', data: PDF_BYTES, acceptable: true };
    case 2: // an HTML file named .pdf
      return { filename: 'licence.pdf', contentType: 'application/pdf', data: Buffer.from('<html><script>alert("pwn-upload")</script></html>'), acceptable: false };
    case 3: // a PDF-looking polyglot with script inside: accepted as a PDF, only ever served as an attachment
      return { filename: 'poly.html', contentType: 'text/html', data: Buffer.concat([PDF_BYTES, Buffer.from('<script>alert("pwn-poly")</script>')]), acceptable: true };
    case 4:
      return { filename: name, contentType: 'application/pdf', data: Buffer.alloc(0), acceptable: false };
    case 5: // huge but compressible: a PDF header and 7 MB of zeros
      return { filename: 'big.pdf', contentType: 'application/pdf', data: Buffer.concat([PDF_BYTES, Buffer.alloc(7 * 1024 * 1024)]), acceptable: false };
    case 6: // a gzip "bomb" (10 MB of zeros, ~10 kB on the wire), labelled as a PDF
      return { filename: 'bomb.pdf', contentType: 'application/pdf', data: gzipSync(Buffer.alloc(10 * 1024 * 1024)), acceptable: false };
    case 7: // a zip archive header named .pdf
      return { filename: 'x.pdf', contentType: 'application/zip', data: Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(4096)]), acceptable: false };
    case 8:
      return { filename: 'scan.png', contentType: 'image/png', data: PNG_BYTES, acceptable: true };
    case 9: // an SVG with script, declared as an image
      return { filename: 'logo.png', contentType: 'image/svg+xml', data: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(\'pwn-svg\')"/>'), acceptable: false };
    default: // 4 bytes: too short to be anything
      return { filename: name, contentType: 'application/octet-stream', data: Buffer.from('%PDF'), acceptable: false };
  }
}

// --- the request generator ----------------------------------------------------------------------

export type Who = 'anonymous' | 'company' | 'editor' | 'admin';
export { parseRouteTree, type Method } from '../helpers/routes.js';
import { idKind, type Method } from '../helpers/routes.js';

export interface RouteSpec {
  readonly method: Method;
  /** The route pattern, e.g. /admin/tips/:id/publish. */
  readonly path: string;
}

export interface Ids {
  /** Real ids by param kind: 'article', 'tip', 'message', 'application', 'post', 'project', 'enterprise', 'user', 'victim'. */
  readonly [kind: string]: readonly (string | number)[];
}

export interface FuzzRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly payload?: string | Buffer;
  readonly who: Who;
  readonly ip: string;
  /** What was sent, for a failure report. */
  readonly label: string;
  /** The route it aims at (pattern), for the statistics. */
  readonly route: string;
}

export const QUERY_KEYS = ['page', 'pageSize', 'q', 'region', 'sector', 'stage', 'min', 'max', 'from', 'to', 'sort', 'table', 'code', 'next', 'done', 'saved', 'industry', 'format', 'lang', 'page[]', '__proto__'] as const;

/** Form fields by route (the names the app reads); every POST also gets random extra names. */
export const FORM_FIELDS: Record<string, readonly string[]> = {
  '/submit': ['title', 'region', 'body', 'source_url', 'name', 'contact', 'challenge', 'challenge_id', 'website'],
  '/contact': ['name', 'organization', 'contact', 'subject', 'message', 'website'],
  '/login': ['email', 'password', 'next'],
  '/logout': [],
  '/join': ['company_name', 'uscc', 'industry', 'region', 'address', 'contact_person', 'mobile', 'email', 'description', 'website'],
  '/invite/:token': ['password'],
  '/account': ['address', 'contact_person', 'mobile', 'email', 'website', 'description'],
  '/account/posts': ['kind', 'title', 'body', 'sector', 'region', 'amount_min', 'amount_max', 'space_need'],
  '/admin/tips/:id/publish': ['title', 'region', 'body'],
  '/admin/tips/:id/reject': ['reason'],
  '/admin/inbox/:id/handled': [],
  '/admin/applications/:id/approve': [],
  '/admin/applications/:id/reject': ['reason'],
  '/admin/posts/:id/publish': ['title', 'body'],
  '/admin/posts/:id/reject': ['reason'],
  '/admin/articles': ['title', 'region', 'date', 'body', 'reason'],
  '/admin/articles/:id': ['title', 'region', 'date', 'body', 'reason', 'version'],
  '/admin/articles/:id/publish': ['status_reason'],
  '/admin/articles/:id/unpublish': ['status_reason'],
  '/admin/articles/:id/facts': ['op', 'kind', 'id', 'ref', 'value', 'name', 'stage', 'list', 'evidence', 'sectorId', 'region_tag'],
  '/admin/projects/stranded/drop': [],
  '/admin/projects/:id': ['name', 'region', 'stage', 'amount', 'hidden', 'merge', 'reason', 'key'],
  '/admin/projects/:id/reset': ['key'],
  '/admin/projects/:id/unmerge': ['key'],
  '/admin/users': ['email', 'name', 'role', 'password', 'reason'],
  '/admin/users/:id': ['role', 'status', 'reason'],
};

/** Who a route is for: the fuzzer mostly sends the right session, sometimes another. */
export function audience(path: string): Who[] {
  if (path.startsWith('/admin/users')) return ['admin'];
  if (path.startsWith('/admin')) return ['editor', 'admin'];
  if (path.startsWith('/account')) return ['company'];
  return ['anonymous'];
}


/** encodeURIComponent, except that a lone surrogate becomes the bytes of an encoded surrogate (%ED%A0%80): invalid UTF-8. */
export function enc(s: string): string {
  return s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|[^\ud800-\udfff]+|[\ud800-\udbff][\udc00-\udfff]/g, (part) => (part.length === 1 && /[\ud800-\udfff]/.test(part) ? '%ED%A0%80' : encodeURIComponent(part)));
}

/** A path segment value: a real id, a boundary number, traversal, hostile text, or raw broken encoding. */
function segmentValue(rng: Rng, ids: Ids, kind: string): string {
  const real = ids[kind] ?? [];
  const r = rng.int(100);
  if (r < 40 && real.length) return enc(String(rng.pick(real)));
  if (r < 55) return enc(rng.pick(NUMBERS));
  if (r < 70) return rng.pick(TRAVERSAL);
  if (r < 85) return enc(hostileValue(rng)).slice(0, 600);
  return rng.pick(RAW_ENCODED);
}

function queryString(rng: Rng): string {
  const n = rng.int(4);
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    const key = rng.chance(0.85) ? rng.pick(QUERY_KEYS) : enc(hostileValue(rng)).slice(0, 100);
    const r = rng.int(100);
    const value = r < 70 ? enc(hostileValue(rng)) : r < 85 ? rng.pick(RAW_ENCODED) : r < 92 ? enc(rng.pick(REGIONS)) : longString(rng, 11_000);
    parts.push(rng.chance(0.05) ? key : `${key}=${value}`);
  }
  if (rng.chance(0.05)) parts.push(`q=${enc(rng.pick(SQL_FTS))}&q=${enc(rng.pick(SQL_FTS))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

/** A URL for the route: params filled, sometimes a segment replaced with traversal or junk. */
export function urlFor(rng: Rng, route: RouteSpec, ids: Ids): string {
  const segs = route.path.split('/').slice(1);
  const filled = segs.map((s) => (s.startsWith(':') ? segmentValue(rng, ids, idKind(route.path, s.slice(1))) : s));
  if (rng.chance(0.12) && filled.length) filled[rng.int(filled.length)] = rng.chance(0.5) ? rng.pick(TRAVERSAL) : rng.pick(RAW_ENCODED);
  let url = `/${filled.join('/')}`;
  if (rng.chance(0.05)) url += '/';
  if (rng.chance(0.06)) url = `/en${url}`;
  if (rng.chance(0.03)) url = url.replace(/\//g, rng.pick(['//', '/./', '/%2f']));
  return url + (rng.chance(0.6) ? queryString(rng) : '');
}

/** Values that mean something to a field: the forms' own vocabularies, bent (the 要点 corrections' JSON refs above all). */
export const FIELD_VALUES: Record<string, string[]> = {
  op: ['add', 'remove', 'edit', 'revoke', 'stage', 'ADD', '', 'delete', '__proto__'],
  list: ['amounts', 'projectCounts', 'sectors', 'companies', 'parks', 'projects', 'names', '__proto__', 'constructor', 'toString', ''],
  ref: [
    '{"list":"amounts","start":0,"end":4,"text":"长沙"}',
    '{"list":"companies","start":0,"end":2,"text":"长沙"}',
    '{"list":"projectCounts","start":0,"end":1,"text":"七"}',
    '{"list":"sectors","start":-1,"end":1e309,"text":""}',
    '{"list":"amounts","start":"0","end":null,"text":{}}',
    '{"list":"__proto__","start":0,"end":0,"text":"x"}',
    '{"list":"constructor"}',
    '{"__proto__":{"list":"amounts"}}',
    '{}',
    '[]',
    '[1,2]',
    '1',
    '"x"',
    'true',
    'null',
    '{"list":"amounts"',
    `{"list":"amounts","start":0,"end":99999999,"text":"${'长'.repeat(2000)}"}`,
  ],
  kind: ['signed', 'planned', 'total', 'invested', 'x', '', '__proto__'],
  value: ['6.1亿元', '2000万元', '1', '0', '-1', '1e309', '七', '999999', '1000000', '0.0001亿元', 'NaN'],
  stage: ['signing', 'construction_start', 'completion', 'operating', 'planned', 'mixed', 'none', '', 'signed', '__proto__'],
  sectorId: ['new-materials', 'new-energy', 'x', '__proto__', ''],
  evidence: ['长沙', '总投资', '签约', '亿元', '项目', 'x'.repeat(5000), ''],
  id: ['1', '2', '0', '-1', '99999999999', 'x'],
  amount: ['6.1亿元', '2000万元', '1000', '0', '-5', '1e309', '亿', '１２亿元'],
  merge: ['1', '2', '3', '0', '99999999', '1e3', '-1', '01'],
  hidden: ['1', 'on', '', 'false'],
  key: ['g:1:signed', 'n:430100:项目', '', 'x'],
  date: ['2026-01-15', '2026-02-30', '1900-01-01', '9999-12-31', '2026-1-1', 'today', ''],
  version: ['2026-01-01T00:00:00.000Z', '', 'x'],
  role: ['admin', 'editor', 'company', 'root', ''],
  status: ['active', 'disabled', 'invited', 'deleted', ''],
  kind_post: ['news', 'need', 'x'],
  amount_min: ['100', '0', '-1', '1e9', 'x', ''],
  amount_max: ['1000', '1', '99999999999', 'x', ''],
  industry: ['new-materials', 'x', ''],
  mobile: ['13900139000', '1390013900', '+8613900139000', '12345678901'],
  uscc: ['91430100MA4L99999X', '000000000000000000', ''],
  email: ['a@b.c', 'x', 'a@example.org', `${'a'.repeat(250)}@example.org`],
  contact: ['13900139000', 'a@example.org', '0731-88888888', 'x'],
  source_url: ['https://example.org/', 'javascript:alert("pwn-url")', 'data:text/html,<script>alert(1)</script>', 'http://', '//evil.example/x', 'https://example.org/"><script>alert("pwn-url2")</script>'],
  website: ['https://example.org/', 'javascript:alert("pwn-web")', 'data:text/html,x', ''],
  next: ['/admin', '//evil.example', '/\\evil.example', 'https://evil.example', '/%0d%0aSet-Cookie:x=1', '/中'],
  challenge_id: ['0'.repeat(32), 'x', ''],
};

/** More values for a field, e.g. the 要点 refs read off a real facts page. */
export function addFieldValues(field: string, values: readonly string[]): void {
  (FIELD_VALUES[field] ??= []).push(...values);
}

/** Field values for a form: mostly valid-looking with hostile ones mixed in, so some are accepted. */
export function formValues(rng: Rng, route: string, base: Record<string, string>): Record<string, string> {
  const names = FORM_FIELDS[route] ?? [];
  const out: Record<string, string> = {};
  const hostileShare = rng.pick([0, 0.2, 0.5, 1]);
  for (const n of names) {
    if (n === 'website' && rng.chance(0.9)) continue; // the honeypot
    if (rng.chance(0.07)) continue;
    const pool = FIELD_VALUES[n === 'kind' && route === '/account/posts' ? 'kind_post' : n];
    out[n] = pool && rng.chance(0.35) ? rng.pick(pool) : rng.chance(hostileShare) ? hostileValue(rng) : (base[n] ?? hostileValue(rng));
  }
  // Text fields that show on pages: often valid plus a payload, so they are stored and shown.
  for (const n of ['title', 'body', 'name', 'subject', 'message', 'organization', 'company_name', 'address', 'description', 'contact_person', 'reason', 'space_need']) {
    if (n in out && base[n] !== undefined && rng.chance(0.5)) out[n] = `${base[n]} ${rng.pick(XSS)}`;
  }
  if (rng.chance(0.15)) out[enc(hostileValue(rng)).slice(0, 40) || 'x'] = hostileValue(rng);
  return out;
}

/** Valid values for each form's fields: what an honest person would type. */
export function validBase(uscc: string, n: number): Record<string, string> {
  return {
    title: `长沙新能源项目签约 第${n}条`,
    region: '430100',
    body: '长沙市人民政府与某新能源企业签约，总投资十亿元，建设新能源汽车零部件生产基地。',
    source_url: 'https://example.org/news/1',
    name: '张三',
    contact: 'fuzz@example.org',
    organization: '某公司',
    subject: '咨询招商政策',
    message: '你好，想了解一下园区的入驻条件和优惠政策。',
    company_name: `湖南模糊测试有限公司${n}`,
    uscc,
    industry: 'new-materials',
    address: '长沙市岳麓区某某路 1 号',
    contact_person: '李四',
    mobile: '13900139000',
    email: 'fuzz-company@example.org',
    description: '一家做新材料的企业，专注于研发和生产。',
    kind: rng0(n) ? 'news' : 'need',
    sector: 'new-materials',
    amount_min: '100',
    amount_max: '1000',
    space_need: '标准厂房 2000 平方米',
    reason: '不符合要求',
    status_reason: '核实后更正',
    stage: 'signing',
    date: '2026-01-15',
    password: 'a-long-enough-password-1',
    next: '/admin',
    role: 'editor',
    status: 'active',
  };
}

function rng0(n: number): boolean {
  return n % 2 === 0;
}

/** A body for a form POST in one of many shapes: the right encoding, the wrong one, broken, huge. */
export function formBody(
  rng: Rng,
  fields: Record<string, string>,
  csrf: string | null,
): { payload: string | Buffer; contentType: string | undefined; label: string } {
  const withToken = { ...(csrf !== null ? { _csrf: csrf } : {}), ...fields };
  const r = rng.int(100);
  if (r < 62) return { payload: new URLSearchParams(withToken).toString(), contentType: 'application/x-www-form-urlencoded', label: 'urlencoded' };
  if (r < 68) return { payload: JSON.stringify(withToken), contentType: 'application/json', label: 'json' };
  if (r < 71) return { payload: '{"_csrf": "x", "title": [1, {"a": null}], "__proto__": {"admin": true}}', contentType: 'application/json', label: 'json-objects' };
  if (r < 73) return { payload: '{"broken": ', contentType: 'application/json', label: 'json-broken' };
  if (r < 76) return { payload: new URLSearchParams(withToken).toString(), contentType: rng.pick(['text/plain', 'text/html', 'application/xml', 'application/octet-stream', 'image/png', 'x/y; charset=utf-7', 'application/x-www-form-urlencoded; charset=iso-8859-1']), label: 'wrong-type' };
  if (r < 78) return { payload: new URLSearchParams(withToken).toString(), contentType: undefined, label: 'no-type' };
  if (r < 82) {
    // Invalid UTF-8 and broken percent-encoding inside a urlencoded body.
    const head = new URLSearchParams(withToken).toString();
    return { payload: Buffer.concat([Buffer.from(`${head}&title=`), Buffer.from([0xff, 0xfe, 0xc0, 0xaf, 0xed, 0xa0, 0x80]), Buffer.from(`&body=${rng.pick(RAW_ENCODED)}&x=%`)]), contentType: 'application/x-www-form-urlencoded', label: 'bad-utf8' };
  }
  if (r < 85) {
    // Oversized: past the form limit (256 kB) or one huge field under it.
    const size = rng.pick([200_000, 300_000, 1_100_000]);
    return { payload: `${new URLSearchParams(withToken).toString()}&body=${'长'.repeat(1)}${'a'.repeat(size)}`, contentType: 'application/x-www-form-urlencoded', label: `oversized-${size}` };
  }
  if (r < 87) {
    // Many fields.
    const many = Array.from({ length: 5000 }, (_, i) => `f${i}=${i}`).join('&');
    return { payload: `${new URLSearchParams(withToken).toString()}&${many}`, contentType: 'application/x-www-form-urlencoded', label: 'many-fields' };
  }
  if (r < 90) {
    // Repeated keys: arrays where strings are expected.
    return { payload: `${new URLSearchParams(withToken).toString()}&title=a&title=b&_csrf=x&body[]=1&body[x]=2`, contentType: 'application/x-www-form-urlencoded', label: 'arrays' };
  }
  if (r < 94) {
    const parts: Part[] = Object.entries(withToken).map(([name, value]) => ({ name, value }));
    const m = multipart(parts);
    return { payload: m.body, contentType: m.contentType, label: 'multipart-on-form' };
  }
  if (r < 97) {
    // A compressed body the server does not inflate.
    return { payload: gzipSync(Buffer.from(new URLSearchParams(withToken).toString() + '&x=' + '0'.repeat(1_000_000))), contentType: 'application/x-www-form-urlencoded', label: 'gzip-body' };
  }
  return { payload: Buffer.from(Array.from({ length: 256 }, (_, i) => i)), contentType: 'application/x-www-form-urlencoded', label: 'binary' };
}

/** A /join body: multipart (well-formed or broken) with a licence file of some kind. */
export function joinBody(rng: Rng, fields: Record<string, string>, csrf: string | null): { payload: Buffer | string; contentType: string | undefined; label: string; file: string } {
  const file = uploadFile(rng);
  const r = rng.int(100);
  const tokenFirst: Part[] = csrf !== null ? [{ name: '_csrf', value: csrf }] : [];
  const fieldParts: Part[] = Object.entries(fields).map(([name, value]) => ({ name, value }));
  const filePart: Part = { name: rng.chance(0.9) ? 'licence' : 'other', filename: file.filename, contentType: file.contentType, data: file.data };
  if (r < 70) {
    const order = rng.chance(0.85) ? [...tokenFirst, ...fieldParts, filePart] : [filePart, ...tokenFirst, ...fieldParts];
    const m = multipart(order);
    return { payload: m.body, contentType: m.contentType, label: `multipart(${file.contentType}, ${file.data.length} B)`, file: file.filename };
  }
  if (r < 76) {
    const m = multipart([...tokenFirst, ...fieldParts, filePart, { ...filePart, filename: 'second.pdf' }]);
    return { payload: m.body, contentType: m.contentType, label: 'multipart-two-files', file: file.filename };
  }
  if (r < 84) {
    // Cut off in the middle of the file.
    const m = multipart([...tokenFirst, ...fieldParts, filePart]);
    return { payload: m.body.subarray(0, Math.max(10, m.body.length - 30 - rng.int(200))), contentType: m.contentType, label: 'multipart-truncated', file: file.filename };
  }
  if (r < 88) {
    const m = multipart([...tokenFirst, ...fieldParts, filePart]);
    return { payload: m.body, contentType: 'multipart/form-data', label: 'multipart-no-boundary', file: file.filename };
  }
  if (r < 92) {
    const m = multipart([...tokenFirst, ...fieldParts, filePart], 'aaa');
    return { payload: m.body, contentType: 'multipart/form-data; boundary=bbb', label: 'multipart-wrong-boundary', file: file.filename };
  }
  if (r < 95) {
    // A header with no name, a part with a header line only, garbage between parts.
    const b = 'zzz';
    const body = `--${b}\r\nContent-Disposition: form-data\r\n\r\nx\r\n--${b}\r\nContent-Disposition: form-data; name="licence"; filename="../../etc/passwd"\r\n\r\n%PDF-1.4\r\n--${b}\r\ngarbage\r\n--${b}--`;
    return { payload: body, contentType: `multipart/form-data; boundary=${b}`, label: 'multipart-garbage', file: '../../etc/passwd' };
  }
  const f = formBody(rng, fields, csrf);
  return { ...f, file: '' };
}
