// Error codes, their zh-CN messages, and the one error handler: full detail to the log, a clear
// message to the person (an HTML page) or the program (JSON under /api), never a stack trace.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { faultMessage, noteFault, storageFault } from './db/storage-faults.js';

export type ErrorCode =
  | 'bad_request'
  | 'invalid_parameter'
  | 'unauthorized'
  | 'forbidden'
  | 'csrf'
  | 'not_found'
  | 'method_not_allowed'
  | 'payload_too_large'
  | 'uri_too_long'
  | 'rate_limited'
  | 'unavailable'
  | 'internal';

const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  invalid_parameter: 400,
  unauthorized: 401,
  forbidden: 403,
  csrf: 403,
  not_found: 404,
  method_not_allowed: 405,
  payload_too_large: 413,
  uri_too_long: 414,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

export const DEFAULT_MESSAGE: Record<ErrorCode, string> = {
  bad_request: '请求格式不正确。',
  invalid_parameter: '参数不正确。',
  unauthorized: '请先登录。',
  forbidden: '你的账号没有权限做这件事。',
  csrf: '表单已过期或来源不明，请刷新页面后重新提交（你填写的内容请先复制保存）。',
  not_found: '没有找到这个页面。',
  method_not_allowed: '不支持这种请求方式。',
  payload_too_large: '提交的内容太大。',
  uri_too_long: '网址太长。',
  rate_limited: '请求太频繁，请稍后再试。',
  unavailable: '服务暂时不可用，请稍后再试。',
  internal: '服务器出了点问题，我们已经记录下来，请稍后再试。',
};

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message?: string,
  ) {
    super(message ?? DEFAULT_MESSAGE[code]);
    this.status = STATUS[code];
  }
}

export function notFound(message?: string): AppError {
  return new AppError('not_found', message);
}

export interface ErrorView {
  status: number;
  code: ErrorCode;
  message: string;
}

/** The first validation problem as "field：message" (zod speaks zh-CN, see app.ts). */
function validationMessage(validation: FastifyError['validation']): string {
  const first = validation?.[0];
  if (!first?.message) return DEFAULT_MESSAGE.invalid_parameter;
  const field = first.instancePath.replace(/^\//, '');
  return field ? `${field}：${first.message}` : first.message;
}

/**
 * Maps anything thrown to what the user may see. Unknown errors become `internal`. `method`: the
 * request's, so that a storage fault tells a form post that nothing was stored and a page view
 * only to try again.
 */
export function toErrorView(err: unknown, method = 'GET'): ErrorView {
  if (err instanceof AppError) return { status: err.status, code: err.code, message: err.message };
  // The database could not write (disk full, read-only, storage failing) or could not be reached:
  // the user's request was fine, nothing was stored, and it can be sent again later.
  const fault = storageFault(err);
  if (fault) {
    noteFault(fault);
    return { status: 503, code: 'unavailable', message: faultMessage(fault, method !== 'GET' && method !== 'HEAD') };
  }
  const e = err as Partial<FastifyError> & { status?: number };
  const status = typeof e.statusCode === 'number' ? e.statusCode : typeof e.status === 'number' ? e.status : 500;
  if (e.validation) return { status: 400, code: 'invalid_parameter', message: validationMessage(e.validation) };
  // A zod parse in a handler (an id that is not an id): the caller's mistake, not ours.
  if ((err as { name?: string }).name === 'ZodError') return { status: 400, code: 'invalid_parameter', message: DEFAULT_MESSAGE.invalid_parameter };
  if (typeof e.code === 'string' && e.code.startsWith('FST_CSRF')) return { status: 403, code: 'csrf', message: DEFAULT_MESSAGE.csrf };
  if (status === 401) return { status, code: 'unauthorized', message: DEFAULT_MESSAGE.unauthorized };
  if (status === 403) return { status, code: 'forbidden', message: DEFAULT_MESSAGE.forbidden };
  if (status === 413) return { status, code: 'payload_too_large', message: DEFAULT_MESSAGE.payload_too_large };
  if (status === 414) return { status, code: 'uri_too_long', message: DEFAULT_MESSAGE.uri_too_long };
  if (status === 404) return { status, code: 'not_found', message: DEFAULT_MESSAGE.not_found };
  if (status === 405) return { status, code: 'method_not_allowed', message: DEFAULT_MESSAGE.method_not_allowed };
  if (status === 429) return { status, code: 'rate_limited', message: DEFAULT_MESSAGE.rate_limited };
  if (status === 503) return { status, code: 'unavailable', message: DEFAULT_MESSAGE.unavailable };
  if (status >= 400 && status < 500) return { status, code: 'bad_request', message: DEFAULT_MESSAGE.bad_request };
  return { status: 500, code: 'internal', message: DEFAULT_MESSAGE.internal };
}

export function isApiRequest(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/');
}

export function sendError(
  request: FastifyRequest,
  reply: FastifyReply,
  view: ErrorView,
  renderPage: (view: ErrorView) => string,
): FastifyReply {
  reply.code(view.status).header('cache-control', 'no-store');
  if (view.status === 503 && !reply.hasHeader('retry-after')) reply.header('retry-after', '60');
  if (isApiRequest(request)) return reply.type('application/json; charset=utf-8').send({ error: { code: view.code, message: view.message } });
  return reply.type('text/html; charset=utf-8').send(renderPage(view));
}
