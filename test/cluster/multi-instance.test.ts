// The deployment of docs/DEPLOY.md, on one machine: nginx (deploy/nginx.conf) in front of two
// instances (real processes) on a PostgreSQL primary with a streaming replica. What a visitor does
// through one instance is seen through the other at once, and an instance can stop under load
// without a failed request or a lost or doubled write.
import http from 'node:http';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openPostgres } from '../../src/db/dialects/postgres.js';
import { hashPassword } from '../../src/features/auth/passwords.js';
import { insertUser } from '../../src/features/auth/repository.js';
import { HttpClient, request, startCluster, type Cluster } from '../helpers/cluster.js';

let c: Cluster;
let primary: ReturnType<typeof openPostgres>;
const EDITOR = { email: 'cluster-editor@example.org', password: 'cluster-editor-password' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  const t0 = Date.now();
  c = await startCluster();
  console.log(`cluster up in ${((Date.now() - t0) / 1000).toFixed(1)} s: nginx ${c.nginxUrl}, a ${c.instances.a.url}, b ${c.instances.b.url}`);
  primary = openPostgres(c.primaryUrl, { max: 2 });
  await insertUser(primary.db, { email: EDITOR.email, passwordHash: await hashPassword(EDITOR.password), role: 'editor', name: '集群编辑' });
}, 180_000);

afterAll(async () => {
  await primary?.close();
  await c?.stop();
}, 60_000);

/** Polls fn until it returns true; the milliseconds it took, or a failure after ms. */
async function within(ms: number, what: string, fn: () => Promise<boolean>): Promise<number> {
  const t0 = Date.now();
  for (;;) {
    if (await fn().catch(() => false)) return Date.now() - t0;
    if (Date.now() - t0 > ms) throw new Error(`not within ${ms} ms: ${what}`);
    await sleep(50);
  }
}

describe('one site on two instances', () => {
  it('a tip sent through nginx and published through B with the session from A is on A, B and nginx, and found, within a second', async () => {
    const nginx = c.nginxUrl!;
    const { a, b } = c.instances;
    const marker = `zsc${Date.now().toString(36)}`;

    // The editor logs in on A: the session lives in the database.
    const editor = new HttpClient('127.20.0.1');
    const login = await editor.post(`${a.url}/login`, { ...EDITOR, next: '/admin' });
    expect(login.status, login.body.slice(0, 500)).toBe(303);
    expect(editor.cookie('zs_session')).toBeTruthy();

    // A visitor sends a tip through nginx (the form from one instance, the post maybe to the other).
    const title = `郴州${marker}新材料项目签约`;
    const visitor = new HttpClient('127.20.0.2');
    const sent = await visitor.post(`${nginx}/submit`, {
      title,
      region: '431000',
      body: `郴州市日前与${marker}新材料企业签约，项目总投资12亿元，建设年产5万吨新材料生产线。`,
      source_url: 'https://example.org/news/cluster',
      name: '王先生',
      contact: '13800138000',
    });
    expect(sent.status, sent.body.slice(0, 500)).toBe(303);
    const code = decodeURIComponent(String(sent.headers.location).split('code=')[1] ?? '');
    const tip = await primary.db.selectFrom('submissions').select(['id', 'status']).where('tracking_code', '=', code).executeTakeFirstOrThrow();
    expect(tip.status).toBe('pending');

    // B knows A's session: the queue, and the tip's page with its form.
    const queue = await editor.get(`${b.url}/admin/tips`);
    expect(queue.status).toBe(200);
    expect(queue.body).toContain(title);
    const published = await editor.post(`${b.url}/admin/tips/${tip.id}/publish`, { title, region: '431000', body: `郴州市日前与${marker}新材料企业签约，项目总投资12亿元。` }, { csrfFrom: `${b.url}/admin/tips/${tip.id}` });
    expect(published.status, published.body.slice(0, 500)).toBe(303);
    const articleUrl = String(published.headers.location);
    expect(articleUrl).toMatch(/^\/articles\/\d+$/);
    const t0 = Date.now();

    // Everyone, everywhere, at once: the article, the home page (each instance's page cache) and search.
    const reader = new HttpClient('127.20.0.3');
    const checks: Array<[string, string, (body: string) => boolean]> = [];
    for (const [name, base] of [['a', a.url], ['b', b.url], ['nginx', nginx]] as const) {
      checks.push([`${name} ${articleUrl}`, `${base}${articleUrl}`, (body) => body.includes(title)]);
      checks.push([`${name} /`, `${base}/`, (body) => body.includes(articleUrl)]);
      checks.push([`${name} /search?q=${marker}`, `${base}/search?q=${marker}`, (body) => body.includes(`href="${articleUrl}"`)]);
    }
    const took: Record<string, number> = {};
    await Promise.all(
      checks.map(async ([what, url, ok]) => {
        await within(5000, what, async () => {
          const res = await reader.get(url);
          return res.status === 200 && ok(res.body);
        });
        took[what] = Date.now() - t0;
      }),
    );
    console.log('visible after (ms):', JSON.stringify(took));
    expect(Math.max(...Object.values(took))).toBeLessThan(1500);

    // The sender's tracking page says published, through either instance.
    for (const base of [a.url, b.url]) expect((await reader.get(`${base}/track?code=${code}`)).body).toContain(articleUrl);
  });
});

