// Sitemaps (sitemaps.org 0.9). One <urlset> at /sitemap.xml while every public URL fits in one file
// (50,000); past that, /sitemap.xml is a <sitemapindex> of /sitemaps/<section>-<n>.xml chunks.
// A chunk is one id range of one table (articles-2 = ids 50,001–100,000), so an article never moves
// between chunks, and a chunk with nothing public in it is left out of the index.
import { MAX_ROW_ID, type Db } from '../../db/database.js';
import { escapeHtml } from '../../html.js';
import type { Gazetteer } from '../../regions/gazetteer.js';
import { newestDayIn, newestListChanges, sectionChunks, sectionCounts, sectionLocs, type SitemapSection } from './repository.js';

export const SITEMAP_TYPE = 'application/xml; charset=utf-8';
/** URLs per file, the protocol's limit. */
export const URLS_PER_FILE = 50_000;

const XMLNS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
/** Public pages that are not rows of a table, with the section their lastmod comes from. */
const FIXED: readonly { path: string; lastmod: 'articles' | 'projects' | 'enterprises' | null }[] = [
  { path: '/', lastmod: 'articles' },
  { path: '/regions', lastmod: 'articles' },
  { path: '/projects', lastmod: 'projects' },
  { path: '/stats', lastmod: 'projects' },
  { path: '/enterprises', lastmod: 'enterprises' },
  { path: '/search', lastmod: null },
  { path: '/submit', lastmod: null },
  { path: '/contact', lastmod: null },
  { path: '/join', lastmod: null },
];
/** Table sections in the order the index lists them; "pages" (the fixed pages and regions) comes first. */
const SECTIONS: readonly SitemapSection[] = ['enterprises', 'projects', 'articles'];
const PATH_OF: Record<SitemapSection, string> = { articles: '/articles/', projects: '/projects/', enterprises: '/enterprises/' };

export type ChunkName = { readonly section: 'pages' | SitemapSection; readonly n: number };

export function parseChunkName(file: string): ChunkName | null {
  const m = /^(pages|articles|projects|enterprises)-([1-9]\d{0,5})\.xml$/.exec(file);
  return m?.[1] && m[2] ? { section: m[1] as ChunkName['section'], n: Number(m[2]) } : null;
}

/** W3C datetime as stored (YYYY-MM-DD or an ISO timestamp); anything else is left out rather than sent wrong. */
function w3c(value: string | null | undefined): string | null {
  return value && /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/.test(value) ? value : null;
}

function url(origin: string, path: string, lastmod: string | null | undefined): string {
  const m = w3c(lastmod);
  return `<url><loc>${escapeHtml(origin + path)}</loc>${m ? `<lastmod>${m}</lastmod>` : ''}</url>\n`;
}

function urlset(entries: string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="${XMLNS}">\n${entries.join('')}</urlset>\n`;
}

/** The fixed pages and every region page, each region dated by the newest article in it or below it. */
async function pageEntries(db: Db, gz: Gazetteer, origin: string): Promise<string[]> {
  const [days, lists] = await Promise.all([Promise.all(gz.regions.map((r) => newestDayIn(db, r))), newestListChanges(db)]);
  const newest = new Map(gz.regions.map((r, i) => [r.code, days[i] ?? null]));
  const site = gz.provinces.map((p) => newest.get(p.code) ?? null).reduce<string | null>((m, d) => (d !== null && (m === null || d > m) ? d : m), null);
  const last = { articles: site, projects: lists.projects, enterprises: lists.enterprises };
  return [
    ...FIXED.map((f) => url(origin, f.path, f.lastmod ? last[f.lastmod] : null)),
    ...gz.regions.map((r) => url(origin, `/regions/${r.code}`, newest.get(r.code))),
  ];
}

async function sectionEntries(db: Db, origin: string, section: SitemapSection, afterId: number, upToId: number): Promise<string[]> {
  const rows = await sectionLocs(db, section, afterId, upToId);
  return rows.map((r) => url(origin, PATH_OF[section] + r.id, r.lastmod));
}

/** /sitemap.xml: every URL in one urlset, or the index of the chunks when they do not fit. */
export async function sitemapRoot(db: Db, gz: Gazetteer, origin: string): Promise<string> {
  const counts = await sectionCounts(db);
  const total = FIXED.length + gz.regions.length + SECTIONS.reduce((s, k) => s + counts[k], 0);
  if (total <= URLS_PER_FILE) {
    const all = SECTIONS.map((k) => (counts[k] > 0 ? sectionEntries(db, origin, k, 0, MAX_ROW_ID) : []));
    return urlset((await Promise.all([pageEntries(db, gz, origin), ...all])).flat());
  }
  const chunks = await Promise.all(SECTIONS.map((k) => sectionChunks(db, k, URLS_PER_FILE)));
  const files = ['pages-1.xml', ...SECTIONS.flatMap((k, i) => (chunks[i] ?? []).map((n) => `${k}-${n}.xml`))];
  const entries = files.map((f) => `<sitemap><loc>${escapeHtml(`${origin}/sitemaps/${f}`)}</loc></sitemap>\n`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="${XMLNS}">\n${entries.join('')}</sitemapindex>\n`;
}

/** One chunk, or null when it holds nothing public (a 404). */
export async function sitemapChunk(db: Db, gz: Gazetteer, origin: string, chunk: ChunkName): Promise<string | null> {
  if (chunk.section === 'pages') return chunk.n === 1 ? urlset(await pageEntries(db, gz, origin)) : null;
  const entries = await sectionEntries(db, origin, chunk.section, (chunk.n - 1) * URLS_PER_FILE, chunk.n * URLS_PER_FILE);
  return entries.length > 0 ? urlset(entries) : null;
}
