// Chinese text an English page shows outside an element marked lang="zh-CN": interface strings
// left untranslated, or content not marked as Chinese. A small tag scanner over our own markup
// (escape-by-default templates: no raw "<" in text), not a general HTML parser.
const VOID = new Set(['meta', 'link', 'input', 'br', 'img', 'hr', 'source', 'col', 'area', 'base', 'wbr']);
const HAN = /\p{Script=Han}/u;
/** Attributes a person reads or hears. */
const READ = /\s(placeholder|aria-label|title|label|alt|data-label)="([^"]*)"/g;

export function unmarkedChinese(body: string): string[] {
  const out: string[] = [];
  // <head> holds the content's own metadata (title, description, Open Graph): Chinese by nature.
  const page = body.slice(body.indexOf('<body'));
  const stack: { tag: string; zh: boolean }[] = [{ tag: 'body', zh: false }];
  let inScript = false;
  for (const m of page.matchAll(/<(\/?)([a-zA-Z][\w-]*)([^>]*)>|([^<]+)/g)) {
    const [, close, tag = '', attrs = '', text] = m;
    const top = stack[stack.length - 1] ?? { tag: 'body', zh: false };
    if (text !== undefined) {
      if (!inScript && !top.zh && HAN.test(text)) out.push(`<${top.tag}> ${text.trim().slice(0, 60)}`);
      continue;
    }
    const name = tag.toLowerCase();
    if (close) {
      if (name === 'script') inScript = false;
      while (stack.length > 1 && stack.pop()?.tag !== name);
      continue;
    }
    const lang = /\slang="([^"]+)"/.exec(attrs)?.[1];
    const zh = lang ? lang.startsWith('zh') : top.zh;
    for (const a of attrs.matchAll(READ)) if (!zh && HAN.test(a[2] ?? '')) out.push(`<${name} ${a[1]}> ${(a[2] ?? '').slice(0, 60)}`);
    if (name === 'script') inScript = true;
    if (!VOID.has(name)) stack.push({ tag: name, zh });
  }
  return out;
}
