// A tiny escape-by-default template layer: every interpolated value is escaped unless it is
// already Html (the output of another template, or raw() for trusted markup we built ourselves).
// Own code rather than a library because it is ~40 lines and sits on the hot path of every page.

export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const ESC_RE = /[&<>"']/g;
const NEEDS_ESC = /[&<>"']/;

export function escapeHtml(s: string): string {
  return NEEDS_ESC.test(s) ? s.replace(ESC_RE, (c) => ESC[c] ?? c) : s;
}

export type Renderable = Html | string | number | boolean | null | undefined | readonly Renderable[];

function render(v: Renderable): string {
  if (v === null || v === undefined || v === false || v === true) return '';
  if (v instanceof Html) return v.value;
  if (typeof v === 'string') return escapeHtml(v);
  if (typeof v === 'number') return String(v);
  let out = '';
  for (const x of v) out += render(x);
  return out;
}

export function html(strings: TemplateStringsArray, ...values: Renderable[]): Html {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (strings[i + 1] ?? '');
  return new Html(out);
}

/** Trusted markup only: never pass user text here. */
export function raw(s: string): Html {
  return new Html(s);
}

/**
 * JSON as the text of a <script> data block (application/json, application/ld+json). Such text is
 * not HTML-escaped (&lt; would stay &lt;), so the JSON must never contain "</script" or "<!--":
 * every <, > and & is written as its JSON \u escape, which parses to the same string; U+2028 and
 * U+2029 too, for JavaScript consumers. A data block is not run, so the CSP does not apply.
 */
export function jsonForScript(value: unknown): Html {
  return raw(
    JSON.stringify(value)
      .replace(/</g, '\\u003c')
      .replace(/>/g, '\\u003e')
      .replace(/&/g, '\\u0026')
      .replace(/\u2028/g, '\\u2028')
      .replace(/\u2029/g, '\\u2029'),
  );
}
