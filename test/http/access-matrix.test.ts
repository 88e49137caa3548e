// The access matrix: EVERY route of the app (read from its own route table, printRoutes) against
// every role — anonymous, a company user, an editor, an admin — checked against the explicit
// table below. A route the table does not list fails the test, so a new route cannot be forgotten.
// Then the defences around the gates: CSRF on every POST route, session fixation, login
// throttling counted in the database, and uploads that no guessable URL reaches.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { DEFAULT_MESSAGE } from '../../src/errors.js';
import { hashPassword } from '../../src/features/auth/passwords.js';
import { insertInvite, insertUser } from '../../src/features/auth/repository.js';
import { tokenHash } from '../../src/features/auth/session.js';
import { insertContactMessage } from '../../src/features/contact/repository.js';
import { insertEnterprise } from '../../src/features/enterprises/repository.js';
import { receiveTip } from '../../src/features/submissions/service.js';
import { usccCheckChar } from '../../src/forms/validators.js';
import { assetsDir } from '../../src/paths.js';
import { STORED_NAME_RE } from '../../src/uploads/store.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { FormClient } from '../helpers/client.js';
import { multipart, PDF_BYTES } from '../fuzz/generator.js';
import { idKind, parseRouteTree, type Method } from '../helpers/routes.js';

type Who = 'anonymous' | 'company' | 'editor' | 'admin';
const WHO: readonly Who[] = ['anonymous', 'company', 'editor', 'admin'];

/** Who may pass a route's gate. */
type Gate = 'public' | 'editors' | 'admins' | 'company';

/**
 * THE TABLE. Every (method, route pattern) the app registers, HEAD aside (Fastify adds it for
 * every GET, behind the same hooks). Hashed asset names are written with {hash} / {version}.
 *   public   everybody gets in
 *   editors  anonymous → 303 /login (GET) or 401 (POST); company → 403; editor, admin → in
 *   admins   anonymous → 303 /login or 401; company, editor → 403; admin → in
 *   company  anonymous → 303 /login or 401; editor, admin → 403; company → in
 */
const TABLE: Record<string, Gate> = {
  // the public site
  'GET /': 'public',
  'GET /articles/:id': 'public',
  'GET /regions': 'public',
  'GET /regions/:code': 'public',
  'GET /projects': 'public',
  'GET /projects/:id': 'public',
  'GET /stats': 'public',
  'GET /stats.csv': 'public',
  'GET /search': 'public',
  'GET /enterprises': 'public',
  'GET /enterprises/:id': 'public',
  'GET /rss.xml': 'public',
  'GET /atom.xml': 'public',
  'GET /regions/:code/rss.xml': 'public',
  'GET /sectors/:id/rss.xml': 'public',
  'GET /sitemap.xml': 'public',
  'GET /sitemaps/:file': 'public',
  'GET /robots.txt': 'public',
  'GET /healthz': 'public',
  'GET /favicon.svg': 'public',
  'GET /favicon.ico': 'public',
  'GET /assets/site.{hash}.css': 'public',
  'GET /assets/echarts-{version}.min.js': 'public',
  'GET /assets/stats.js': 'public',
  'GET /assets/maps/hunan.json': 'public',
  // forms anybody may send
  'GET /submit': 'public',
  'POST /submit': 'public',
  'GET /submit/done': 'public',
  'GET /track': 'public',
  'GET /contact': 'public',
  'POST /contact': 'public',
  'GET /contact/sent': 'public',
  'GET /join': 'public',
  'POST /join': 'public',
  'GET /join/done': 'public',
  'GET /login': 'public',
  'POST /login': 'public',
  'POST /logout': 'public',
  'GET /invite/:token': 'public',
  'POST /invite/:token': 'public',
  // the open API
  'GET /api/v1/articles': 'public',
  'GET /api/v1/articles/:id': 'public',
  'GET /api/v1/regions': 'public',
  'GET /api/v1/projects': 'public',
  'GET /api/v1/projects/:id': 'public',
  'GET /api/v1/projects.csv': 'public',
  'GET /api/v1/projects/export.json': 'public',
  'GET /api/v1/sectors': 'public',
  'GET /api/v1/stats': 'public',
  'GET /api/v1/search': 'public',
  'GET /api/v1/enterprises': 'public',
  'GET /api/v1/enterprises/:id': 'public',
  'GET /api/openapi.json': 'public',
  'GET /api/docs': 'public',
  // a company's own pages
  'GET /account': 'company',
  'POST /account': 'company',
  'GET /account/posts': 'company',
  'POST /account/posts': 'company',
  // the back office
  'GET /admin': 'editors',
  'GET /admin/tips': 'editors',
  'GET /admin/tips/:id': 'editors',
  'POST /admin/tips/:id/publish': 'editors',
  'POST /admin/tips/:id/reject': 'editors',
  'GET /admin/log': 'editors',
  'GET /admin/inbox': 'editors',
  'GET /admin/inbox/:id': 'editors',
  'POST /admin/inbox/:id/handled': 'editors',
  'GET /admin/applications': 'editors',
  'GET /admin/applications/:id': 'editors',
  'GET /admin/applications/:id/licence': 'editors',
  'POST /admin/applications/:id/approve': 'editors',
  'POST /admin/applications/:id/reject': 'editors',
  'GET /admin/posts': 'editors',
  'POST /admin/posts/:id/publish': 'editors',
  'POST /admin/posts/:id/reject': 'editors',
  'GET /admin/articles': 'editors',
  'GET /admin/articles/new': 'editors',
  'POST /admin/articles': 'editors',
  'GET /admin/articles/:id/edit': 'editors',
  'POST /admin/articles/:id': 'editors',
  'POST /admin/articles/:id/publish': 'editors',
  'POST /admin/articles/:id/unpublish': 'editors',
  'GET /admin/articles/:id/facts': 'editors',
  'POST /admin/articles/:id/facts': 'editors',
  'GET /admin/projects': 'editors',
  'POST /admin/projects/stranded/drop': 'editors',
  'GET /admin/projects/:id': 'editors',
  'POST /admin/projects/:id': 'editors',
  'POST /admin/projects/:id/reset': 'editors',
  'POST /admin/projects/:id/unmerge': 'editors',
  // accounts: admins only
  'GET /admin/users': 'admins',
  'POST /admin/users': 'admins',
  'POST /admin/users/:id': 'admins',
};

