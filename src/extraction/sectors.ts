// Sectors: keyword mentions mapped to the taxonomy of data/sectors.json through
// data/sector-keywords.json. Also the literal keyword matcher the entity extractors share.
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../paths.js';
import type { SectorFact } from './types.js';

interface TrieNode<T> {
  readonly next: Map<number, TrieNode<T>>;
  value?: T;
}

export interface KeywordHit<T> {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly value: T;
}

/**
 * Literal keywords, matched leftmost-longest and without overlaps, in O(text × longest keyword):
 * a trie of UTF-16 code units walked from each position (no regular expression, no backtracking).
 */
export class KeywordMatcher<T> {
  private readonly root: TrieNode<T> = { next: new Map() };
  readonly size: number;

  constructor(entries: Iterable<readonly [string, T]>) {
    let size = 0;
    for (const [word, value] of entries) {
      if (word.length === 0) continue;
      let node = this.root;
      for (let i = 0; i < word.length; i++) {
        const code = word.charCodeAt(i);
        let child = node.next.get(code);
        if (!child) {
          child = { next: new Map() };
          node.next.set(code, child);
        }
        node = child;
      }
      if (node.value === undefined) size++;
      node.value = value;
    }
    this.size = size;
  }

  /** The longest keyword starting exactly at `at`, if any. */
  matchAt(text: string, at: number): KeywordHit<T> | null {
    let node: TrieNode<T> | undefined = this.root;
    let bestEnd = -1;
    let bestValue: T | undefined;
    for (let i = at; i < text.length; i++) {
      node = node.next.get(text.charCodeAt(i));
      if (!node) break;
      if (node.value !== undefined) {
        bestEnd = i + 1;
        bestValue = node.value;
      }
    }
    return bestEnd < 0 ? null : { start: at, end: bestEnd, text: text.slice(at, bestEnd), value: bestValue as T };
  }

  /** All hits left to right; after a hit the scan resumes at its end. */
  *scan(text: string, from = 0, to = text.length): Generator<KeywordHit<T>> {
    const first = this.root.next;
    let i = from;
    while (i < to) {
      if (!first.has(text.charCodeAt(i))) {
        i++;
        continue;
      }
      const hit = this.matchAt(text, i);
      if (hit && hit.end <= to) {
        yield hit;
        i = hit.end;
      } else {
        i++;
      }
    }
  }
}

interface SectorsFile {
  readonly sectors: readonly { readonly id: string; readonly name: string }[];
}
interface KeywordsFile {
  readonly keywords: Readonly<Record<string, readonly string[]>>;
  /** Strings that look like a keyword across a word boundary (数字化工具 ≠ 化工): matched, then ignored. */
  readonly blockers?: readonly string[];
}

function loadJson<T>(...parts: string[]): T {
  return JSON.parse(fs.readFileSync(path.join(projectRoot, ...parts), 'utf8')) as T;
}

const sectorsFile = loadJson<SectorsFile>('data', 'sectors.json');
const keywordsFile = loadJson<KeywordsFile>('data', 'sector-keywords.json');

/** id → name (新能源汽车) from data/sectors.json. */
export const sectorNames: ReadonlyMap<string, string> = new Map(sectorsFile.sectors.map((s) => [s.id, s.name]));

/** keyword → sector id from data/sector-keywords.json. Throws on unknown ids and duplicates. */
export const sectorKeywords: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  for (const [id, words] of Object.entries(keywordsFile.keywords)) {
    if (!sectorNames.has(id)) throw new Error(`sector-keywords.json: unknown sector id ${id}`);
    for (const w of words) {
      const prev = map.get(w);
      if (prev !== undefined) throw new Error(`sector-keywords.json: ${w} is listed under ${prev} and ${id}`);
      map.set(w, id);
    }
  }
  return map;
})();

const matcher = new KeywordMatcher<string | null>([
  ...(keywordsFile.blockers ?? []).map((b) => [b, null] as const),
  ...sectorKeywords,
]);

/** Each sector once, at its first mention (the keyword's span). */
export function extractSectors(text: string): SectorFact[] {
  const seen = new Set<string>();
  const out: SectorFact[] = [];
  for (const hit of matcher.scan(text)) {
    if (hit.value === null || seen.has(hit.value)) continue;
    seen.add(hit.value);
    out.push({ id: hit.value, name: sectorNames.get(hit.value) ?? hit.value, start: hit.start, end: hit.end });
    if (seen.size === sectorNames.size) break;
  }
  return out;
}

/** The sector a single keyword names (新能源汽车 → nev), or null. For mapping hand-made labels. */
export function sectorOfKeyword(word: string): string | null {
  if (sectorNames.has(word)) return word;
  for (const [id, name] of sectorNames) if (name === word) return id;
  return sectorKeywords.get(word) ?? null;
}
