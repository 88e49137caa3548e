// /api/docs: the OpenAPI document as a page, rendered here on the server (no client script, no
// CDN: our CSP allows neither inline script nor inline style). Per operation: method and path,
// summary, parameters with type, constraints and meaning, the response's fields, a curl line.
import { html, type Html } from '../../html.js';
import { EXAMPLES } from './parameters.js';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {});
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

interface Operation {
  readonly method: string;
  readonly path: string;
  readonly op: Json;
}

/** `#/components/schemas/X` → the schema and its name. */
function deref(doc: Json, s: Json): { schema: Json; name?: string } {
  const ref = str(s['$ref']);
  if (!ref.startsWith('#/')) return { schema: s };
  let node: unknown = doc;
  for (const part of ref.slice(2).split('/')) node = obj(node)[part];
  return { schema: obj(node), name: ref.split('/').pop() };
}

/** string | null, integer 1–100, one of a|b, … as people read it. */
function typeText(doc: Json, raw: Json, enums = true): string {
  const { schema: s, name } = deref(doc, raw);
  if (name) return name;
  if (enums && Array.isArray(s['enum'])) return (s['enum'] as unknown[]).map((v) => JSON.stringify(v)).join(' | ');
  if (Array.isArray(s['anyOf'])) return (s['anyOf'] as Json[]).map((x) => typeText(doc, x)).join(' | ');
  const types = Array.isArray(s['type']) ? (s['type'] as string[]) : s['type'] ? [str(s['type'])] : [];
  const main = types.filter((t) => t !== 'null').map((t) => (t === 'array' ? `${typeText(doc, obj(s['items']))}[]` : t));
  return [...main, ...(types.includes('null') ? ['null'] : [])].join(' | ') || 'any';
}

function constraints(s: Json): string {
  const c: string[] = [];
  if (Array.isArray(s['enum'])) c.push(`取值 (one of)：${(s['enum'] as unknown[]).map(String).join('、')}`);
  if (s['minimum'] !== undefined || s['maximum'] !== undefined) c.push(`${String(s['minimum'] ?? '')}–${String(s['maximum'] ?? '')}`);
  if (s['maxLength'] !== undefined) c.push(`最多 ${String(s['maxLength'])} 字`);
  if (s['pattern']) c.push(`格式 (pattern) ${str(s['pattern'])}`);
  if (s['default'] !== undefined && s['default'] !== '') c.push(`默认 (default) ${String(s['default'])}`);
  return c.join('；');
}

interface FieldRow {
  readonly path: string;
  readonly type: string;
  readonly description: string;
}

/** The response's fields, nested ones as a.b and items[].c; a component is expanded once. */
function fieldRows(doc: Json, raw: Json, prefix = '', seen = new Set<string>(), rows: FieldRow[] = []): FieldRow[] {
  const { schema, name } = deref(doc, raw);
  if (name) {
    if (seen.has(name)) return rows;
    seen = new Set(seen).add(name);
  }
  const variants = Array.isArray(schema['anyOf']) ? (schema['anyOf'] as Json[]) : [schema];
  for (const v of variants) {
    const s = deref(doc, v).schema;
    for (const [key, p] of Object.entries(obj(s['properties']))) {
      const path = `${prefix}${key}`;
      const { schema: ps } = deref(doc, obj(p));
      rows.push({ path, type: typeText(doc, obj(p)), description: str(obj(p)['description']) || str(ps['description']) });
      if (ps['properties'] || ps['anyOf']) fieldRows(doc, obj(p), `${path}.`, seen, rows);
      const items = obj(ps['items']);
      if (ps['type'] === 'array' || (Array.isArray(ps['type']) && ps['type'].includes('array'))) fieldRows(doc, items, `${path}[].`, seen, rows);
    }
  }
  return rows;
}

function curl(base: string, o: Operation): string {
  const params = (o.op['parameters'] as Json[] | undefined) ?? [];
  const path = o.path.replace(/\{(\w+)\}/g, (_m, name: string) => EXAMPLES[name] ?? '1');
  const query = params.filter((p) => p['in'] === 'query' && EXAMPLES[str(p['name'])]).map((p) => ` --data-urlencode '${str(p['name'])}=${EXAMPLES[str(p['name'])] ?? ''}'`);
  return `curl -i${query.length ? ' -G' : ''} '${base}${path}'${query.join('')}`;
}

const anchor = (o: Operation) => `${o.method}-${o.path}`.replace(/[^\w-]+/g, '-');