describe('the API limit nginx keeps for the whole site', () => {
  it('one address gets its burst through nginx, then 429 from nginx, whichever instance would answer', async () => {
    const statuses = await Promise.all(
      Array.from({ length: 60 }, () => request(`${c.nginxUrl}/api/v1/regions`, { localAddress: '127.40.0.1' }).then((r) => `${r.status}${r.status === 429 && r.body.includes('nginx') ? ' nginx' : ''}`)),
    );
    const count = (s: string) => statuses.filter((x) => x === s).length;
    // burst=40 nodelay at 10 r/s: about 41 pass at once; the app's own limit (600 a minute) is far off.
    expect(count('200')).toBeGreaterThanOrEqual(40);
    expect(count('200')).toBeLessThan(50);
    expect(count('429 nginx')).toBe(60 - count('200'));
  });
});

// --- an instance stops under load ---------------------------------------------------------------

interface LoadResult {
  gets: number;
  getFailures: string[];
  posts: number;
  /** Markers of the messages whose POST answered 303 → /contact/sent. */
  succeeded: string[];
  /** Markers of the POSTs that failed, with what came back. */
  failed: Array<{ marker: string; what: string }>;
}

/**
 * Readers GET pages through nginx (kept-alive connections, as browsers do), writers send 联系我们
 * messages (each from its own address 127.30.x.y, so the per-IP limits and the challenge stay out of
 * the way: GET the form, POST it) — and at `killAt` ms instance A gets `signal`.
 */
/** Writers' addresses over every run: an address that sent a form in the hour gets the challenge. */
let seq = 0;

async function loadWithKill(run: string, opts: { ms: number; killAt: number; signal: 'SIGTERM' | 'SIGKILL'; readers: number; writers: number }): Promise<LoadResult & { stopped: unknown }> {
  const nginx = c.nginxUrl!;
  const ids = await primary.db.selectFrom('articles').select('id').orderBy('id').limit(10).execute();
  const pages = ['/', '/regions', '/regions/430100', '/projects', '/search?q=长沙', '/en/', ...ids.map((r) => `/articles/${r.id}`)];
  const r: LoadResult = { gets: 0, getFailures: [], posts: 0, succeeded: [], failed: [] };
  const until = Date.now() + opts.ms;
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.readers });

  const reader = async (n: number) => {
    for (let i = n; Date.now() < until; i++) {
      const url = `${nginx}${pages[i % pages.length]}`;
      r.gets++;
      try {
        const res = await request(url, { agent });
        if (res.status !== 200) r.getFailures.push(`${res.status} GET ${url}`);
      } catch (err) {
        r.getFailures.push(`${String(err)} GET ${url}`);
      }
    }
  };
  const writer = async () => {
    while (Date.now() < until) {
      const n = ++seq;
      const marker = `${run}-${n}`;
      const visitor = new HttpClient(`127.30.${Math.floor(n / 250) + 1}.${(n % 250) + 1}`);
      if (n >= 250 * 250) throw new Error('out of writer addresses');
      let form;
      try {
        r.gets++;
        form = await visitor.get(`${nginx}/contact`);
      } catch (err) {
        r.getFailures.push(`${String(err)} GET /contact`);
        continue;
      }
      if (form.status !== 200) {
        r.getFailures.push(`${form.status} GET /contact`);
        continue;
      }
      r.posts++;
      try {
        const res = await visitor.post(`${nginx}/contact`, {
          _csrf: HttpClient.csrf(form.body),
          name: '李女士',
          organization: '集群测试',
          contact: '13900139000',
          subject: `负载 ${marker}`,
          message: `压力测试留言 [${marker}] 请忽略。`,
        });
        if (res.status === 303 && res.headers.location === '/contact/sent') r.succeeded.push(marker);
        else r.failed.push({ marker, what: `${res.status} ${res.body.slice(0, 200).replace(/\s+/g, ' ')}` });
      } catch (err) {
        r.failed.push({ marker, what: String(err) });
      }
    }
  };

  let stopped: unknown = null;
  const kill = (async () => {
    await sleep(opts.killAt);
    stopped = await c.stopInstance('a', opts.signal);
  })();
  await Promise.all([...Array.from({ length: opts.readers }, (_, i) => reader(i)), ...Array.from({ length: opts.writers }, () => writer()), kill]);
  agent.destroy();
  return { ...r, stopped };
}

