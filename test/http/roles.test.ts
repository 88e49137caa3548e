// Roles, route by route, generated from the app's own route table: every route under /admin or
// /account that the app registers is in the matrix, so a new route cannot be forgotten.
//   anonymous  GET → 303 to /login?next=…; HEAD/POST → refused (never 2xx); 200 nowhere
//   company    every /admin route → 403 (the role guard, not CSRF); GET /account, /account/posts → 200
//   editor     /admin/users… → 403; /account… → 403; the other /admin pages open
//   admin      /admin/users… → not 403; /account… → 403 (an admin has no company)
// POSTs carry a valid CSRF token, so it is the role guard that answers, not the CSRF check.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { DEFAULT_MESSAGE } from '../../src/errors.js';
import { hashPassword } from '../../src/features/auth/passwords.js';
import { insertUser } from '../../src/features/auth/repository.js';
import { insertEnterprise } from '../../src/features/enterprises/repository.js';
import { usccCheckChar } from '../../src/forms/validators.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { FormClient } from '../helpers/client.js';
import { parseRouteTree, type Method } from '../helpers/routes.js';


/** A concrete URL for a route pattern: every :param gets a real-looking value. */
function urlFor(pattern: string): string {
  const values: Record<string, string> = { id: '1', token: 'Zk3pQ9wX2mL7vB4nR8tY1cH6jD5sF0gA-_eUoIiKq', code: '430100' };
  return pattern.replace(/:(\w+)/g, (_, name: string) => values[name] ?? '1');
}

const t: TestApp = await buildTestApp();
const TREE = t.app.printRoutes({ commonPrefix: false });
const ALL_ROUTES = parseRouteTree(TREE);
const GUARDED = ALL_ROUTES.filter((r) => /^\/(admin|account)(\/|$)/.test(r.path)).sort((a, b) => a.path.localeCompare(b.path));
const isUsers = (p: string) => /^\/admin\/users(\/|$)/.test(p);
const isAccount = (p: string) => /^\/account(\/|$)/.test(p);

const PEOPLE = {
  company: { email: 'roles-company@example.org', password: 'roles-company-password', ip: '10.31.0.2' },
  editor: { email: 'roles-editor@example.org', password: 'roles-editor-password', ip: '10.31.0.3' },
  admin: { email: 'roles-admin@example.org', password: 'roles-admin-password', ip: '10.31.0.4' },
} as const;
type Who = keyof typeof PEOPLE;
const clients = {} as Record<Who | 'anonymous', FormClient>;

/** Where each signed-in client can fetch a form to take a CSRF token from. */
const CSRF_PAGE: Record<Who | 'anonymous', string> = { anonymous: '/login', company: '/account', editor: '/admin', admin: '/admin' };

async function request(who: Who | 'anonymous', method: Method, url: string): Promise<LightMyRequestResponse> {
  const c = clients[who];
  if (method === 'GET') return c.get(url);
  if (method === 'POST') return c.post(url, {}, { csrfFrom: CSRF_PAGE[who] });
  // HEAD and anything else: the client's cookies by hand.
  const cookie = ['zs_session', '_csrf'].flatMap((k) => (c.cookie(k) ? [`${k}=${c.cookie(k)}`] : [])).join('; ');
  return t.app.inject({ method, url, headers: { cookie }, remoteAddress: c.ip });
}

const describeRes = (res: LightMyRequestResponse) => `${res.statusCode}${res.headers.location ? ` → ${String(res.headers.location)}` : ''}`;

