// Feeds, sitemaps and robots.txt need absolute URLs. The site's address is PUBLIC_URL; without it,
// the address this request came to. Documents built from a request's Host never enter the shared
// page cache: its key does not hold the Host, so one forged Host header would otherwise put that
// host's links in front of every reader until the content changes.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.js';
import { etagMatches, PAGE_CACHE_CONTROL, sendCached, type AppContext } from '../../web/context.js';
import { etagOf } from '../../web/page-cache.js';

export interface SiteDoc {
  readonly type: string;
  readonly body: string;
}

/** scheme://host[:port] of this request, normalized by the URL parser; a Host it cannot parse is a 400. */
export function requestOrigin(request: FastifyRequest): string {
  try {
    const url = new URL(`${request.protocol}://${request.host}`);
    if (url.pathname !== '/' || url.search || url.username) throw new Error('not a bare host');
    return url.origin;
  } catch {
    throw new AppError('bad_request', '请求的 Host 头不正确。');
  }
}

/**
 * Sends a document whose links start with the site's origin. With PUBLIC_URL: the page cache
 * (sendCached: ETag, 304, dropped when the content changes). Without: built per request, with an
 * ETag of its bytes so a reader's conditional GET still gets 304.
 */
export async function sendSiteDoc(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  produce: (origin: string) => Promise<SiteDoc>,
): Promise<FastifyReply> {
  const fixed = ctx.config.publicUrl;
  if (fixed !== undefined) return sendCached(ctx, request, reply, () => produce(fixed));
  const { type, body } = await produce(requestOrigin(request));
  const bytes = Buffer.from(body, 'utf8');
  const etag = etagOf(bytes);
  reply.header('etag', etag).header('cache-control', PAGE_CACHE_CONTROL).header('vary', 'accept-encoding');
  if (etagMatches(request.headers['if-none-match'], etag)) return reply.code(304).send();
  return reply.code(200).type(type).send(bytes);
}

/** Text for XML 1.0: characters it cannot carry (C0 controls but tab/LF/CR, U+FFFE/U+FFFF, lone surrogates) dropped. */
export function xmlSafe(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '');
}
