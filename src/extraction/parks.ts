// Parks and zones: 株洲高新区, 长沙黄花综合保税区, 湘江新区, 京东湘潭电商产业园 — once per park,
// with the region of the place in the name.
import {
  AffixIndex,
  allGeneric,
  byStart,
  type Candidate,
  NAME_CHAR,
  nameStart,
  PLACE_INTRO_RE,
  type PlaceNames,
  windowStart,
} from './names.js';
import type { SectorLexicon } from './sectors.js';
import type { ParkFact } from './types.js';

// Long forms first; the ones that are names by themselves (综合保税区) may stand without a prefix.
const PARK_SUFFIX_RE =
  /高新技术产业开发区|高新技术产业园区|经济技术开发区|经济开发区|综合保税区|自由贸易试验区|自贸试验区|自贸区|综保区|保税物流园区|高新区|经开区|开发区|工业园区|产业园区|产业园|工业园|物流园|科技园|创业园|产业新城|科技城|新城(?![区镇市])|新区|示范区|金融中心|管理区|产业基地/gu;
const STANDALONE_PARK = new Set(['综合保税区', '自由贸易试验区', '自贸试验区']);
const GENERIC_PARK = new Set([
  '国家', '国家级', '省级', '市级', '全国', '各', '该', '本', '此', '园区', '现代', '现代农业', '农业', '工业', '产业', '特色', '电商', '物流', '科技',
  '创业', '创新', '文化', '生态', '智慧', '智能', '数字', '高新', '高新技术', '新兴', '临空', '经济', '开放', '一批', '多个', '相关', '城市', '新',
  '老', '综合', '示范', '试点', '两型', '社会', '绿色', '循环', '低碳', '承接产业转移', '产业转移', '重点', '标准化', '中小企业', '大学生', '青年',
]);
const BASE_GENERIC_PARK: ReadonlySet<string> = new Set(GENERIC_PARK);
const PARK_WINDOW = 10;

const PARK_CANON: readonly [RegExp, string][] = [
  [/高新技术产业开发区$|高新技术产业园区$/u, '高新区'],
  [/经济技术开发区$/u, '经开区'],
  [/综合保税区$/u, '综保区'],
  [/自由贸易试验区$|自贸区$/u, '自贸试验区'],
];

/** Parks and zones with their place prefix, once per park. */
export class ParkFinder {
  private readonly generic: ReadonlySet<string>;
  private readonly maxGeneric: number;

  constructor(
    private readonly names: PlaceNames,
    sectors: SectorLexicon,
  ) {
    // 电商产业园, 跨境电商产业园: a sector word makes a kind of park.
    this.generic = new Set([...GENERIC_PARK, ...sectors.keywords.keys()]);
    this.maxGeneric = Math.max(...[...this.generic].map((w) => w.length));
  }

  /** 湖南省株洲市高新技术产业开发区 → 株洲高新区: for telling mentions of one park apart from two. */
  parkKey(name: string): string {
    let n = name;
    for (const [re, short] of PARK_CANON) n = n.replace(re, short);
    const places = this.names.leadingPlaces(n);
    let rest = n.slice(places.join('').length);
    const shorts = places.map((p) => p.replace(/(?:省|市|县|区)$/u, ''));
    // The province adds nothing when a city follows (湖南株洲高新区 = 株洲高新区).
    if (shorts.length > 1 && shorts[0] === '湖南') shorts.shift();
    rest = shorts.join('') + rest;
    return rest;
  }

  private parkNameOk(prefix: string, suffix: string): boolean {
    // Sector words make a kind of park (电商产业园) but may name a new town (高铁新城, 空港新区).
    const generic = /新城|新区/.test(suffix) ? BASE_GENERIC_PARK : this.generic;
    if (prefix.length < 2 || allGeneric(prefix, generic, this.maxGeneric)) return false;
    // A prefix that is a whole place plus generic words (全国自贸试验区) is a class of parks, not one.
    const { places, rest } = this.names.stripPlaces(prefix);
    return !(places.some((p) => p === '全国' || p === '中国') && allGeneric(rest, this.generic, this.maxGeneric));
  }