beforeAll(async () => {
  const db = t.runtime.database.db;
  const first17 = '91430100MA4R00001';
  const enterpriseId = await insertEnterprise(db, {
    name: '湖南角色测试有限公司',
    uscc: first17 + usccCheckChar(first17),
    industry: 'new-materials',
    region_code: '430100',
    address: '长沙市岳麓区测试路 1 号',
    description: '用来检查每个后台和企业路由的角色限制。',
    contact_person: '测试',
    mobile: '13900139001',
    email: PEOPLE.company.email,
    website: null,
  });
  await insertUser(db, { email: PEOPLE.company.email, passwordHash: await hashPassword(PEOPLE.company.password), role: 'company', name: '企业用户', enterpriseId });
  await insertUser(db, { email: PEOPLE.editor.email, passwordHash: await hashPassword(PEOPLE.editor.password), role: 'editor', name: '编辑' });
  await insertUser(db, { email: PEOPLE.admin.email, passwordHash: await hashPassword(PEOPLE.admin.password), role: 'admin', name: '管理员' });
  clients.anonymous = new FormClient(t.app, '10.31.0.1');
  for (const who of Object.keys(PEOPLE) as Who[]) {
    const c = new FormClient(t.app, PEOPLE[who].ip);
    const res = await c.post('/login', { email: PEOPLE[who].email, password: PEOPLE[who].password });
    expect(res.statusCode, `login as ${who}`).toBe(303);
    expect(c.cookie('zs_session'), `session of ${who}`).toBeDefined();
    clients[who] = c;
  }
});

afterAll(async () => {
  await t.close();
});

describe('the route table', () => {
  it('has routes under /admin and /account, each a real route of the app', () => {
    console.log(`routes under /admin and /account (${GUARDED.length}):\n${GUARDED.map((r) => `  ${r.methods.join(',').padEnd(15)} ${r.path}`).join('\n')}`);
    expect(GUARDED.length).toBeGreaterThan(0);
    // The parser read the tree right: each (method, path) is one the router knows…
    for (const r of ALL_ROUTES) for (const method of r.methods) expect(t.app.hasRoute({ method, url: r.path }), `${method} ${r.path}`).toBe(true);
    // …and the ones this matrix is about are among them.
    const has = (method: Method, path: string) => GUARDED.some((r) => r.path === path && r.methods.includes(method));
    for (const [method, path] of [
      ['GET', '/admin'],
      ['GET', '/admin/users'],
      ['POST', '/admin/users'],
      ['POST', '/admin/users/:id'],
      ['GET', '/admin/applications/:id/licence'],
      ['POST', '/admin/posts/:id/publish'],
      ['GET', '/account'],
      ['POST', '/account'],
      ['GET', '/account/posts'],
      ['POST', '/account/posts'],
    ] as const) {
      expect(has(method, path), `${method} ${path} found in printRoutes`).toBe(true);
    }
    // Public routes are not in the matrix.
    expect(GUARDED.some((r) => r.path === '/login' || r.path.startsWith('/enterprises'))).toBe(false);
  });
});

