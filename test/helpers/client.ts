// A tiny browser for app.inject(): keeps cookies, reads the CSRF token out of forms, posts forms.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

/** The `_csrf` value of the first form in a page's HTML, or undefined. */
export function csrfToken(html: string): string | undefined {
  return /name="_csrf"\s+value="([^"]+)"/.exec(html)?.[1] ?? /value="([^"]+)"\s+name="_csrf"/.exec(html)?.[1];
}

/** A browser's cookie jar: stores each Set-Cookie, and forgets the ones it expires. */
export function keepCookies(jar: Map<string, string>, setCookie: string | string[] | undefined): void {
  for (const c of Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []) {
    const [pair] = c.split(';');
    const [k, ...v] = (pair ?? '').split('=');
    if (!k) continue;
    const value = v.join('=');
    if (value === '' || /Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(c)) jar.delete(k.trim());
    else jar.set(k.trim(), value);
  }
}

export class FormClient {
  private readonly cookies = new Map<string, string>();

  constructor(
    private readonly app: FastifyInstance,
    readonly ip = '127.0.0.1',
  ) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(res: LightMyRequestResponse): void {
    keepCookies(this.cookies, res.headers['set-cookie']);
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  async get(url: string): Promise<LightMyRequestResponse> {
    const res = await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader() }, remoteAddress: this.ip });
    this.keep(res);
    return res;
  }

  /** The CSRF token of the first form on a page. */
  static csrf(html: string): string {
    const token = csrfToken(html);
    if (!token) throw new Error('no CSRF token on the page');
    return token;
  }

  async post(url: string, fields: Record<string, string>, opts: { csrfFrom?: string; noCsrf?: boolean } = {}): Promise<LightMyRequestResponse> {
    const body = new URLSearchParams(fields);
    if (!opts.noCsrf && !fields['_csrf']) body.set('_csrf', FormClient.csrf((await this.get(opts.csrfFrom ?? url)).body));
    const res = await this.app.inject({
      method: 'POST',
      url,
      payload: body.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: this.cookieHeader() },
      remoteAddress: this.ip,
    });
    this.keep(res);
    return res;
  }
}