type Outcome = 'in' | 'login' | 'deny';
const OUTCOMES: Record<Gate, Record<Who, Outcome>> = {
  public: { anonymous: 'in', company: 'in', editor: 'in', admin: 'in' },
  editors: { anonymous: 'login', company: 'deny', editor: 'in', admin: 'in' },
  admins: { anonymous: 'login', company: 'deny', editor: 'deny', admin: 'in' },
  company: { anonymous: 'login', company: 'in', editor: 'deny', admin: 'deny' },
};

// --- the route table, as the app reports it ------------------------------------------------------


/** The table's spelling of a path: content hashes and versions become placeholders. */
function tableKey(method: string, p: string): string {
  return `${method} ${p.replace(/^\/assets\/site\.[0-9a-f]+\.css$/, '/assets/site.{hash}.css').replace(/^\/assets\/echarts-[0-9.]+\.min\.js$/, '/assets/echarts-{version}.min.js')}`;
}

const t: TestApp = await buildTestApp();
const db = t.runtime.database.db;
const ROUTES = parseRouteTree(t.app.printRoutes({ commonPrefix: false }));
/** Every (method, concrete path) the app serves, HEAD left out. */
const SERVED = ROUTES.flatMap((r) => r.methods.filter((m) => m !== 'HEAD').map((m) => ({ method: m, path: r.path, key: tableKey(m, r.path) }))).sort((a, b) => a.key.localeCompare(b.key));
const GETS = SERVED.filter((r) => r.method === 'GET' && TABLE[r.key]);
const POSTS = SERVED.filter((r) => r.method === 'POST' && TABLE[r.key]);

// --- people and data -----------------------------------------------------------------------------

const PEOPLE = {
  company: { email: 'matrix-company@example.org', password: 'matrix-company-password', ip: '10.41.0.2' },
  editor: { email: 'matrix-editor@example.org', password: 'matrix-editor-password', ip: '10.41.0.3' },
  admin: { email: 'matrix-admin@example.org', password: 'matrix-admin-password', ip: '10.41.0.4' },
} as const;
const clients = {} as Record<Who, FormClient>;
const CSRF_PAGE: Record<Who, string> = { anonymous: '/login', company: '/account', editor: '/admin', admin: '/admin' };
let ipCounter = 10;
const nextIp = () => `10.42.${Math.floor(ipCounter / 250)}.${(ipCounter++ % 250) + 1}`;