/** How many rows hold each marker of this run. */
async function stored(run: string): Promise<Map<string, number>> {
  const rows = await primary.db.selectFrom('contact_messages').select('message').where('message', 'like', `%[${run}-%`).execute();
  const counts = new Map<string, number>();
  for (const row of rows) {
    const m = row.message.match(/\[([^\]]+)\]/);
    if (m?.[1]) counts.set(m[1], (counts.get(m[1]) ?? 0) + 1);
  }
  return counts;
}

function report(label: string, r: LoadResult & { stopped: unknown }, counts: Map<string, number>): void {
  const lostOrDoubled = r.succeeded.filter((m) => counts.get(m) !== 1);
  const failedButStored = r.failed.filter((f) => counts.has(f.marker)).map((f) => f.marker);
  console.log(
    `${label}: A ${JSON.stringify(r.stopped)}; ${r.gets} GETs (${r.getFailures.length} failed), ${r.posts} POSTs: ` +
      `${r.succeeded.length} succeeded (${lostOrDoubled.length} not stored exactly once), ${r.failed.length} failed ` +
      `(${failedButStored.length} of those stored anyway)` +
      (r.getFailures.length ? `\n  GET failures: ${r.getFailures.slice(0, 5).join(' | ')}` : '') +
      (r.failed.length ? `\n  POST failures: ${r.failed.slice(0, 5).map((f) => `${f.marker}: ${f.what}`).join(' | ')}` : ''),
  );
}

describe('an instance stops under load', () => {
  let nginxLogFrom = 0;
  beforeEach(async () => {
    if (!c.instances.a.proc) await c.startInstance('a');
    nginxLogFrom = c.nginxErrors().length;
  }, 120_000);
  afterEach(() => {
    // What nginx saw of the stop: connection errors, retries ("while … upstream"), 502s.
    const lines = c.nginxErrors().slice(nginxLogFrom).split('\n').filter((l) => /\[(warn|error|crit)\]/.test(l));
    if (lines.length) console.log(`nginx error log (${lines.length} lines):\n  ${lines.slice(0, 12).map((l) => l.replace(/^\S+ \S+ /, '').slice(0, 300)).join('\n  ')}`);
  });

  it('SIGTERM (a rolling restart): no failed GET through nginx, at most one unhandled POST, every accepted message stored once', async () => {
    const run = `term${Date.now().toString(36)}`;
    const r = await loadWithKill(run, { ms: 6000, killAt: 2000, signal: 'SIGTERM', readers: 8, writers: 4 });
    const counts = await stored(run);
    report('SIGTERM', r, counts);
    expect(r.stopped).toEqual({ code: 0, signal: null }); // server.ts closed gracefully
    expect(r.gets).toBeGreaterThan(100);
    expect(r.succeeded.length).toBeGreaterThan(10);
    expect(r.getFailures).toEqual([]);
    for (const m of r.succeeded) expect(counts.get(m), m).toBe(1);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    // Usually no POST fails either (9 runs in 10 while this was written). What remains is HTTP/1.1's
    // keep-alive race: nginx sends a POST down an idle connection at the instant A closes it, and
    // does not resend a POST that reached an instance. Such a POST was never handled: not stored.
    expect(r.failed.length).toBeLessThanOrEqual(1);
    for (const f of r.failed) {
      expect(f.what).toMatch(/^50[23] /);
      expect(counts.has(f.marker)).toBe(false);
    }
  }, 90_000);

  it('SIGKILL (a crash): GETs are retried on B; no accepted message lost or doubled; a POST in flight on A may fail', async () => {
    const run = `kill${Date.now().toString(36)}`;
    const r = await loadWithKill(run, { ms: 6000, killAt: 2000, signal: 'SIGKILL', readers: 8, writers: 4 });
    const counts = await stored(run);
    report('SIGKILL', r, counts);
    expect(r.stopped).toEqual({ code: null, signal: 'SIGKILL' });
    expect(r.getFailures).toEqual([]);
    for (const m of r.succeeded) expect(counts.get(m), m).toBe(1);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    // nginx does not resend a POST that reached A (it might have been written): at most the
    // writers' in-flight POSTs fail, each with 502, none written twice.
    expect(r.failed.length).toBeLessThanOrEqual(4);
    for (const f of r.failed) expect(f.what).toMatch(/^502 /);
  }, 90_000);
});
