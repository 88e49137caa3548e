// The OpenAPI document: valid OpenAPI 3, generated from every /api/v1 route the app registers (and
// nothing else), true to what the API answers (real responses validate against the documented
// schemas, additionalProperties included), and browsable at /api/docs.
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertEnterprise } from '../../src/features/enterprises/repository.js';
import { API_TAGS } from '../../src/features/openapi/document.js';
import { usccCheckChar } from '../../src/forms/validators.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';

type Json = Record<string, unknown>;
let t: TestApp;
let doc: Json;
let enterpriseId = 0;

/** GET routes from printRoutes({ commonPrefix: false }): one segment a line, 4 columns a level. */
function registeredGetRoutes(tree: string): string[] {
  const out: string[] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const m = line.match(/^((?:[│ ] {3})*)[├└]── (\S+)(?: \(([A-Z, ]+)\))?\s*$/u);
    if (!m) continue;
    const depth = [...(m[1] ?? '')].length / 4;
    const full = (depth > 0 ? (stack[depth - 1] ?? '') : '') + (m[2] ?? '');
    stack.length = depth;
    stack[depth] = full;
    if (m[3]?.split(',').map((s) => s.trim()).includes('GET')) out.push(full);
  }
  return out;
}

const paths = () => doc['paths'] as Record<string, Record<string, Json>>;

beforeAll(async () => {
  t = await buildTestApp();
  const first17 = '91430100MA4Q00001';
  enterpriseId = await insertEnterprise(t.runtime.database.db, {
    name: '湖南开放接口测试有限公司',
    uscc: first17 + usccCheckChar(first17),
    industry: 'new-energy',
    region_code: '430104',
    address: '长沙市岳麓区测试路 1 号',
    description: '检查企业接口的返回与文档一致。',
    contact_person: '王经理',
    mobile: '13900139002',
    email: 'openapi@example.org',
    website: 'https://example.org',
  });
  const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
  expect(res.statusCode).toBe(200);
  doc = res.json() as Json;
});
afterAll(async () => {
  await t.close();
});