async function login(who: Exclude<Who, 'anonymous'>, ip = nextIp()): Promise<FormClient> {
  const c = new FormClient(t.app, ip);
  const res = await c.post('/login', { email: PEOPLE[who].email, password: PEOPLE[who].password });
  expect(res.statusCode, `login as ${who}`).toBe(303);
  return c;
}

/** Real ids from the demo data and rows made for this test, by the kind of thing a :param names. */
const ids: Record<string, string> = {};
const uscc = (n: number) => {
  const first17 = `91430100MA4T${String(n).padStart(5, '0')}`;
  return first17 + usccCheckChar(first17);
};

function application(n: number): Record<string, string> {
  return {
    company_name: `湖南矩阵测试有限公司${n}`,
    uscc: uscc(n),
    industry: 'new-materials',
    region: '430100',
    address: '长沙市岳麓区测试路 1 号',
    contact_person: '测试',
    mobile: '13900139002',
    email: `matrix-apply-${n}@example.org`,
    description: '一家用来检查访问控制矩阵的企业。',
  };
}

/** POST /join as a browser would: the CSRF token first, then the fields, then the file. */
async function join(c: FormClient, fields: Record<string, string>, file: { filename: string; contentType: string; data: Buffer }, csrf?: string | null): Promise<LightMyRequestResponse> {
  const page = await c.get('/join');
  const token = csrf === undefined ? FormClient.csrf(page.body) : csrf;
  const m = multipart([...(token !== null ? [{ name: '_csrf', value: token }] : []), ...Object.entries(fields).map(([name, value]) => ({ name, value })), { name: 'licence', ...file }]);
  return t.app.inject({ method: 'POST', url: '/join', payload: m.body, headers: { 'content-type': m.contentType, cookie: `_csrf=${c.cookie('_csrf') ?? ''}` }, remoteAddress: c.ip });
}

function urlFor(pattern: string): string {
  const url = pattern.replace(/:(\w+)/g, (_, name: string) => {
    const v = ids[idKind(pattern, name)];
    if (v === undefined) throw new Error(`no id for :${name} in ${pattern}`);
    return encodeURIComponent(v);
  });
  return url + (QUERY[pattern] ?? '');
}

/** Routes that need a query to answer 200. */
const QUERY: Record<string, string> = { '/api/v1/search': '?q=%E9%95%BF%E6%B2%99', '/search': '?q=%E9%95%BF%E6%B2%99' };

async function send(who: Who, method: Method, url: string, c: FormClient = clients[who]): Promise<LightMyRequestResponse> {
  if (method === 'GET') return c.get(url);
  if (method === 'POST') return c.post(url, {}, { csrfFrom: CSRF_PAGE[who] });
  const cookie = ['zs_session', '_csrf'].flatMap((k) => (c.cookie(k) ? [`${k}=${c.cookie(k)}`] : [])).join('; ');
  return t.app.inject({ method, url, headers: { cookie }, remoteAddress: c.ip });
}

const show = (res: LightMyRequestResponse) => `${res.statusCode}${res.headers.location ? ` → ${String(res.headers.location)}` : ''}`;

/** Every row of the tables a write could touch, as one string: equal before and after means nothing was stored or changed. */
const WATCHED = ['articles', 'submissions', 'contact_messages', 'enterprise_applications', 'enterprises', 'company_posts', 'users', 'invites', 'moderation_log', 'fact_corrections', 'project_overrides', 'projects', 'site_state'] as const;
async function snapshot(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of WATCHED) {
    const rows = (await db.selectFrom(table as 'articles').selectAll().execute()) as Record<string, unknown>[];
    out[table] = rows
      .map((r) => JSON.stringify(Object.entries(r).filter(([k]) => k !== 'last_login_at' && k !== 'last_seen_at')))
      .sort()
      .join('\n');
  }
  return out;
}
const uploadsOnDisk = () => (fs.existsSync(t.config.uploadDir) ? fs.readdirSync(t.config.uploadDir).sort() : []);

