// A deterministic synthetic corpus for benchmarks: N articles in the JSON Lines import format
// (src/content/listing.ts parseJsonLines), bodies built from sentences of the bundled seed file,
// region tags from the Hunan gazetteer. Same seed and N → byte-identical output, on any machine.
import fs from 'node:fs';
import path from 'node:path';
import { parseListing } from '../src/content/listing.js';
import { demoDataFile, gazetteerDir } from '../src/paths.js';
import { Gazetteer, type RegionLevel } from '../src/regions/gazetteer.js';

/** One line of the JSON Lines import format. */
export interface CorpusArticle {
  readonly id: string;
  readonly title: string;
  readonly regionTag: string;
  readonly body: string;
  readonly publishedAt: string;
}

/** A place a tag can name: 长沙 (tag 长沙招商) or 桃源县 (tag 桃源县招商). */
export interface Place {
  readonly name: string;
  readonly code: string;
  readonly level: RegionLevel;
}

export interface CorpusSources {
  readonly sentences: readonly string[];
  readonly prefectures: readonly Place[];
  readonly counties: readonly Place[];
  readonly province: Place;
}

export interface CorpusOptions {
  /** PRNG seed (default 20250709). */
  readonly seed?: number;
  /** Target body size in UTF-8 bytes (default 1536 = 1.5 KB; each body lands within ±15 %). */
  readonly bodyBytes?: number;
  /** Prefix of the external ids: `${idPrefix}-000001` (default "bench"). */
  readonly idPrefix?: string;
  /** Defaults to loadCorpusSources(). Pass it in when generating several corpora. */
  readonly sources?: CorpusSources;
  /**
   * A sentence put right after the lead of every `every`-th article (article i with
   * i % every === 0): a word in a known, small share of the corpus, e.g. a rare word for the
   * search benchmark. Uses no randomness, so every other article, and everything else of these,
   * is the same as without it. Default: none.
   */
  readonly inject?: { readonly sentence: string; readonly every: number };
}

export const DEFAULT_SEED = 20250709;
export const DEFAULT_BODY_BYTES = 1536;
const COUNTY_SAMPLE = 24;
const FIRST_DAY = Date.UTC(2019, 0, 1);
const LAST_DAY = Date.UTC(2025, 11, 31);
const DAY_MS = 86_400_000;

// ---------------------------------------------------------------------------------------------
// PRNG: mulberry32, 32-bit state, good enough for test data and identical on every platform.

export class Prng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Prng.pick: empty list');
    return items[this.int(0, items.length - 1)] as T;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  /** A shuffled copy (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  }
}

// ---------------------------------------------------------------------------------------------
// Sources: sentences of the seed file, places of the gazetteer.

const SENTENCE_END = /(?<=[。!?;])/u;

/** Sentences of the seed articles' bodies, 12–160 characters, deduplicated, in file order. */
export function seedSentences(seedText: string): string[] {
  const seen = new Set<string>();
  for (const article of parseListing(seedText)) {
    for (const raw of article.body.split(SENTENCE_END)) {
      const s = raw.replace(/\s+/gu, '').trim();
      if (s.length >= 12 && s.length <= 160) seen.add(s);
    }
  }
  return [...seen];
}

/** The 14 prefectures (short names), a seeded sample of counties (full names), and the province. */
export function gazetteerPlaces(gz: Gazetteer, seed = DEFAULT_SEED): Omit<CorpusSources, 'sentences'> {
  const province = gz.provinces[0];
  if (!province) throw new Error('gazetteer has no province');
  const prefectures = gz.regions.filter((r) => r.level === 'city').map((r) => ({ name: r.short, code: r.code, level: r.level }));
  // Counties with a name people put in tags (…县, …市); districts (…区) are rarely tagged alone.
  const counties = gz.regions.filter((r) => r.level === 'county' && /[县市]$/u.test(r.name));
  const sample = new Prng(seed ^ 0x5eed).shuffle(counties).slice(0, COUNTY_SAMPLE);
  return {
    prefectures,
    counties: sample.sort((a, b) => a.code.localeCompare(b.code)).map((r) => ({ name: r.name, code: r.code, level: r.level })),
    province: { name: province.short, code: province.code, level: province.level },
  };
}

export function loadCorpusSources(files: { seed?: string; gazetteer?: string } = {}): CorpusSources {
  const sentences = seedSentences(fs.readFileSync(files.seed ?? demoDataFile, 'utf8'));
  if (sentences.length < 50) throw new Error(`seed file has only ${sentences.length} usable sentences`);
  return { sentences, ...gazetteerPlaces(Gazetteer.loadDir(files.gazetteer ?? gazetteerDir)) };
}

