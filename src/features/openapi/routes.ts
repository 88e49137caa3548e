// /api/openapi.json (the generated OpenAPI document) and /api/docs (the same, as a page). Both
// depend only on the route table, which is fixed once the app is ready: they are built on the
// first request and kept, with an ETag for 304s.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { etagOf } from '../../web/page-cache.js';
import { etagMatches, HTML, JSON_TYPE, PAGE_CACHE_CONTROL, renderPage, type AppContext } from '../../web/context.js';
import { apiDocsPage } from './docs-view.js';

interface Prepared {
  readonly type: string;
  readonly body: Buffer;
  readonly etag: string;
}

function prepare(type: string, text: string): Prepared {
  const body = Buffer.from(text, 'utf8');
  return { type, body, etag: etagOf(body) };
}

function send(request: FastifyRequest, reply: FastifyReply, p: Prepared): FastifyReply {
  reply.header('etag', p.etag).header('cache-control', PAGE_CACHE_CONTROL);
  if (etagMatches(request.headers['if-none-match'], p.etag)) return reply.code(304).send();
  return reply.type(p.type).send(p.body);
}

export function openApiRoutes(app: FastifyInstance, ctx: AppContext): void {
  let json: Prepared | undefined;
  let page: Prepared | undefined;
  const document = () => app.swagger() as unknown as Record<string, unknown>;
  const base = ctx.config.publicUrl ?? `http://localhost:${ctx.config.port}`;

  app.get('/api/openapi.json', async (request, reply) => send(request, reply, (json ??= prepare(JSON_TYPE, JSON.stringify(document())))));

  app.get('/api/docs', async (request, reply) => {
    page ??= prepare(HTML, renderPage(ctx, { title: `开放接口文档 · ${ctx.config.site.name}`, description: '湖南招商开放接口 (Open API) 的参考文档' }, apiDocsPage(document(), base)));
    return send(request, reply, page);
  });
}