function operationView(doc: Json, base: string, o: Operation): Html {
  const params = ((o.op['parameters'] as Json[] | undefined) ?? []).map((p): Json & { schema: Json } => ({ ...p, schema: obj(p['schema']) }));
  const ok = obj(obj(o.op['responses'])['200']);
  const [type, media] = Object.entries(obj(ok['content']))[0] ?? [];
  const rows = type?.includes('json') ? fieldRows(doc, obj(obj(media)['schema'])) : [];
  return html`<section class="api-op" id="${anchor(o)}">
<h3><code>${o.method.toUpperCase()} ${o.path}</code></h3>
${o.op['summary'] ? html`<p><strong>${str(o.op['summary'])}</strong></p>` : ''}
${o.op['description'] ? html`<p>${str(o.op['description'])}</p>` : ''}
<h4>参数 (parameters)</h4>
${params.length === 0
  ? html`<p class="muted">无。</p>`
  : html`<div class="table-wrap"><table class="admin"><thead><tr><th>名称 (name)</th><th>位置 (in)</th><th>类型 (type)</th><th>必填 (required)</th><th>约束 (constraints)</th><th>说明 (description)</th></tr></thead><tbody>${params.map(
      (p) => html`<tr><td><code>${str(p['name'])}</code></td><td>${str(p['in'])}</td><td>${typeText(doc, p.schema, false)}</td><td>${p['required'] ? '是' : '否'}</td><td>${constraints(p.schema)}</td><td>${str(p['description']) || str(p.schema['description'])}</td></tr>`,
    )}</tbody></table></div>`}
<h4>响应 (response) 200${type ? html` · <code>${type}</code>` : ''}</h4>
${ok['description'] ? html`<p>${str(ok['description'])}</p>` : ''}
${rows.length > 0
  ? html`<div class="table-wrap"><table class="admin"><thead><tr><th>字段 (field)</th><th>类型 (type)</th><th>说明 (description)</th></tr></thead><tbody>${rows.map(
      (r) => html`<tr><td><code>${r.path}</code></td><td>${r.type}</td><td>${r.description}</td></tr>`,
    )}</tbody></table></div>`
  : ''}
<h4>示例 (example)</h4>
<pre><code>${curl(base, o)}</code></pre>
</section>`;
}

/** The page's content (the layout adds the frame). `base` is the site's address for curl. */
export function apiDocsPage(doc: Json, base: string): Html {
  const info = obj(doc['info']);
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(obj(doc['paths']))) {
    for (const [method, op] of Object.entries(obj(item))) if (['get', 'head', 'post', 'put', 'patch', 'delete'].includes(method)) ops.push({ method, path, op: obj(op) });
  }
  const tags = ((doc['tags'] as Json[] | undefined) ?? []).map((t) => ({ name: str(t['name']), description: str(t['description']) }));
  const tagged = (name: string) => ops.filter((o) => ((o.op['tags'] as string[] | undefined) ?? [])[0] === name);
  const known = new Set(tags.map((t) => t.name));
  const others = [...new Set(ops.map((o) => ((o.op['tags'] as string[] | undefined) ?? ['api'])[0] ?? 'api'))].filter((n) => !known.has(n));
  const groups = [...tags, ...others.map((name) => ({ name, description: '' }))].map((t) => ({ ...t, ops: tagged(t.name) }));
  const lines = str(info['description']).split('\n');
  return html`<h1>开放接口文档 <span class="muted">(API reference)</span></h1>
<p class="meta">${str(info['title'])} · 版本 (version) ${str(info['version'])} · OpenAPI ${str(doc['openapi'])} · 机器可读版本 (machine-readable)：<a href="/api/openapi.json">/api/openapi.json</a></p>
${lines.filter((l) => l && !l.startsWith('- ')).map((l) => html`<p>${l}</p>`)}
<ul>${lines.filter((l) => l.startsWith('- ')).map((l) => html`<li>${l.slice(2).replace(/`/g, '')}</li>`)}</ul>
<nav class="toc" aria-label="接口目录"><h2>目录 (contents)</h2><ol>${groups.map(
    (g) => html`<li><a href="#tag-${g.name}">${g.description || g.name}</a>${g.ops.length
      ? html`<ol>${g.ops.map((o) => html`<li><a href="#${anchor(o)}"><code>${o.method.toUpperCase()} ${o.path}</code></a></li>`)}</ol>`
      : html` <span class="muted">（暂无接口）</span>`}</li>`,
  )}</ol></nav>
${groups.map((g) => html`<section id="tag-${g.name}"><h2>${g.description || g.name}</h2>${g.ops.length ? g.ops.map((o) => operationView(doc, base, o)) : html`<p class="muted">暂无接口。</p>`}</section>`)}`;
}
