// Bad input gets a clear 4xx — a zh-CN page, or JSON with a code under /api — never a 500 or a stack trace.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

const longQuery = 'x'.repeat(10 * 1024);
const pages = [
  '/?page=-1',
  '/?page=0',
  '/?page=abc',
  '/?page=99999999999999999999',
  '/?page=1e3',
  `/?q=${longQuery}`,
  `/regions/430100?page=${longQuery}`,
  '/%E0%A4%A',
  '/articles/%zz',
  '/regions/%',
  '/articles/abc',
  '/articles/-1',
  '/articles/1.5',
  '/articles/0',
  '/articles/99999999999999999999',
  '/articles/1%00',
  '/regions/999999',
  '/regions/abcdef',
  '/regions/4301001',
  '/regions/../../etc/passwd',
  '/no/such/page',
  "/articles/1'%20or%201=1--",
];
const apis = [
  '/api/v1/articles?page=-1',
  '/api/v1/articles?pageSize=0',
  '/api/v1/articles?pageSize=abc',
  '/api/v1/articles?region=999999',
  '/api/v1/articles?region=%E0%A4%A',
  `/api/v1/articles?region=${longQuery}`,
  '/api/v1/articles/abc',
  '/api/v1/articles/99999999',
  '/api/v1/nothing',
  '/api/v1/articles/%zz',
];

describe('bad input on pages', () => {
  it.each(pages)('%s → 4xx zh-CN page', async (url) => {
    const res = await t.app.inject({ method: 'GET', url });
    expect(res.statusCode, url).toBeGreaterThanOrEqual(400);
    expect(res.statusCode, url).toBeLessThan(500);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('<html lang="zh-CN">');
    expect(res.body).toMatch(/页面不存在|出错了/);
    expect(res.body).not.toMatch(/at .+\.(ts|js):\d+|Error:|FST_/);
  });
});

describe('bad input on the API', () => {
  it.each(apis)('%s → 4xx JSON error', async (url) => {
    const res = await t.app.inject({ method: 'GET', url });
    expect(res.statusCode, url).toBeGreaterThanOrEqual(400);
    expect(res.statusCode, url).toBeLessThan(500);
    const body = res.json() as { error: { code: string; message: string } };
    expect(body.error.code).toMatch(/^[a-z_]+$/);
    expect(body.error.message).toMatch(/[\u4e00-\u9fff]/);
    expect(JSON.stringify(body)).not.toMatch(/FST_|stack|\.ts:\d+/);
  });
});

describe('other methods', () => {
  it('POST to a page is a 4xx, not a 500', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/', payload: 'x' });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
  });
  it('a long URL is 414 with a message', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/?q=${longQuery}` });
    expect(res.statusCode).toBe(414);
    expect(res.body).toContain('网址太长');
  });
});

describe('a request line Node cannot parse', () => {
  it('raw UTF-8 bytes in the URL get a short zh-CN 400, not internals', async () => {
    const net = await import('node:net');
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as { port: number };
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => socket.write(Buffer.concat([Buffer.from('GET /search?q='), Buffer.from('长沙\u0000'), Buffer.from(' HTTP/1.1\r\nHost: x\r\n\r\n')])));
      let data = '';
      socket.on('data', (d) => (data += d.toString('utf8')));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    expect(reply).toMatch(/^HTTP\/1.1 400/);
    expect(reply).toContain('请求格式不正确');
  });
});