  /**
   * Parks and zones with their place prefix, once per park. `resolveRegion` (a gazetteer lookup,
   * name → code) gives the region of the place in the name (株洲 → 430200); without it, null.
   */
  extract(text: string, resolveRegion?: (name: string) => string | null): ParkFact[] {
    const cands: (Candidate & { readonly prefix: string })[] = [];
    const verdict = new Map<string, boolean>();
    let floor = 0;
    for (const m of text.matchAll(PARK_SUFFIX_RE)) {
      const end = m.index + m[0].length;
      const { from, truncated } = windowStart(text, m.index, PARK_WINDOW, floor, NAME_CHAR);
      floor = end;
      if (from === m.index) {
        if (STANDALONE_PARK.has(m[0])) cands.push({ name: m[0], start: m.index, end, prefix: '' });
        continue;
      }
      const start = nameStart(text, from, m.index, truncated, PLACE_INTRO_RE);
      if (start === null) continue;
      const prefix = text.slice(start, m.index);
      if (prefix.length === 0) {
        if (STANDALONE_PARK.has(m[0])) cands.push({ name: m[0], start: m.index, end, prefix });
        continue;
      }
      const name = text.slice(start, end);
      let ok = verdict.get(name);
      if (ok === undefined) {
        ok = this.parkNameOk(prefix, m[0]);
        verdict.set(name, ok);
      }
      if (ok) cands.push({ name, start, end, prefix });
    }
    // Group mentions of one park (黄花综合保税区, 长沙黄花综合保税区, 长沙黄花综保区): a key that
    // ends another is the same park with less of its place. The name shown is the form written most
    // often (ties: the longest), at its first mention.
    const groups: { key: string; members: (Candidate & { prefix: string })[] }[] = [];
    const index = new AffixIndex(false);
    const keys = new Map<string, string>();
    for (const c of cands) {
      let k = keys.get(c.name);
      if (k === undefined) {
        k = this.parkKey(c.name);
        keys.set(c.name, k);
      }
      const gi = index.find(k);
      const g = gi === undefined ? undefined : groups[gi];
      if (gi === undefined || !g) {
        index.add(k, groups.length);
        groups.push({ key: k, members: [c] });
      } else {
        g.members.push(c);
        if (k.length > g.key.length) {
          g.key = k;
          index.add(k, gi);
        }
      }
    }
    const out: ParkFact[] = [];
    for (const g of groups) {
      const counts = new Map<string, number>();
      for (const m of g.members) counts.set(m.name, (counts.get(m.name) ?? 0) + 1);
      let best = g.members[0] as Candidate & { prefix: string };
      for (const m of g.members) {
        const cm = counts.get(m.name) ?? 0;
        const cb = counts.get(best.name) ?? 0;
        if (cm > cb || (cm === cb && m.name.length > best.name.length)) best = m;
      }
      const regionCode = resolveRegion ? this.parkRegion(g.members.map((m) => m.prefix), resolveRegion) : null;
      out.push({ name: best.name, regionCode, start: best.start, end: best.end });
    }
    return out.sort(byStart);
  }

  /**
   * The most specific place the name's prefix resolves to. The places are found here (湖南省, 株洲市
   * in 湖南省株洲市; 湘潭 inside 京东湘潭电商; 吉首 at the start of 吉首经开区) and the resolver is
   * asked about each by its full name (吉首 → 吉首市), one at a time, so an exact lookup and a
   * find-the-first-place-in-the-string lookup give the same answer.
   */
  private parkRegion(prefixes: readonly string[], resolve: (name: string) => string | null): string | null {
    const ask = (place: string) => resolve(this.names.fullName.get(place) ?? place);
    for (const prefix of [...new Set(prefixes)].sort((a, b) => b.length - a.length)) {
      // Leading: 湖南省株洲市 → 湖南省, then 株洲市 (the later, more specific one wins).
      let code: string | null = null;
      for (let i = 0; i < prefix.length; ) {
        const hit = this.names.leadingMatcher.matchAt(prefix, i);
        if (!hit) break;
        code = ask(hit.text) ?? code;
        i = hit.end;
      }
      if (code) return code;
      // Inside: 京东湘潭电商产业园 → 湘潭; 大湘西物流园 → 湘西.
      for (const hit of this.names.matcher.scan(prefix)) {
        const c = ask(hit.text);
        if (c) return c;
      }
    }
    return null;
  }
}
