// The gazetteer: administrative divisions loaded from data/gazetteer/*.json (one file a province),
// with lookups by code, by name or short form, and place mentions in text.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export type RegionLevel = 'province' | 'city' | 'county';

export interface Region {
  readonly code: string;
  readonly name: string; // 桃源县
  readonly short: string; // 桃源
  readonly level: RegionLevel;
  readonly parent: string | null;
  readonly en: string;
  readonly depth: number; // province 1, city 2, county 3
}

const fileSchema = z.object({
  source: z.string(),
  vintage: z.string(),
  province: z.string().regex(/^\d{6}$/),
  divisions: z.array(
    z.object({
      code: z.string().regex(/^\d{6}$/),
      name: z.string().min(1),
      short: z.string().min(1),
      level: z.enum(['province', 'city', 'county']),
      parent: z.string().nullable(),
      en: z.string(),
    }),
  ),
  zones: z.array(z.object({ code: z.string(), name: z.string(), parent: z.string() })).default([]),
});

const DEPTH: Record<RegionLevel, number> = { province: 1, city: 2, county: 3 };

export interface Mention {
  readonly region: Region;
  readonly index: number;
  readonly text: string;
  /** true when the text was the full name (桃源县), not a short form (桃源). */
  readonly full: boolean;
}

export class Gazetteer {
  readonly regions: readonly Region[];
  readonly provinces: readonly Region[];
  readonly sources: readonly { province: string; source: string; vintage: string }[];
  private readonly byCode = new Map<string, Region>();
  private readonly byFullName = new Map<string, Region[]>();
  private readonly byShort = new Map<string, Region[]>();
  private readonly childrenOf = new Map<string, Region[]>();
  private readonly byPinyin = new Map<string, Region>();
  private readonly mentionRe: RegExp;

  constructor(files: readonly z.input<typeof fileSchema>[]) {
    const regions: Region[] = [];
    const sources: { province: string; source: string; vintage: string }[] = [];
    for (const raw of files) {
      const f = fileSchema.parse(raw);
      sources.push({ province: f.province, source: f.source, vintage: f.vintage });
      for (const d of f.divisions) regions.push({ ...d, depth: DEPTH[d.level] });
    }
    this.regions = regions;
    this.sources = sources;
    for (const r of regions) {
      this.byCode.set(r.code, r);
      push(this.byFullName, r.name, r);
      if (r.short !== r.name) push(this.byShort, r.short, r);
      if (r.parent) push(this.childrenOf, r.parent, r);
    }
    for (const r of regions) if (r.parent && !this.byCode.has(r.parent)) throw new Error(`gazetteer: ${r.code} has unknown parent ${r.parent}`);
    this.provinces = regions.filter((r) => r.level === 'province');
    // Pinyin of the short name is the first word of the English name (Changsha, Taoyuan County,
    // Xiangxi Tujia and Miao Autonomous Prefecture); the higher level wins a shared spelling.
    for (const r of [...regions].sort((a, b) => a.depth - b.depth)) {
      const key = r.en.split(/\s+/)[0]?.toLowerCase();
      if (key && !this.byPinyin.has(key)) this.byPinyin.set(key, r);
    }
    // Full names anywhere; short forms only where they are unlikely to be ordinary words:
    // provinces and prefecture-level cities, and county short forms of three or more characters.
    const words = new Set<string>();
    for (const r of regions) {
      words.add(r.name);
      if (r.level !== 'county' || r.short.length >= 3) words.add(r.short);
    }
    const alternatives = [...words].sort((a, b) => b.length - a.length).map(escapeRe);
    this.mentionRe = new RegExp(alternatives.join('|'), 'gu');
  }

  static loadDir(dir: string): Gazetteer {
    const files = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as z.input<typeof fileSchema>);
    if (files.length === 0) throw new Error(`gazetteer: no data files in ${dir}`);
    return new Gazetteer(files);
  }

  get(code: string): Region | undefined {
    return this.byCode.get(code);
  }

  children(code: string): readonly Region[] {
    return this.childrenOf.get(code) ?? [];
  }

  /** The region itself first, then its parent, up to the province. */
  ancestry(code: string): Region[] {
    const out: Region[] = [];
    for (let r = this.byCode.get(code); r; r = r.parent ? this.byCode.get(r.parent) : undefined) out.push(r);
    return out;
  }

  isWithin(code: string, ancestor: string): boolean {
    return this.ancestry(code).some((r) => r.code === ancestor);
  }

  /**
   * A name as people write it: the full name (桃源县) or a short form (益阳, 湘西). Where a short
   * form is shared (长沙 = 长沙市 and 长沙县), the higher level wins: people mean the city.
   */
  lookup(name: string): Region | undefined {
    const n = name.trim();
    const full = this.byFullName.get(n);
    if (full?.length) return minBy(full, (r) => r.depth);
    const short = this.byShort.get(n);
    if (short?.length) return minBy(short, (r) => r.depth);
    return undefined;
  }

  /** changsha → 长沙市: a place spelled in pinyin (lower case, no spaces or tones). */
  pinyin(key: string): Region | undefined {
    return this.byPinyin.get(key.toLowerCase().replace(/[\s'-]/g, ''));
  }

  /** Place mentions in text, left to right, longest match first. */
  mentions(text: string): Mention[] {
    const out: Mention[] = [];
    for (const m of text.matchAll(this.mentionRe)) {
      const full = this.byFullName.get(m[0]);
      const region = full?.length ? minBy(full, (r) => r.depth) : this.lookup(m[0]);
      if (region) out.push({ region, index: m.index ?? 0, text: m[0], full: Boolean(full?.length) });
    }
    return out;
  }

  /** Path codes [province, city?, county?] for storing "a region and its descendants" as columns. */
  path(code: string): [string, string | null, string | null] {
    const chain = this.ancestry(code).reverse();
    return [chain[0]?.code ?? code, chain[1]?.code ?? null, chain[2]?.code ?? null];
  }
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

function minBy<T>(xs: readonly T[], f: (x: T) => number): T | undefined {
  let best: T | undefined;
  for (const x of xs) if (best === undefined || f(x) < f(best)) best = x;
  return best;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