describe('/api/openapi.json', () => {
  it('validates as OpenAPI 3 (3.1), with title, version from package.json and Chinese + English description', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc));
    expect(result.errors ?? [], JSON.stringify(result.errors)).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    const info = doc['info'] as { title: string; version: string; description: string };
    expect(info.version).toBe('0.1.0');
    expect(info.title).toContain('Open API');
    expect(info.description).toMatch(/只读/);
    expect(info.description).toMatch(/read-only/);
  });

  it('documents every /api/v1 GET route the app registers, and nothing outside /api/v1', () => {
    const registered = registeredGetRoutes(t.app.printRoutes({ commonPrefix: false }))
      .filter((p) => p.startsWith('/api/v1/'))
      .map((p) => p.replace(/:(\w+)/g, '{$1}'))
      .sort();
    expect(registered.length).toBeGreaterThanOrEqual(12);
    const documented = Object.keys(paths()).filter((p) => paths()[p]?.['get']).sort();
    expect(documented).toEqual(registered);
    for (const p of Object.keys(paths())) expect(p.startsWith('/api/v1/'), p).toBe(true);
    for (const p of ['/api/v1/articles', '/api/v1/regions', '/api/v1/search', '/api/v1/projects', '/api/v1/projects.csv', '/api/v1/projects/export.json', '/api/v1/enterprises', '/api/v1/enterprises/{id}']) {
      expect(documented, p).toContain(p);
    }
  });

  it('gives every operation a known tag, a summary, typed parameters and the shared error responses', () => {
    const tags = new Set<string>(API_TAGS.map((x) => x.name));
    const operationIds = Object.values(paths()).map((item) => (item['get'] as { operationId?: string }).operationId);
    expect(new Set(operationIds).size).toBe(operationIds.length);
    expect(operationIds).toContain('getProjectsById');
    expect((doc['tags'] as { name: string }[]).map((x) => x.name)).toContain('stats');
    for (const [p, item] of Object.entries(paths())) {
      const op = item['get'] as { tags: string[]; summary?: string; parameters?: { name: string; schema: Json; description?: string }[]; responses: Record<string, Json> };
      expect(tags.has(op.tags[0] ?? ''), `${p} tag ${op.tags[0]}`).toBe(true);
      if (op.tags[0] !== 'stats') expect(op.summary, p).toBeTruthy();
      for (const code of ['200', '304', '400', '404', '429']) expect(op.responses[code], `${p} ${code}`).toBeDefined();
      for (const param of op.parameters ?? []) expect(param.schema['type'], `${p} ${param.name}`).toBeDefined();
    }
    const list = paths()['/api/v1/projects']?.['get'] as { parameters: { name: string; schema: Json; description?: string }[] };
    const pageSize = list.parameters.find((x) => x.name === 'pageSize');
    expect(pageSize?.schema).toMatchObject({ type: 'integer', minimum: 1, maximum: 100, default: 20 });
    expect(pageSize?.description).toMatch(/每页条数/);
    expect(list.parameters.find((x) => x.name === 'stage')?.schema['enum']).toContain('signing');
  });

  it('is what the API answers: real 200 bodies validate against the documented schemas', async () => {
    const validator = new Validator();
    await validator.validate(structuredClone(doc));
    const resolved = validator.resolveRefs() as { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: Json }> }> }>> };
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const projectId = ((await t.app.inject({ method: 'GET', url: '/api/v1/projects' })).json() as { items: { id: number }[] }).items[0]?.id;
    const articleId = ((await t.app.inject({ method: 'GET', url: '/api/v1/articles' })).json() as { items: { id: number }[] }).items[0]?.id;
    const samples: [string, string][] = [
      ['/api/v1/articles', '/api/v1/articles?region=430100'],
      ['/api/v1/articles/{id}', `/api/v1/articles/${articleId}`],
      ['/api/v1/regions', '/api/v1/regions'],
      ['/api/v1/search', `/api/v1/search?q=${encodeURIComponent('长沙')}`],
      ['/api/v1/projects', '/api/v1/projects?sort=amount'],
      ['/api/v1/projects/{id}', `/api/v1/projects/${projectId}`],
      ['/api/v1/sectors', '/api/v1/sectors'],
      ['/api/v1/projects/export.json', '/api/v1/projects/export.json'],
      ['/api/v1/enterprises', '/api/v1/enterprises?region=430100'],
      ['/api/v1/enterprises/{id}', `/api/v1/enterprises/${enterpriseId}`],
    ];
    for (const [path, url] of samples) {
      const schema = resolved.paths[path]?.['get']?.responses['200']?.content?.['application/json']?.schema;
      expect(schema, path).toBeDefined();
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      const validate = ajv.compile(schema ?? {});
      expect(validate(res.json()), `${url}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const first = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    const etag = String(first.headers.etag);
    const again = await t.app.inject({ method: 'GET', url: '/api/openapi.json', headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });
});

describe('/api/docs', () => {
  it('renders every operation in the site layout: method, path, parameters, response fields, curl', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/docs' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    const body = res.body;
    expect(body).toContain('<h1>开放接口文档');
    expect(body).toContain('<header class="site">');
    expect(body).not.toMatch(/<script|style="/i);
    for (const p of Object.keys(paths())) expect(body, p).toContain(`GET ${p}`);
    expect(body).toContain('参数 (parameters)');
    expect(body).toContain('<code>items[].region.code</code>');
    expect(body).toContain('每页条数 (page size)');
    expect(body).toContain(`curl -i -G &#39;http://localhost:${t.config.port}/api/v1/search&#39; --data-urlencode &#39;q=长沙 新能源&#39;`);
    expect(body).toContain('统计 (statistics)');
    const again = await t.app.inject({ method: 'GET', url: '/api/docs', headers: { 'if-none-match': String(res.headers.etag) } });
    expect(again.statusCode).toBe(304);
  });
});
