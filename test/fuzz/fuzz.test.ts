// The fuzz run: seeded random requests over every form and API route of the app's own route table
// (app.inject()), then the pages where stored data shows, opened in real Chromium.
//   FUZZ_SEED      the PRNG seed (default 20261127): the same seed sends the same requests
//   FUZZ_REQUESTS  how many requests (default 10000; 1500 with FUZZ_SHORT=1 or CI=true)
// Asserts: no 5xx; every /api error is JSON with an error code; no stack traces; a rejected
// request stores nothing (row counts of the content tables, and the upload folder); a GET writes
// nothing; stored payloads open no dialog and run no script in the browser.
// Writes bench/results/fuzz-latest.md (a short run: bench/results/short/fuzz-latest.md, which git ignores, so `npm test`
// leaves the recorded full run alone).
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { hashPassword } from '../../src/features/auth/passwords.js';
import { insertInvite, insertUser } from '../../src/features/auth/repository.js';
import { tokenHash } from '../../src/features/auth/session.js';
import { insertEnterprise } from '../../src/features/enterprises/repository.js';
import { usccCheckChar } from '../../src/forms/validators.js';
import { projectRoot } from '../../src/paths.js';
import { FormClient } from '../helpers/client.js';
import { startLiveApp, type LiveApp } from '../helpers/live.js';
import {
  addFieldValues,
  audience,
  formBody,
  formValues,
  joinBody,
  multipart,
  parseRouteTree,
  PDF_BYTES,
  Rng,
  urlFor,
  validBase,
  XSS,
  type Ids,
  type Method,
  type RouteSpec,
  type Who,
} from './generator.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261127);
const SHORT = process.env.FUZZ_SHORT === '1' || process.env.CI === 'true';
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? (SHORT ? 1500 : 10_000));
const RESULTS = REQUESTS >= 10_000 ? path.join(projectRoot, 'bench', 'results', 'fuzz-latest.md') : path.join(projectRoot, 'bench', 'results', 'short', 'fuzz-latest.md');

const PEOPLE = {
  company: { email: 'fuzz-company-user@example.org', password: 'fuzz-company-password' },
  editor: { email: 'fuzz-editor@example.org', password: 'fuzz-editor-password' },
  admin: { email: 'fuzz-admin@example.org', password: 'fuzz-admin-password' },
} as const;

/** Tables whose rows are content: a rejected request must not add or remove any. */
const CONTENT = ['articles', 'submissions', 'contact_messages', 'enterprise_applications', 'enterprises', 'company_posts', 'users', 'invites', 'moderation_log', 'fact_corrections', 'project_overrides'] as const;

let live: LiveApp;
const jars = {} as Record<Exclude<Who, 'anonymous'>, FormClient>;
const tokens = {} as Record<Who, { cookie: string; csrf: string }>;
const ids: Record<string, (string | number)[]> = {};
const victims: number[] = [];

const stats = {
  started: 0,
  ms: 0,
  sent: 0,
  injectErrors: 0,
  byClass: {} as Record<string, number>,
  byStatus: {} as Record<string, number>,
  byRoute: {} as Record<string, { n: number; ok: number; s4: number; s5: number }>,
  fiveXX: [] as string[],
  failures: [] as string[],
  accepted: 0,
  payloadRows: {} as Record<string, number>,
  pages: 0,
  dialogs: [] as string[],
  browserProblems: [] as string[],
};

const db = () => live.t.runtime.database.db;

async function counts(): Promise<string> {
  const out: number[] = [];
  for (const table of CONTENT) out.push(Number((await db().selectFrom(table as 'articles').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow()).n));
  return out.join(',');
}
const uploads = (): string[] => (fs.existsSync(live.t.config.uploadDir) ? fs.readdirSync(live.t.config.uploadDir).sort() : []);

function uscc(n: number): string {
  const first17 = `91430100MA4F${String(n % 100_000).padStart(5, '0')}`;
  return first17 + usccCheckChar(first17);
}