beforeAll(async () => {
  const enterpriseId = await insertEnterprise(db, {
    name: '湖南矩阵企业有限公司',
    uscc: uscc(1),
    industry: 'new-materials',
    region_code: '430100',
    address: '长沙市岳麓区测试路 2 号',
    description: '访问控制矩阵用的企业。',
    contact_person: '测试',
    mobile: '13900139003',
    email: PEOPLE.company.email,
    website: null,
  });
  await insertUser(db, { email: PEOPLE.company.email, passwordHash: await hashPassword(PEOPLE.company.password), role: 'company', name: '企业用户', enterpriseId });
  await insertUser(db, { email: PEOPLE.editor.email, passwordHash: await hashPassword(PEOPLE.editor.password), role: 'editor', name: '编辑' });
  await insertUser(db, { email: PEOPLE.admin.email, passwordHash: await hashPassword(PEOPLE.admin.password), role: 'admin', name: '管理员' });
  const victim = await insertUser(db, { email: 'matrix-victim@example.org', passwordHash: await hashPassword('matrix-victim-password'), role: 'editor', name: '被改的人' });
  clients.anonymous = new FormClient(t.app, '10.41.0.1');
  clients.company = await login('company', PEOPLE.company.ip);
  clients.editor = await login('editor', PEOPLE.editor.ip);
  clients.admin = await login('admin', PEOPLE.admin.ip);

  const article = await db.selectFrom('articles').select('id').where('status', '=', 'published').orderBy('id').executeTakeFirstOrThrow();
  const projects = (await t.app.inject({ method: 'GET', url: '/api/v1/projects?pageSize=1' })).json() as { items: { id: number }[] };
  const sitemap = (await t.app.inject({ method: 'GET', url: '/sitemap.xml' })).body;
  await receiveTip(db, { title: '矩阵测试投稿', region: '430100', body: '长沙市某园区签约一个新材料项目，总投资一亿元。', source_url: '', name: '投稿人', contact: 'tipper@example.org' });
  const tip = await db.selectFrom('submissions').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow();
  const message = await insertContactMessage(db, { name: '留言人', organization: '', contact: 'writer@example.org', subject: '矩阵测试留言', message: '想了解入驻条件。' });
  const applied = await join(new FormClient(t.app, nextIp()), application(2), { filename: 'licence.pdf', contentType: 'application/pdf', data: PDF_BYTES });
  expect(applied.statusCode, applied.body.slice(0, 300)).toBe(303);
  const app = await db.selectFrom('enterprise_applications').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow();
  const posted = await clients.company.post('/account/posts', { kind: 'news', title: '矩阵测试动态', body: '本公司新建一条生产线，欢迎合作。' });
  expect(posted.statusCode, posted.body.slice(0, 300)).toBe(303);
  const post = await db.selectFrom('company_posts').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow();
  const invited = await insertUser(db, { email: 'matrix-invited@example.org', passwordHash: null, role: 'editor', name: '待激活', status: 'invited' });
  const token = randomBytes(32).toString('base64url');
  await insertInvite(db, tokenHash(token), invited, new Date(Date.now() + 3_600_000).toISOString());

  Object.assign(ids, {
    article: String(article.id),
    project: String(projects.items[0]?.id ?? 1),
    enterprise: String(enterpriseId),
    region: '430100',
    sector: 'new-materials',
    sitemap: /\/sitemaps\/([^<\s]+)/.exec(sitemap)?.[1] ?? 'articles-1.xml',
    tip: String(tip.id),
    message: String(message),
    application: String(app.id),
    post: String(post.id),
    victim: String(victim),
    token,
  });
});

afterAll(async () => {
  await t.close();
});

// --- the matrix -----------------------------------------------------------------------------------

describe('the route table', () => {
  it('every route the app serves is in the table, and every table row is a route', () => {
    const served = new Set(SERVED.map((r) => r.key));
    const missing = [...served].filter((k) => !(k in TABLE));
    const stale = Object.keys(TABLE).filter((k) => !served.has(k));
    expect(missing, `routes with no row in the access table of test/http/access-matrix.test.ts — add them with their roles:\n${missing.join('\n')}`).toEqual([]);
    expect(stale, 'rows of the access table that are no route of the app').toEqual([]);
    // The parser read the tree right: each route is one the router knows.
    for (const r of ROUTES) for (const m of r.methods) expect(t.app.hasRoute({ method: m, url: r.path }), `${m} ${r.path}`).toBe(true);
    // HEAD only ever as GET's twin (same hooks, same gate).
    for (const r of ROUTES) if (r.methods.includes('HEAD')) expect(r.methods, r.path).toContain('GET');
    expect(SERVED.length).toBeGreaterThan(80);
  });
});

