// What a person typed → a structured query. Pure: no database, no HTTP.
// Syntax: words (AND), "quoted phrases", -word to exclude, OR between two words. Anything else
// (FTS operators, SQL, HTML) is plain text: it is segmented into words, never passed through.
import * as OpenCC from 'opencc-js';

export const MAX_QUERY_CHARS = 100;

export interface QueryTerm {
  /** What to highlight: the term as written, simplified (長沙 → 长沙; changsha → 长沙). */
  readonly text: string;
  /** Segmented tokens, all required. */
  readonly tokens: readonly string[];
  /** Written in quotes. */
  readonly phrase: boolean;
  /** Several tokens that need not stand together (a loosened query, see loosen()). */
  readonly loose?: boolean | undefined;
  /** Another term that may stand instead of this one (a OR b). */
  readonly or?: QueryTerm | undefined;
}

export interface ParsedQuery {
  /** The normalized query, as shown back to the reader. */
  readonly text: string;
  readonly must: readonly QueryTerm[];
  readonly not: readonly QueryTerm[];
  /** Things to tell the reader (the query was cut, a pinyin name was read as Chinese…). */
  readonly notices: readonly string[];
}

export interface QueryContext {
  /** Segments a term into words (the same segmenter as the index). */
  readonly segment: (text: string) => string[];
  /** Pinyin or English spelling of a place, lower case without spaces → its Chinese name. */
  readonly pinyinPlace: (key: string) => string | undefined;
}

const toSimplified = OpenCC.Converter({ from: 't', to: 'cn' });
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Unpaired surrogates out, full-width letters and digits to ASCII, traditional to simplified. */
export function normalizeQuery(raw: string): string {
  const wellFormed = raw.replace(LONE_SURROGATE, ' ');
  return toSimplified(wellFormed.normalize('NFKC')).replace(/\s+/g, ' ').trim();
}

interface RawPart {
  text: string;
  phrase: boolean;
  negated: boolean;
  orWithPrevious: boolean;
}

/** Splits into words and "phrases", keeping -negation and OR. */
function lex(text: string): RawPart[] {
  const parts: RawPart[] = [];
  const re = /(-?)"([^"]*)"?|(\S+)/gu;
  let pendingOr = false;
  for (const m of text.matchAll(re)) {
    if (m[3] === 'OR' || m[3] === '|') {
      pendingOr = parts.length > 0;
      continue;
    }
    if (m[3] === 'AND' || m[3] === '&') continue;
    const phrase = m[2] !== undefined;
    let word = phrase ? (m[2] ?? '') : (m[3] ?? '');
    let negated = m[1] === '-';
    if (!phrase && word.startsWith('-') && word.length > 1) {
      negated = true;
      word = word.slice(1);
    }
    if (!word.trim()) continue;
    parts.push({ text: word, phrase, negated, orWithPrevious: pendingOr && !negated });
    pendingOr = false;
  }
  return parts;
}

const ASCII_WORD = /^[a-z]+$/i;

/** changsha, Changsha, chang sha → 长沙 when it spells a place; joins up to three ASCII words. */
function resolvePinyin(parts: RawPart[], ctx: QueryContext, notices: string[]): RawPart[] {
  const out: RawPart[] = [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i] as RawPart;
    let done = false;
    if (!p.phrase && ASCII_WORD.test(p.text)) {
      for (let n = Math.min(3, parts.length - i); n >= 1 && !done; n--) {
        const run = parts.slice(i, i + n);
        if (!run.every((r) => !r.phrase && ASCII_WORD.test(r.text) && (r === p || (!r.negated && !r.orWithPrevious)))) continue;
        const place = ctx.pinyinPlace(run.map((r) => r.text).join('').toLowerCase());
        if (place) {
          out.push({ ...p, text: place });
          notices.push(`“${run.map((r) => r.text).join(' ')}”按地名“${place}”查找`);
          i += n - 1;
          done = true;
        }
      }
    }
    if (!done) out.push(p);
  }
  return out;
}

export function parseQuery(raw: string, ctx: QueryContext): ParsedQuery {
  const notices: string[] = [];
  let text = normalizeQuery(raw);
  const chars = [...text];
  if (chars.length > MAX_QUERY_CHARS) {
    text = chars.slice(0, MAX_QUERY_CHARS).join('').trim();
    notices.push(`查询太长，只用了前 ${MAX_QUERY_CHARS} 个字`);
  }
  const parts = resolvePinyin(lex(text), ctx, notices);
  const must: QueryTerm[] = [];
  const not: QueryTerm[] = [];
  for (const p of parts) {
    const tokens = ctx.segment(p.text).map((t) => t.toLowerCase());
    if (tokens.length === 0) continue; // punctuation, emoji, operators: nothing to look for
    const term: QueryTerm = { text: p.text, tokens, phrase: p.phrase };
    if (p.negated) not.push(term);
    else if (p.orWithPrevious && must.length > 0) must.push(withAlternative(must.pop() as QueryTerm, term));
    else must.push(term);
  }
  return { text, must, not, notices };
}

/**
 * A query whose unquoted words may be split (桃源签约 → 桃源 AND 签约), for when the strict one found
 * nothing; null when there is nothing to loosen. Quoted phrases stay phrases.
 */
export function loosen(q: ParsedQuery): ParsedQuery | null {
  let changed = false;
  const free = (t: QueryTerm): QueryTerm => {
    const or = t.or ? free(t.or) : undefined;
    if (!t.phrase && t.tokens.length > 1 && !t.loose) changed = true;
    return { ...t, loose: !t.phrase && t.tokens.length > 1 ? true : t.loose, or };
  };
  const must = q.must.map(free);
  if (!changed) return null;
  const words = q.must.filter((t) => !t.phrase && t.tokens.length > 1).map((t) => `“${t.text}”`);
  return { ...q, must, notices: [...q.notices, `没有找到完全一致的${words.join('、')}，下面是分开包含这些词的结果`] };
}

function withAlternative(a: QueryTerm, b: QueryTerm): QueryTerm {
  return a.or ? { ...a, or: withAlternative(a.or, b) } : { ...a, or: b };
}

/**
 * Every surface string worth highlighting, longest first: the terms as written and, where a
 * loosened term's words stand apart in the text, those words (not single characters).
 */
export function highlightTerms(q: ParsedQuery): string[] {
  const out = new Set<string>();
  const add = (t: QueryTerm | undefined): void => {
    if (!t) return;
    out.add(t.text);
    if (t.loose) for (const tok of t.tokens) if ([...tok].length > 1) out.add(tok);
    add(t.or);
  };
  for (const t of q.must) add(t);
  return [...out].filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
}