// ---------------------------------------------------------------------------------------------
// Articles.

const INDUSTRIES = [
  '新能源', '新材料', '电子信息', '生物医药', '工程机械', '轨道交通', '航空航天', '智能制造', '食品加工', '现代物流',
  '文化旅游', '数字经济', '新能源汽车', '农产品深加工', '节能环保', '医疗康养', '跨境电商', '先进储能',
] as const;
const EVENTS = ['集中签约', '集中开工', '竣工投产', '招商推介会举行', '签约落地', '开工建设', '签约仪式举行', '投产达效'] as const;
const SUBJECTS = ['重点项目', '产业项目', '招商引资项目', '产业园项目', '龙头企业项目'] as const;

function amount(rng: Prng): string {
  return rng.chance(0.7) ? `${rng.int(1, 99)}.${rng.int(0, 9)}亿元` : `${rng.int(1000, 9999)}万元`;
}

function pickPlace(rng: Prng, src: CorpusSources): Place {
  const r = rng.next();
  if (r < 0.8) return rng.pick(src.prefectures);
  if (r < 0.95) return rng.pick(src.counties);
  return src.province;
}

function makeTitle(rng: Prng, place: Place): string {
  const n = rng.int(2, 12);
  return `${place.name}${rng.pick(INDUSTRIES)}${rng.pick(SUBJECTS)}${rng.pick(EVENTS)} ${n}个项目总投资${amount(rng)}`;
}

function lead(rng: Prng, place: Place): string {
  return `近日,${place.name}${rng.pick(INDUSTRIES)}领域${rng.pick(SUBJECTS)}${rng.pick(EVENTS)},总投资${amount(rng)},预计带动就业${rng.int(100, 5000)}人。`;
}

/** Lead sentence plus seed sentences until the UTF-8 size reaches the target; paragraphs of 3–6 sentences. */
function makeBody(rng: Prng, place: Place, src: CorpusSources, targetBytes: number, injected = ''): string {
  const target = Math.round(targetBytes * (0.85 + 0.3 * rng.next()));
  const paragraphs: string[] = [];
  // The injected sentence counts towards neither the size nor the sentences per paragraph, so
  // the random draws (and the rest of the body) are exactly those of the article without it.
  let paragraph = lead(rng, place);
  let inParagraph = 1;
  let bytes = Buffer.byteLength(paragraph);
  paragraph += injected;
  let perParagraph = rng.int(3, 6);
  while (bytes < target) {
    const s = rng.pick(src.sentences);
    if (inParagraph >= perParagraph) {
      paragraphs.push(paragraph);
      paragraph = '';
      inParagraph = 0;
      perParagraph = rng.int(3, 6);
      bytes += 1; // the newline
    }
    paragraph += s;
    inParagraph++;
    bytes += Buffer.byteLength(s);
  }
  paragraphs.push(paragraph);
  return paragraphs.join('\n');
}

function makeDate(rng: Prng): string {
  const days = (LAST_DAY - FIRST_DAY) / DAY_MS;
  return new Date(FIRST_DAY + rng.int(0, days) * DAY_MS).toISOString().slice(0, 10);
}

/** N articles, deterministic for a given seed, N and sources. */
export function generateArticles(n: number, options: CorpusOptions = {}): CorpusArticle[] {
  const src = options.sources ?? loadCorpusSources();
  const rng = new Prng(options.seed ?? DEFAULT_SEED);
  const bodyBytes = options.bodyBytes ?? DEFAULT_BODY_BYTES;
  const prefix = options.idPrefix ?? 'bench';
  const width = Math.max(6, String(n).length);
  const inject = options.inject;
  if (inject && !(Number.isInteger(inject.every) && inject.every >= 1)) throw new Error(`inject.every must be a whole number ≥ 1, not ${inject.every}`);
  const out: CorpusArticle[] = [];
  for (let i = 1; i <= n; i++) {
    const place = pickPlace(rng, src);
    out.push({
      id: `${prefix}-${String(i).padStart(width, '0')}`,
      title: makeTitle(rng, place),
      regionTag: `${place.name}招商`,
      body: makeBody(rng, place, src, bodyBytes, inject && i % inject.every === 0 ? inject.sentence : ''),
      publishedAt: makeDate(rng),
    });
  }
  return out;
}

export function toJsonLines(articles: readonly CorpusArticle[]): string {
  return articles.map((a) => JSON.stringify(a)).join('\n') + '\n';
}

export function writeJsonLines(file: string, articles: readonly CorpusArticle[]): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, toJsonLines(articles));
}