function expectOutcome(who: Who, method: Method, url: string, res: LightMyRequestResponse, outcome: Outcome): void {
  const what = `${who} ${method} ${url}: ${show(res)}`;
  expect(res.statusCode, what).toBeLessThan(500);
  const location = String(res.headers.location ?? '');
  if (outcome === 'login') {
    if (method === 'GET' || method === 'HEAD') {
      expect(res.statusCode, what).toBe(303);
      expect(location, what).toBe(`/login?next=${encodeURIComponent(url)}`);
    } else {
      expect(res.statusCode, what).toBe(401);
      expect(res.body, what).toContain(DEFAULT_MESSAGE.unauthorized);
    }
  } else if (outcome === 'deny') {
    expect(res.statusCode, what).toBe(403);
    if (method !== 'HEAD') {
      expect(res.body, what).toContain(DEFAULT_MESSAGE.forbidden);
      expect(res.body, what).not.toContain(DEFAULT_MESSAGE.csrf);
    }
  } else {
    // In: the page itself (2xx), or its own redirect — never to the login, never a refusal.
    expect(location, what).not.toMatch(/^\/login/);
    if (method === 'GET') {
      expect(res.statusCode, what).toBeLessThan(400);
    } else {
      // An empty form past the gate: the handler answers (400 with the form's errors, 303, 409…).
      expect([401, 403, 429], what).not.toContain(res.statusCode);
    }
  }
}

describe.each(GETS)('$key', (route) => {
  const gate = TABLE[route.key] as Gate;
  it.each(WHO)('%s', async (who) => {
    const url = urlFor(route.path);
    const res = await send(who, 'GET', url);
    expectOutcome(who, 'GET', url, res, OUTCOMES[gate][who]);
    // HEAD behind the same gate.
    const head = await send(who, 'HEAD', url);
    expectOutcome(who, 'HEAD', url, head, OUTCOMES[gate][who] === 'in' ? 'in' : OUTCOMES[gate][who]);
    if (OUTCOMES[gate][who] === 'login') {
      // The router ignores a trailing slash: that spelling is guarded too.
      const slash = await send(who, 'GET', `${url}/`);
      expect(slash.statusCode, `${url}/`).toBe(303);
      expect(String(slash.headers.location)).toMatch(/^\/login\?next=/);
    }
  });
});

describe.each(POSTS)('$key', (route) => {
  const gate = TABLE[route.key] as Gate;
  const refused = WHO.filter((w) => OUTCOMES[gate][w] !== 'in');
  const allowed = WHO.filter((w) => OUTCOMES[gate][w] === 'in');

  if (refused.length) {
    it(`refused to ${refused.join(', ')} (with a valid CSRF token) before any write`, async () => {
      const url = urlFor(route.path);
      const before = await snapshot();
      for (const who of refused) expectOutcome(who, 'POST', url, await send(who, 'POST', url), OUTCOMES[gate][who]);
      expect(await snapshot()).toEqual(before);
    });
  }

  it(`let in: ${allowed.join(', ')}`, async () => {
    const url = urlFor(route.path);
    for (const who of allowed) {
      // Logging out, or logging in anew, must not end the shared sessions: a session of its own.
      const own = route.path === '/logout' && who !== 'anonymous' ? await login(who) : clients[who];
      const res = await send(who, 'POST', url, own);
      if (route.path === '/login') {
        // An empty login form: the login page with its message (401), not a gate.
        expect(res.statusCode, `${who} POST /login: ${show(res)}`).toBe(401);
        continue;
      }
      expectOutcome(who, 'POST', url, res, 'in');
    }
  });
});

// --- CSRF on every POST route ----------------------------------------------------------------------

