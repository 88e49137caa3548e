// Names a page prints from data: regions (the gazetteer's `en`) and sectors (src/extraction/taxonomy.ts's
// `en`). View models carry the code and the Chinese name (the API serves them as they are); the
// view asks here for the name in the page's language. Content — titles, bodies, company and park
// names — is never translated.
import { gazetteerDir } from '../paths.js';
import { Gazetteer } from '../regions/gazetteer.js';
import { sector, STATS_ONLY_SECTORS } from '../extraction/taxonomy.js';
import { isEnglish } from './locale.js';
import { html, type Html, type Renderable } from '../html.js';

let gazetteer: Gazetteer | undefined;

/** The same data files boot() reads; loaded on the first English page. */
function gz(): Gazetteer {
  gazetteer ??= Gazetteer.loadDir(gazetteerDir);
  return gazetteer;
}

function englishRegionName(code: string): string | undefined {
  return gz().get(code)?.en;
}

/** A place named in Chinese inside a message (长沙, 桃源县) → its English name, if it is one. */
export function englishPlaceName(zh: string): string | undefined {
  return gz().lookup(zh)?.en;
}

export function placeName(r: { readonly code: string; readonly name: string }): string {
  return isEnglish() ? (englishRegionName(r.code) ?? r.name) : r.name;
}

export function sectorName(s: { readonly id: string; readonly name: string }): string {
  return isEnglish() ? ((sector(s.id) ?? STATS_ONLY_SECTORS.get(s.id))?.en ?? s.name) : s.name;
}

/**
 * Chinese content inside an English page, marked as such for screen readers, hyphenation and
 * fonts (WCAG 3.1.2, language of parts). On a Chinese page the text as it is.
 */
export function zhText(content: Renderable): Html {
  return isEnglish() ? html`<span lang="zh-CN">${content}</span>` : html`${content}`;
}

/** ` lang="zh-CN"` for an element holding Chinese content on an English page. */
export function zhLang(): Html | '' {
  return isEnglish() ? html` lang="zh-CN"` : '';
}