async function refreshIds(): Promise<void> {
  const d = db();
  const col = async (table: 'articles' | 'submissions' | 'contact_messages' | 'enterprise_applications' | 'company_posts' | 'projects' | 'enterprises') =>
    (await d.selectFrom(table).select('id').orderBy('id', 'desc').limit(30).execute()).map((r) => Number(r.id));
  ids['article'] = await col('articles');
  ids['tip'] = await col('submissions');
  ids['message'] = await col('contact_messages');
  ids['application'] = await col('enterprise_applications');
  ids['post'] = await col('company_posts');
  ids['project'] = await col('projects');
  ids['enterprise'] = await col('enterprises');
  ids['victim'] = victims;
}

async function signIn(who: Exclude<Who, 'anonymous'>): Promise<FormClient> {
  const c = new FormClient(live.t.app, `10.250.0.${who.length}`);
  const res = await c.post('/login', { email: PEOPLE[who].email, password: PEOPLE[who].password });
  if (res.statusCode !== 303) throw new Error(`fuzz: cannot log in as ${who}: ${res.statusCode}`);
  return c;
}

function jarOf(c: FormClient): string {
  return ['zs_session', '_csrf'].flatMap((k) => (c.cookie(k) ? [`${k}=${c.cookie(k)}`] : [])).join('; ');
}