/** Bodies that would be accepted with a token: so a missing check would show as a stored row. */
function validBody(p: string): Record<string, string> {
  switch (p) {
    case '/submit':
      return { title: '没有令牌的投稿', region: '430100', body: '这是一条没有带 CSRF 令牌的投稿，不能被保存下来。', name: '某人', contact: 'csrf@example.org' };
    case '/contact':
      return { name: '某人', contact: 'csrf@example.org', subject: '没有令牌', message: '这条留言不能被保存。' };
    case '/login':
      return { email: PEOPLE.editor.email, password: PEOPLE.editor.password };
    case '/invite/:token':
      return { password: 'a-good-password-for-csrf' };
    case '/account':
      return { address: '被篡改的地址 99 号', contact_person: '篡改', mobile: '13900139999', email: 'evil@example.org', description: '被跨站请求篡改的简介内容。' };
    case '/account/posts':
      return { kind: 'news', title: '跨站动态', body: '这条动态不能被保存下来。' };
    case '/admin/tips/:id/publish':
      return { title: '跨站发布', region: '430100', body: '跨站请求发布的正文。' };
    case '/admin/tips/:id/reject':
    case '/admin/applications/:id/reject':
    case '/admin/posts/:id/reject':
      return { reason: '跨站请求' };
    case '/admin/posts/:id/publish':
      return { title: '跨站发布', body: '跨站请求发布的内容。' };
    case '/admin/articles':
      return { title: '跨站文章', region: '430100', date: '2026-01-01', body: '跨站请求写入的文章正文，不能保存。' };
    case '/admin/users':
      return { email: 'csrf-new-admin@example.org', name: '跨站管理员', role: 'admin', password: 'csrf-admin-password-1' };
    case '/admin/users/:id':
      return { role: 'admin' };
    default:
      return {};
  }
}

describe('CSRF: every POST route refuses a missing, forged or foreign token (403) and stores nothing', () => {
  it.each(POSTS.map((r) => r.path))('POST %s', async (p) => {
    const gate = TABLE[`POST ${p}`] as Gate;
    const who = WHO.find((w) => OUTCOMES[gate][w] === 'in') ?? 'anonymous';
    // Anonymous: a client of its own, so the per-IP form limits are not what answers.
    const c = who === 'anonymous' ? new FormClient(t.app, nextIp()) : clients[who];
    const url = urlFor(p);
    await c.get(CSRF_PAGE[who]); // the client has its CSRF secret cookie
    const foreign = new FormClient(t.app, nextIp());
    const foreignToken = FormClient.csrf((await foreign.get('/login')).body);
    const before = await snapshot();
    const files = uploadsOnDisk();
    for (const [label, token] of [['none', null], ['forged', 'forged-token'], ['empty', ''], ["another client's", foreignToken]] as const) {
      let res: LightMyRequestResponse;
      if (p === '/join') {
        res = await join(c, application(900), { filename: 'licence.pdf', contentType: 'application/pdf', data: PDF_BYTES }, token);
      } else {
        res = await c.post(url, token === null ? validBody(p) : { ...validBody(p), _csrf: token }, { noCsrf: true });
      }
      expect(res.statusCode, `${label} token, ${who} POST ${url}: ${show(res)}`).toBe(403);
      expect(res.body).toContain(DEFAULT_MESSAGE.csrf);
      expect(sessionCookie(res), 'no session started').toBeUndefined();
    }
    expect(await snapshot()).toEqual(before);
    expect(uploadsOnDisk()).toEqual(files);
  });
});

// --- sessions ---------------------------------------------------------------------------------------

const sessionCookie = (res: LightMyRequestResponse): string | undefined => {
  const set = res.headers['set-cookie'];
  const line = (Array.isArray(set) ? set : set ? [set] : []).find((c) => c.startsWith('zs_session='));
  return line ? line.split(';')[0]?.slice('zs_session='.length) : undefined;
};
const asSession = (token: string, url = '/admin') => t.app.inject({ method: 'GET', url, headers: { cookie: `zs_session=${token}` }, remoteAddress: nextIp() });