describe.each(GUARDED)('$path', (route) => {
  const url = urlFor(route.path);

  it.each(route.methods)('%s: anonymous is sent to log in or refused, never served', async (method) => {
    const res = await request('anonymous', method, url);
    expect(res.statusCode, `${method} ${url}: ${describeRes(res)}`).not.toBe(200);
    expect(res.statusCode, `${method} ${url}: ${describeRes(res)}`).not.toBeLessThan(300);
    if (method === 'GET') {
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe(`/login?next=${encodeURIComponent(url)}`);
      // The router ignores a trailing slash: that spelling is guarded too.
      const slash = await request('anonymous', 'GET', `${url}/`);
      expect(slash.statusCode, `GET ${url}/: ${describeRes(slash)}`).toBe(303);
      expect(String(slash.headers.location)).toMatch(/^\/login\?next=/);
    } else if (method === 'POST') {
      // With a valid CSRF token the role guard itself answers: 401.
      expect(res.statusCode, `${method} ${url}: ${describeRes(res)}`).toBe(401);
      // Without one, the CSRF check refuses first.
      const bare = await clients.anonymous.post(url, {}, { noCsrf: true });
      expect([401, 403, 404], `POST ${url} without a token: ${describeRes(bare)}`).toContain(bare.statusCode);
    } else {
      expect([303, 401, 403, 404], `${method} ${url}: ${describeRes(res)}`).toContain(res.statusCode);
    }
  });

  if (route.path.startsWith('/admin')) {
    it.each(route.methods)('%s: a company user gets 403 from the role guard', async (method) => {
      const res = await request('company', method, url);
      expect(res.statusCode, `${method} ${url}: ${describeRes(res)}`).toBe(403);
      if (method !== 'HEAD') {
        expect(res.body).toContain(DEFAULT_MESSAGE.forbidden);
        expect(res.body).not.toContain(DEFAULT_MESSAGE.csrf);
      }
    });
  }

  if (isUsers(route.path)) {
    it.each(route.methods)('%s: an editor gets 403; an admin does not', async (method) => {
      const editor = await request('editor', method, url);
      expect(editor.statusCode, `editor ${method} ${url}: ${describeRes(editor)}`).toBe(403);
      if (method !== 'HEAD') expect(editor.body).toContain(DEFAULT_MESSAGE.forbidden);
      // An empty form changes nothing: a new user needs every field, and /admin/users/1 with no
      // role and no status is a no-op.
      const admin = await request('admin', method, url);
      expect(admin.statusCode, `admin ${method} ${url}: ${describeRes(admin)}`).not.toBe(403);
      expect(admin.statusCode, `admin ${method} ${url}: ${describeRes(admin)}`).toBeLessThan(500);
      if (method === 'GET') expect(admin.statusCode).toBe(200);
    });
  } else if (route.path.startsWith('/admin') && route.methods.includes('GET')) {
    // The other side of the matrix: the guard is not simply closed to everybody.
    it('GET: an editor is let in', async () => {
      const res = await request('editor', 'GET', url);
      expect(res.statusCode, `editor GET ${url}: ${describeRes(res)}`).not.toBe(403);
      expect(res.statusCode, `editor GET ${url}: ${describeRes(res)}`).not.toBe(303);
      expect(res.statusCode).toBeLessThan(500);
    });
  }

  if (isAccount(route.path)) {
    it.each(route.methods)('%s: an editor and an admin get 403', async (method) => {
      for (const who of ['editor', 'admin'] as const) {
        const res = await request(who, method, url);
        expect(res.statusCode, `${who} ${method} ${url}: ${describeRes(res)}`).toBe(403);
        if (method !== 'HEAD') expect(res.body).toContain(DEFAULT_MESSAGE.forbidden);
      }
    });

    it.each(route.methods)('%s: the company user is let in', async (method) => {
      const res = await request('company', method, url);
      expect(res.statusCode, `company ${method} ${url}: ${describeRes(res)}`).not.toBe(403);
      expect(res.statusCode).toBeLessThan(500);
      // An empty form is sent back with its errors; nothing is saved.
      if (method === 'POST') expect(res.statusCode).toBe(400);
      else expect(res.statusCode).toBe(200);
    });
  }
});

describe('the named cases', () => {
  it('a company user: 200 on GET /account and /account/posts; 403 on every /admin page', async () => {
    expect((await clients.company.get('/account')).statusCode).toBe(200);
    expect((await clients.company.get('/account/posts')).statusCode).toBe(200);
    expect((await clients.company.get('/admin')).statusCode).toBe(403);
  });

  it('an editor: 403 on /admin/users and on POSTs under it; an admin: 200', async () => {
    expect((await clients.editor.get('/admin/users')).statusCode).toBe(403);
    expect((await clients.editor.post('/admin/users', { email: 'x@example.org', name: 'x', role: 'admin', password: 'long-enough-password' }, { csrfFrom: '/admin' })).statusCode).toBe(403);
    expect((await clients.editor.post('/admin/users/1', { role: 'admin' }, { csrfFrom: '/admin' })).statusCode).toBe(403);
    expect((await clients.admin.get('/admin/users')).statusCode).toBe(200);
    // Nothing the editor sent was applied.
    const db = t.runtime.database.db;
    expect(await db.selectFrom('users').select('id').where('email', '=', 'x@example.org').executeTakeFirst()).toBeUndefined();
    expect((await db.selectFrom('users').select('role').where('id', '=', 1).executeTakeFirstOrThrow()).role).not.toBe('admin');
  });
});
