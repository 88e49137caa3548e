// Chinese word segmentation with jieba, the same at index and query time. Extra words come from
// our own data (every gazetteer name and short form; parks and companies as they become known).
// The dictionary costs ~40 MB of native memory, so it is loaded on first use.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { Jieba } from '@node-rs/jieba';

const require = createRequire(import.meta.url);

/** A token that can be indexed: holds at least one letter or digit (not punctuation or white space). */
const WORDLIKE = /[\p{L}\p{N}]/u;

export class Segmenter {
  private jieba: Jieba | null = null;
  private readonly extraWords: Set<string>;
  /** Sub-words of long tokens: a corpus has few distinct long words and repeats them millions of times. */
  private readonly subwords = new Map<string, string[]>();

  constructor(extraWords: Iterable<string> = []) {
    this.extraWords = new Set(extraWords);
  }

  private get engine(): Jieba {
    if (!this.jieba) {
      // Read the dictionary file ourselves: @node-rs/jieba/dict.js keeps 11 MB of buffers alive.
      const dict = fs.readFileSync(require.resolve('@node-rs/jieba/dict.txt'));
      const jieba = Jieba.withDict(dict);
      if (this.extraWords.size > 0) jieba.loadDict(Buffer.from(dictLines(this.extraWords)));
      this.jieba = jieba;
    }
    return this.jieba;
  }

  /** Adds words (park and company names…) to the dictionary from now on. */
  addWords(words: Iterable<string>): void {
    const fresh = [...words].filter((w) => w.length >= 2 && !this.extraWords.has(w));
    for (const w of fresh) this.extraWords.add(w);
    if (fresh.length > 0) this.subwords.clear();
    if (this.jieba && fresh.length > 0) this.jieba.loadDict(Buffer.from(dictLines(fresh)));
  }

  /**
   * Index text in two parts. `words`: the precise tokens in order, so phrases match by position.
   * `extra`: the shorter dictionary words inside long tokens (长沙市 → 长沙 沙市), so 长沙 finds
   * 长沙市 — what jieba's search mode adds, kept apart so it does not break phrase positions.
   */
  forIndex(text: string): { words: string; extra: string } {
    return this.indexParts(this.engine.cut(text, false));
  }

  /** forIndex on the libuv thread pool: a rebuild segments the next batch while SQLite writes this one. */
  async forIndexAsync(text: string): Promise<{ words: string; extra: string }> {
    return this.indexParts((await this.engine.cutAsync(text, false)) as string[]);
  }

  private indexParts(tokens: readonly string[]): { words: string; extra: string } {
    const words = tokens.filter((t) => WORDLIKE.test(t));
    const extra: string[] = [];
    for (const w of words) if (w.length > 2) extra.push(...this.subwordsOf(w));
    return { words: words.join(' '), extra: extra.join(' ') };
  }

  private subwordsOf(word: string): string[] {
    let subs = this.subwords.get(word);
    if (!subs) {
      subs = this.engine.cutForSearch(word, false).filter((x) => x !== word);
      if (this.subwords.size >= 200_000) this.subwords.clear();
      this.subwords.set(word, subs);
    }
    return subs;
  }

  /**
   * The finer words a long word is indexed as where the text around it segments differently
   * (新能源汽车 → 新能源 汽车): the longest dictionary sub-words that tile it, or null.
   */
  tiling(word: string): string[] | null {
    const chars = [...word];
    if (chars.length <= 2) return null;
    const subs = new Set(this.subwordsOf(word).filter((t) => t.length >= 2));
    const out: string[] = [];
    for (let i = 0; i < chars.length; ) {
      let step = 1;
      for (let n = chars.length - i; n >= 2; n--) {
        if (subs.has(chars.slice(i, i + n).join(''))) {
          step = n;
          break;
        }
      }
      out.push(chars.slice(i, i + step).join(''));
      i += step;
    }
    // Single characters in the tiling (新能源 → 新 能源) would match nearly everything: none then.
    return out.length > 1 && out.every((w) => [...w].length >= 2) ? out : null;
  }

  /** Query words: the plain (precise-mode) tokens, without punctuation. */
  forQuery(text: string): string[] {
    return this.engine.cut(text, false).filter((t) => WORDLIKE.test(t));
  }
}

function dictLines(words: Iterable<string>): string {
  // A high frequency keeps the name whole (桃源县, 湘西土家族苗族自治州, 黄花综合保税区).
  return [...words].map((w) => `${w.replace(/\s+/g, '')} 100000 n`).join('\n') + '\n';
}