describe('session fixation', () => {
  it('a session cookie planted before login is replaced at login and never works', async () => {
    const planted = randomBytes(32).toString('base64url');
    const c = new FormClient(t.app, nextIp());
    const token = FormClient.csrf((await c.get('/login')).body);
    const res = await t.app.inject({
      method: 'POST',
      url: '/login',
      payload: new URLSearchParams({ email: PEOPLE.editor.email, password: PEOPLE.editor.password, _csrf: token }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `_csrf=${c.cookie('_csrf') ?? ''}; zs_session=${planted}` },
      remoteAddress: c.ip,
    });
    expect(res.statusCode).toBe(303);
    const issued = sessionCookie(res);
    expect(issued).toBeDefined();
    expect(issued).not.toBe(planted);
    expect((await asSession(planted)).statusCode).toBe(303);
    expect((await asSession(issued ?? '')).statusCode).toBe(200);
    const set = String(([] as string[]).concat(res.headers['set-cookie'] ?? []).find((l) => l.startsWith('zs_session=')));
    expect(set).toMatch(/HttpOnly/i);
    expect(set).toMatch(/SameSite=Lax/i);
    expect(set).toMatch(/Path=\//);
  });

  it('logging in again gives a new session and ends the old one; logging out ends it too', async () => {
    const c = await login('editor');
    const first = c.cookie('zs_session') ?? '';
    expect((await asSession(first)).statusCode).toBe(200);
    const again = await c.post('/login', { email: PEOPLE.editor.email, password: PEOPLE.editor.password });
    expect(again.statusCode).toBe(303);
    const second = c.cookie('zs_session') ?? '';
    expect(second).not.toBe(first);
    expect((await asSession(first)).statusCode, 'the old session no longer works').toBe(303);
    expect(await db.selectFrom('sessions').select('id').where('id', '=', tokenHash(first)).executeTakeFirst()).toBeUndefined();
    expect((await asSession(second)).statusCode).toBe(200);
    // Only the hash is stored: the cookie value itself is not a key in the table.
    expect(await db.selectFrom('sessions').select('id').where('id', '=', second).executeTakeFirst()).toBeUndefined();
    const out = await c.post('/logout', {}, { csrfFrom: '/admin' });
    expect(out.statusCode).toBe(303);
    expect((await asSession(second)).statusCode, 'logged out').toBe(303);
  });

  it('a session of a disabled account stops working at once', async () => {
    const email = 'matrix-disabled@example.org';
    await insertUser(db, { email, passwordHash: await hashPassword('matrix-disabled-password'), role: 'editor', name: '将停用' });
    const c = new FormClient(t.app, nextIp());
    expect((await c.post('/login', { email, password: 'matrix-disabled-password' })).statusCode).toBe(303);
    expect((await c.get('/admin')).statusCode).toBe(200);
    await db.updateTable('users').set({ status: 'disabled' }).where('email', '=', email).execute();
    expect((await c.get('/admin')).statusCode).toBe(303);
  });
});

// --- login throttling ----------------------------------------------------------------------------

describe('login throttling, counted in the database', () => {
  const failuresFor = async (column: 'email' | 'ip', value: string) => Number((await db.selectFrom('login_failures').select((eb) => eb.fn.countAll<number | string>().as('n')).where(column, '=', value).executeTakeFirstOrThrow()).n);

  it('per account: after five wrong passwords from five addresses, even the right one is refused (429)', async () => {
    const email = 'matrix-throttle-a@example.org';
    const password = 'matrix-throttle-a-password';
    await insertUser(db, { email, passwordHash: await hashPassword(password), role: 'editor', name: '限流甲' });
    for (let i = 0; i < 5; i++) {
      const res = await new FormClient(t.app, nextIp()).post('/login', { email, password: `wrong-${i}` });
      expect(res.statusCode, `attempt ${i + 1}`).toBe(401);
    }
    expect(await failuresFor('email', email)).toBe(5);
    const right = await new FormClient(t.app, nextIp()).post('/login', { email, password });
    expect(right.statusCode).toBe(429);
    expect(right.headers['retry-after']).toBe('900');
    expect(sessionCookie(right)).toBeUndefined();
    expect(await failuresFor('email', email)).toBe(6);
  });

  it('per IP: twenty failures recorded for an address (by any instance) lock that address, not others', async () => {
    const email = 'matrix-throttle-b@example.org';
    const password = 'matrix-throttle-b-password';
    await insertUser(db, { email, passwordHash: await hashPassword(password), role: 'editor', name: '限流乙' });
    const ip = nextIp();
    const now = new Date().toISOString();
    // Rows another instance wrote: the count is the database's, not this process's memory.
    await db.insertInto('login_failures').values(Array.from({ length: 20 }, (_, i) => ({ email: `guess-${i}@example.org`, ip, at: now }))).execute();
    const locked = await new FormClient(t.app, ip).post('/login', { email, password });
    expect(locked.statusCode).toBe(429);
    expect(await failuresFor('ip', ip)).toBe(21);
    const elsewhere = await new FormClient(t.app, nextIp()).post('/login', { email, password });
    expect(elsewhere.statusCode).toBe(303);
  });

  it('per IP over HTTP: guessing many accounts from one address ends in 429', async () => {
    const c = new FormClient(t.app, nextIp());
    const token = FormClient.csrf((await c.get('/login')).body);
    const codes: number[] = [];
    for (let i = 0; i < 22; i++) codes.push((await c.post('/login', { email: `nobody-${i}@example.org`, password: 'x', _csrf: token })).statusCode);
    expect(codes.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(codes.at(-1)).toBe(429);
  });
});

// --- uploads ------------------------------------------------------------------------------------------

describe('uploads: no guessable URL reaches them', () => {
  it('stored under a random name outside any public folder, whatever the sender named or declared', async () => {
    const before = new Set(uploadsOnDisk());
    const res = await join(new FormClient(t.app, nextIp()), application(3), { filename: '../../etc/passwd.pdf', contentType: 'image/png', data: PDF_BYTES });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(303);
    const row = await db.selectFrom('enterprise_applications').select(['id', 'licence_file', 'licence_mime']).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(row.licence_file).toMatch(STORED_NAME_RE);
    expect(row.licence_mime, 'the type judged by the content, not the declared image/png').toBe('application/pdf');
    const added = uploadsOnDisk().filter((f) => !before.has(f));
    expect(added).toEqual([row.licence_file]);
    expect(fs.readFileSync(path.join(t.config.uploadDir, row.licence_file)).equals(PDF_BYTES)).toBe(true);
    // Same bytes again: another random name.
    await join(new FormClient(t.app, nextIp()), application(4), { filename: 'licence.pdf', contentType: 'application/pdf', data: PDF_BYTES });
    const second = await db.selectFrom('enterprise_applications').select('licence_file').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(second.licence_file).not.toBe(row.licence_file);
    // The folder is no folder the app serves from.
    const dir = path.resolve(t.config.uploadDir);
    expect(dir.startsWith(path.resolve(assetsDir))).toBe(false);
    expect(fs.readdirSync(dir).some((f) => f.includes('passwd'))).toBe(false);
  });

  it('the licence download is for editors only, as an attachment; the stored name is never shown', async () => {
    const row = await db.selectFrom('enterprise_applications').select(['id', 'licence_file']).orderBy('id', 'desc').executeTakeFirstOrThrow();
    const url = `/admin/applications/${row.id}/licence`;
    const anon = await clients.anonymous.get(url);
    expect(anon.statusCode).toBe(303);
    expect((await clients.company.get(url)).statusCode).toBe(403);
    for (const who of ['editor', 'admin'] as const) {
      const res = await clients[who].get(url);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(String(res.headers['content-disposition'])).toMatch(/^attachment; filename="licence-\d+\.pdf"$/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.rawPayload.equals(PDF_BYTES)).toBe(true);
    }
    const detail = await clients.editor.get(`/admin/applications/${row.id}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.body).not.toContain(row.licence_file);
    expect(detail.body).not.toContain(row.licence_file.slice(0, 32));
  });

  it('no static path serves the upload folder, for anybody', async () => {
    const row = await db.selectFrom('enterprise_applications').select(['id', 'licence_file']).orderBy('id', 'desc').executeTakeFirstOrThrow();
    const name = row.licence_file;
    const guesses = [
      `/uploads/${name}`,
      `/data/uploads/${name}`,
      `/${name}`,
      `/assets/${name}`,
      `/assets/../data/uploads/${name}`,
      `/assets/%2e%2e/data/uploads/${name}`,
      `/admin/uploads/${name}`,
      `/admin/applications/${name}`,
      `/admin/applications/${row.id}/licence/${name}`,
      `/admin/applications/${row.id}/licence?file=../../etc/passwd`,
      `/admin/applications/..%2f..%2fetc%2fpasswd/licence`,
      `/uploads/`,
      `/uploads`,
    ];
    for (const who of WHO) {
      for (const url of guesses) {
        const res = await clients[who].get(url);
        const what = `${who} GET ${url}: ${show(res)}`;
        expect(res.statusCode, what).toBeLessThan(500);
        if (url.includes('?file=') && (who === 'editor' || who === 'admin')) {
          // The real download with a junk query: still this application's own file, never another.
          expect(res.rawPayload.equals(PDF_BYTES), what).toBe(true);
          continue;
        }
        expect(res.statusCode, what).not.toBe(200);
        expect(res.body, what).not.toContain('%PDF-');
      }
    }
  });
});