beforeAll(async () => {
  // Victims first: the low ids a fuzzer guesses (1, 2, 00001…) are accounts it may change.
  live = await startLiveApp([]);
  const d = db();
  for (let i = 0; i < 12; i++) victims.push(await insertUser(d, { email: `fuzz-victim-${i}@example.org`, passwordHash: await hashPassword(`fuzz-victim-password-${i}`), role: 'editor', name: `被测${i}` }));
  const enterpriseId = await insertEnterprise(d, {
    name: '湖南模糊测试企业有限公司',
    uscc: uscc(99_999),
    industry: 'new-materials',
    region_code: '430100',
    address: '长沙市岳麓区测试路 3 号',
    description: '模糊测试用的企业。',
    contact_person: '测试',
    mobile: '13900139004',
    email: 'fuzz-enterprise@example.org',
    website: null,
  });
  await insertUser(d, { email: PEOPLE.company.email, passwordHash: await hashPassword(PEOPLE.company.password), role: 'company', name: '企业用户', enterpriseId });
  await insertUser(d, { email: PEOPLE.editor.email, passwordHash: await hashPassword(PEOPLE.editor.password), role: 'editor', name: '编辑' });
  await insertUser(d, { email: PEOPLE.admin.email, passwordHash: await hashPassword(PEOPLE.admin.password), role: 'admin', name: '管理员' });
  for (const who of ['company', 'editor', 'admin'] as const) jars[who] = await signIn(who);
  const anon = new FormClient(live.t.app, '10.250.1.1');
  const all: [Who, FormClient][] = [['anonymous', anon], ['company', jars.company], ['editor', jars.editor], ['admin', jars.admin]];
  for (const [who, c] of all) {
    const csrf = FormClient.csrf((await c.get('/login')).body);
    tokens[who] = { cookie: jarOf(c), csrf };
  }
  const invited = await insertUser(d, { email: 'fuzz-invited@example.org', passwordHash: null, role: 'editor', name: '待激活', status: 'invited' });
  const token = randomBytes(32).toString('base64url');
  await insertInvite(d, tokenHash(token), invited, new Date(Date.now() + 3_600_000).toISOString());
  const sitemap = (await live.t.app.inject({ method: 'GET', url: '/sitemap.xml' })).body;
  ids['token'] = [token, randomBytes(32).toString('base64url')];
  ids['region'] = ['430100', '430000', '430702', '999999'];
  ids['sector'] = ['new-materials', 'new-energy', 'x'];
  ids['sitemap'] = [...new Set([...sitemap.matchAll(/\/sitemaps\/([^<\s]+)/g)].map((m) => m[1] ?? ''))];
  await refreshIds();
  // Real 要点 references (the JSON the facts form carries), so corrections get past the first check.
  for (const id of (await d.selectFrom('article_facts').select('article_id').orderBy('article_id').limit(5).execute()).map((r) => r.article_id)) {
    const page = await jars.editor.get(`/admin/articles/${id}/facts`);
    addFieldValues('ref', [...page.body.matchAll(/name="ref" value="([^"]+)"/g)].slice(0, 6).map((m) => (m[1] ?? '').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')));
  }
});

afterAll(async () => {
  writeResults();
  await live?.close();
});

// --- the run ------------------------------------------------------------------------------------------

/** Forms the fuzzer fills; the rest of the POST routes get random fields too. */
function pickRoute(rng: Rng, routes: readonly RouteSpec[]): RouteSpec {
  const posts = routes.filter((r) => r.method === 'POST');
  const apis = routes.filter((r) => r.method === 'GET' && r.path.startsWith('/api/'));
  const pages = routes.filter((r) => r.method === 'GET' && !r.path.startsWith('/api/') && !r.path.startsWith('/assets/'));
  const r = rng.int(100);
  if (r < 50) return rng.pick(posts);
  if (r < 70) return rng.pick(apis);
  if (r < 96) return rng.pick(pages);
  return { method: rng.pick<Method>(['PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', 'TRACE' as string as Method]), path: rng.pick(routes).path };
}

function record(route: string, res: { statusCode: number }): void {
  const cls = `${Math.floor(res.statusCode / 100)}xx`;
  stats.byClass[cls] = (stats.byClass[cls] ?? 0) + 1;
  stats.byStatus[String(res.statusCode)] = (stats.byStatus[String(res.statusCode)] ?? 0) + 1;
  const r = (stats.byRoute[route] ??= { n: 0, ok: 0, s4: 0, s5: 0 });
  r.n++;
  if (res.statusCode < 400) r.ok++;
  else if (res.statusCode < 500) r.s4++;
  else r.s5++;
}

const STACK = /\bat [^\s]+ \(?[^\s]*\.(?:ts|js):\d+:\d+|FST_[A-Z_]{3,}|node_modules\//;

function check(label: string, method: string, url: string, res: LightMyRequestResponse): void {
  const fail = (why: string) => stats.failures.push(`${why} — ${label} → ${res.statusCode}: ${res.body.slice(0, 200).replace(/\s+/g, ' ')}`);
  if (res.statusCode >= 500) {
    stats.fiveXX.push(`${label} → ${res.statusCode}: ${res.body.slice(0, 300).replace(/\s+/g, ' ')}`);
    fail('5xx');
  }
  // The path the server saw: the test client resolves dot segments (%2e%2e too) as a browser
  // would. /en/api/… is no API address (i18n/locale.ts): a page 404.
  let bare = url;
  try {
    bare = new URL(url, 'http://fuzz.invalid').pathname;
  } catch {
    // the client could not parse it either; keep it as sent
  }
  if (res.statusCode >= 400 && method !== 'HEAD') {
    if (bare.startsWith('/api/')) {
      let code: unknown;
      try {
        code = (JSON.parse(res.body) as { error?: { code?: unknown } }).error?.code;
      } catch {
        code = undefined;
      }
      if (typeof code !== 'string' || !/^[a-z_]+$/.test(code)) fail('an /api error that is not JSON with an error code');
    }
    if (STACK.test(res.body)) fail('internals in an error response');
  }
}

describe(`fuzz (seed ${SEED}, ${REQUESTS} requests)`, () => {
  it(
    'answers every request below 500, JSON errors under /api, and stores nothing it refused',
    async () => {
      const app = live.t.app;
      const routes: RouteSpec[] = parseRouteTree(app.printRoutes({ commonPrefix: false })).flatMap((r) => r.methods.filter((m) => m === 'GET' || m === 'POST').map((m) => ({ method: m, path: r.path })));
      expect(routes.filter((r) => r.method === 'POST').length).toBeGreaterThan(20);
      const rng = new Rng(SEED);
      stats.started = Date.now();
      let before = await counts();
      for (let i = 0; i < REQUESTS; i++) {
        if (i % 250 === 0) await refreshIds();
        const route = pickRoute(rng, routes);
        const aud = audience(route.path);
        let who: Who = rng.chance(0.8) ? rng.pick(aud) : rng.pick(['anonymous', 'company', 'editor', 'admin'] as const);
        // Routes that start or end a session: never with the sessions the run depends on.
        if (['/login', '/logout', '/invite/:token'].includes(route.path)) who = 'anonymous';
        const url = urlFor(rng, route, ids as Ids);
        const ip = rng.ip();
        const headers: Record<string, string> = {};
        const jar = tokens[who];
        if (who !== 'anonymous' || rng.chance(0.7)) headers['cookie'] = jar.cookie;
        if (rng.chance(0.1)) headers['accept-language'] = rng.pick(['en', 'zh-CN', '*', 'x'.repeat(500), '\u0000']);
        if (rng.chance(0.05)) headers['if-none-match'] = rng.pick(['*', '"x"', 'W/"', '']);
        if (rng.chance(0.05)) headers['x-forwarded-for'] = rng.pick(['1.2.3.4', '::1', 'garbage', '999.999.999.999, 1.1.1.1']);
        if (rng.chance(0.03)) headers['cookie'] = rng.pick(['zs_session=' + 'A'.repeat(99), 'zs_session=../../etc/passwd', '_csrf=%zz; zs_session=%', `zs_session=${'x'.repeat(5000)}`]);
        let payload: string | Buffer | undefined;
        let label = `${route.method} ${url.length > 240 ? `${url.slice(0, 240)}…(${url.length} chars)` : url} as ${who}`;
        let isJoin = false;
        if (route.method === 'POST') {
          const r = rng.int(100);
          const csrf = r < 85 ? jar.csrf : r < 90 ? null : r < 95 ? 'forged' : tokens[rng.pick(['anonymous', 'company', 'editor', 'admin'] as const)].csrf;
          const fields = formValues(rng, route.path, validBase(uscc(i), i));
          if (route.path === '/join') {
            isJoin = true;
            const b = joinBody(rng, fields, csrf);
            payload = b.payload;
            if (b.contentType) headers['content-type'] = b.contentType;
            label += ` [${b.label}, file ${JSON.stringify(b.file)}]`;
          } else {
            const b = formBody(rng, fields, csrf);
            payload = b.payload;
            if (b.contentType) headers['content-type'] = b.contentType;
            label += ` [${b.label}${csrf === null ? ', no token' : csrf === jar.csrf ? '' : ', wrong token'}]`;
          }
        }
        const filesBefore = isJoin ? uploads() : [];
        let res: LightMyRequestResponse;
        try {
          res = await app.inject({ method: route.method as 'GET', url, headers, ...(payload !== undefined ? { payload } : {}), remoteAddress: ip });
        } catch (err) {
          // The test client could not even send it (an URL it cannot parse): not the server's doing.
          stats.injectErrors++;
          if (stats.injectErrors <= 5) console.warn(`inject error: ${label}: ${(err as Error).message}`);
          continue;
        }
        stats.sent++;
        record(`${route.method} ${route.path}`, res);
        check(label, route.method, url, res);
        const after = await counts();
        const rejected = res.statusCode >= 400;
        if (after !== before && (rejected || route.method !== 'POST')) stats.failures.push(`stored something on a ${rejected ? 'rejected' : route.method} request — ${label} → ${res.statusCode}: counts ${before} → ${after}`);
        if (!rejected && route.method === 'POST' && after !== before) stats.accepted++;
        before = after;
        if (isJoin) {
          const filesAfter = uploads();
          if (filesAfter.some((f) => f.endsWith('.part'))) stats.failures.push(`a partial upload left behind — ${label}`);
          if (rejected && filesAfter.join() !== filesBefore.join()) stats.failures.push(`a rejected upload kept a file — ${label} → ${res.statusCode}`);
        }
      }
      stats.ms = Date.now() - stats.started;
      const report = stats.failures.slice(0, 25).join('\n');
      expect(stats.fiveXX, `5xx answers (seed ${SEED}):\n${stats.fiveXX.slice(0, 25).join('\n')}`).toEqual([]);
      expect(stats.failures.length, `${stats.failures.length} failures (seed ${SEED}), the first:\n${report}`).toBe(0);
      expect(stats.sent).toBeGreaterThan(REQUESTS * 0.95);
    },
    SHORT ? 120_000 : 1_800_000,
  );

  it(
    'stored payloads stay text: back-office lists, detail pages and published articles open no dialog and run nothing in Chromium',
    async () => {
      const app = live.t.app;
      let n = 0;
      const ip = () => `10.251.${Math.floor(n / 250)}.${(n++ % 250) + 1}`;
      // Besides what the run happened to get accepted: every payload once in each form, valid otherwise.
      for (const [i, x] of XSS.entries()) {
        const c = new FormClient(app, ip());
        const tip = await c.post('/submit', { title: `投稿 ${x}`, region: '430100', body: `长沙市签约新能源项目，总投资十亿元。${x}`, source_url: '', name: x.slice(0, 50), contact: `xss${i}@example.org` });
        expect(tip.statusCode, `tip with ${x}`).toBe(303);
        const msg = await new FormClient(app, ip()).post('/contact', { name: x.slice(0, 50), organization: x.slice(0, 100), contact: `xss${i}@example.org`, subject: x.slice(0, 100), message: `留言 ${x}` });
        expect(msg.statusCode, `message with ${x}`).toBe(303);
      }
      for (const [i, x] of XSS.slice(0, 6).entries()) {
        const c = new FormClient(app, ip());
        const token = FormClient.csrf((await c.get('/join')).body);
        const m = multipart([
          { name: '_csrf', value: token },
          { name: 'company_name', value: `公司${i} ${x}`.slice(0, 100) },
          { name: 'uscc', value: uscc(50_000 + i) },
          { name: 'industry', value: 'new-materials' },
          { name: 'region', value: '430100' },
          { name: 'address', value: `长沙市 ${x}`.slice(0, 200) },
          { name: 'contact_person', value: x.slice(0, 50) },
          { name: 'mobile', value: '13900139005' },
          { name: 'email', value: `xss-join-${i}@example.org` },
          { name: 'description', value: `企业简介 ${x}` },
          { name: 'licence', filename: `${x}.pdf`, contentType: 'image/png', data: PDF_BYTES },
        ]);
        const res = await app.inject({ method: 'POST', url: '/join', payload: m.body, headers: { 'content-type': m.contentType, cookie: `_csrf=${c.cookie('_csrf') ?? ''}` }, remoteAddress: c.ip });
        expect(res.statusCode, `join with ${x}: ${res.body.slice(0, 200)}`).toBe(303);
      }
      const company = jars.company;
      const profile = await company.post('/account', { address: `长沙市 ${XSS[1]}`, contact_person: XSS[3].slice(0, 50), mobile: '13900139004', email: 'fuzz-enterprise@example.org', website: 'https://example.org/', description: `简介 ${XSS[0]} ${XSS[2]}` });
      expect(profile.statusCode).toBe(303);
      for (const x of XSS.slice(0, 4)) {
        const res = await company.post('/account/posts', { kind: 'news', title: `动态 ${x}`.slice(0, 200), body: `企业动态内容 ${x}` }, { csrfFrom: '/account/posts' });
        expect(res.statusCode).toBe(303);
      }

      // The editor flow: publish a few payload tips (as sent), approve payload applications, publish a payload post.
      const editor = jars.editor;
      const d = db();
      const pendingTips = await d.selectFrom('submissions').select(['id', 'title', 'body', 'region_code']).where('status', '=', 'pending').where('title', 'like', '%<%').orderBy('id', 'desc').limit(6).execute();
      const published: number[] = [];
      for (const tip of pendingTips) {
        const res = await editor.post(`/admin/tips/${tip.id}/publish`, { title: tip.title, body: tip.body, region: tip.region_code }, { csrfFrom: `/admin/tips/${tip.id}` });
        if (res.statusCode !== 303) continue; // the run's own tips may be past the publish limits
        published.push(Number(/\/articles\/(\d+)/.exec(String(res.headers.location))?.[1]));
      }
      expect(published.length, 'payload tips published').toBeGreaterThanOrEqual(3);
      const apps = await d.selectFrom('enterprise_applications').select('id').where('status', '=', 'pending').where('company_name', 'like', '%<%').orderBy('id', 'desc').limit(3).execute();
      for (const a of apps) await editor.post(`/admin/applications/${a.id}/approve`, {}, { csrfFrom: `/admin/applications/${a.id}` });
      const post = await d.selectFrom('company_posts').select(['id', 'title', 'body']).where('status', '=', 'pending').where('title', 'like', '%<%').orderBy('id', 'desc').executeTakeFirst();
      if (post) expect((await editor.post(`/admin/posts/${post.id}/publish`, { title: post.title, body: post.body }, { csrfFrom: '/admin/posts' })).statusCode).toBe(303);

      for (const table of ['submissions', 'contact_messages', 'enterprise_applications', 'company_posts', 'articles', 'enterprises'] as const) {
        stats.payloadRows[table] = Number((await d.selectFrom(table).select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow()).n);
      }

      // Chromium, as an admin (who sees every back-office page).
      const page = live.browser.page;
      const base = live.base;
      await page.goto(`${base}/login`);
      await page.fill('#f-email', PEOPLE.admin.email);
      await page.fill('#f-password', PEOPLE.admin.password);
      await page.click('form.stack button[type="submit"]');
      await page.waitForURL(/\/admin/);
      const recent = async (table: 'submissions' | 'contact_messages' | 'enterprise_applications', k: number) => (await d.selectFrom(table).select('id').orderBy('id', 'desc').limit(k).execute()).map((r) => Number(r.id));
      const enterprises = (await d.selectFrom('enterprises').select('id').where('status', '=', 'active').orderBy('id', 'desc').limit(5).execute()).map((r) => Number(r.id));
      const urls = [
        '/admin',
        '/admin/tips',
        '/admin/inbox',
        '/admin/applications',
        '/admin/posts',
        '/admin/log',
        '/admin/articles',
        '/admin/users',
        '/admin/projects',
        ...(await recent('submissions', SHORT ? 25 : 60)).map((id) => `/admin/tips/${id}`),
        ...(await recent('contact_messages', SHORT ? 25 : 60)).map((id) => `/admin/inbox/${id}`),
        ...(await recent('enterprise_applications', SHORT ? 12 : 30)).map((id) => `/admin/applications/${id}`),
        ...published.flatMap((id) => [`/articles/${id}`, `/en/articles/${id}`, `/admin/articles/${id}/edit`, `/admin/articles/${id}/facts`]),
        ...enterprises.map((id) => `/enterprises/${id}`),
        '/',
        '/enterprises',
        '/track?code=' + encodeURIComponent(XSS[0]),
        '/search?q=' + encodeURIComponent(XSS[1]),
        '/search?q=' + encodeURIComponent('投稿'),
        '/projects?q=' + encodeURIComponent(XSS[2]),
      ];
      const traces: string[] = [];
      for (const u of urls) {
        const res = await page.goto(`${base}${u}`);
        stats.pages++;
        expect(res?.status() ?? 0, u).toBeLessThan(500);
        const seen = await page.evaluate(() => ({
          pwned: '__pwned' in window,
          marks: document.querySelectorAll('[data-pwn], iframe[srcdoc], base[href^="javascript"], meta[http-equiv="refresh"]').length,
          inlineScripts: [...document.querySelectorAll('script')].filter((s) => !s.src && s.type !== 'application/ld+json').length,
          jsLinks: [...document.querySelectorAll('a[href], form[action]')].filter((e) => /^\s*javascript:/i.test(e.getAttribute('href') ?? e.getAttribute('action') ?? '')).length,
        }));
        if (seen.pwned || seen.marks || seen.inlineScripts || seen.jsLinks) traces.push(`${u}: ${JSON.stringify(seen)}`);
      }
      // The payloads are there, as text (the test would prove nothing otherwise).
      await page.goto(`${base}/admin/tips`);
      expect(await page.locator('main').innerText()).toContain('<script>');
      await page.goto(`${base}/articles/${published[0]}`);
      expect(await page.locator('main').innerText()).toContain('pwn-');
      stats.dialogs = [...live.dialogs];
      stats.browserProblems = live.problems.filter((p) => /pageerror|Content Security Policy|Refused to/i.test(p));
      expect(traces, 'markup from stored payloads reached the DOM').toEqual([]);
      expect(live.dialogs, 'dialogs opened').toEqual([]);
      expect(stats.browserProblems, 'script errors or CSP refusals (a payload tried to run)').toEqual([]);
    },
    SHORT ? 90_000 : 300_000,
  );
});

// --- the results file -------------------------------------------------------------------------------

function writeResults(): void {
  if (!stats.started) return;
  const ms = stats.ms || Date.now() - stats.started;
  const lines = [
    `# Fuzz run — ${new Date().toISOString().slice(0, 10)}`,
    '',
    `\`npm run test:fuzz\` (test/fuzz/fuzz.test.ts): seeded requests over every form and API route via app.inject(), SQLite, then Chromium over the pages where stored data shows.`,
    '',
    '| | |',
    '|---|---|',
    `| seed (FUZZ_SEED) | ${SEED} |`,
    `| requests asked (FUZZ_REQUESTS) | ${REQUESTS}${process.env.FUZZ_REQUESTS ? '' : SHORT ? ' (short/CI size)' : ' (full size)'} |`,
    `| requests answered | ${stats.sent} |`,
    `| not sendable by the test client | ${stats.injectErrors} |`,
    `| duration of the request phase | ${(ms / 1000).toFixed(1)} s (${stats.sent ? ((ms / stats.sent) * 1000).toFixed(0) : 0} µs a request, checks included) |`,
    `| 5xx answers | **${stats.fiveXX.length}** |`,
    `| other failed checks | ${stats.failures.length - stats.fiveXX.length} |`,
    `| POSTs that stored something (accepted) | ${stats.accepted} |`,
    `| pages opened in Chromium | ${stats.pages} |`,
    `| dialogs / script errors in Chromium | ${stats.dialogs.length} / ${stats.browserProblems.length} |`,
    '',
    '## By status class',
    '',
    '| class | requests |',
    '|---|---:|',
    ...Object.entries(stats.byClass).sort().map(([k, v]) => `| ${k} | ${v} |`),
    '',
    '## By status',
    '',
    '| status | requests |',
    '|---|---:|',
    ...Object.entries(stats.byStatus).sort().map(([k, v]) => `| ${k} | ${v} |`),
    '',
    '## By route',
    '',
    '| route | requests | < 400 | 4xx | 5xx |',
    '|---|---:|---:|---:|---:|',
    ...Object.entries(stats.byRoute).sort((a, b) => b[1].n - a[1].n).map(([k, v]) => `| \`${k}\` | ${v.n} | ${v.ok} | ${v.s4} | ${v.s5} |`),
    '',
    '## Rows after the run (including the browser phase\'s payload forms)',
    '',
    ...Object.entries(stats.payloadRows).map(([k, v]) => `- ${k}: ${v}`),
    '',
    ...(stats.failures.length ? ['## Failures (first 50)', '', ...stats.failures.slice(0, 50).map((f) => `- ${f.replace(/\|/g, '\\|')}`), ''] : []),
  ];
  fs.mkdirSync(path.dirname(RESULTS), { recursive: true });
  fs.writeFileSync(RESULTS, `${lines.join('\n')}\n`);
}
