// The bundled seed page and its parsed articles, for tests.
import fs from 'node:fs';
import { parseListing, type ParsedArticle } from '../../src/content/listing.js';
import { demoDataFile, gazetteerDir } from '../../src/paths.js';
import { Extractor, loadLexicons } from '../../src/extraction/index.js';
import { Gazetteer } from '../../src/regions/gazetteer.js';

export const seedText = fs.readFileSync(demoDataFile, 'utf8');
export const seedItems: ParsedArticle[] = parseListing(seedText);
export const gazetteer = Gazetteer.loadDir(gazetteerDir);
/** One extractor for every unit test, as the app has one. */
export const extractor = new Extractor(loadLexicons({ gazetteer }));

export function seedItem(titlePart: string): ParsedArticle {
  const a = seedItems.find((x) => x.title.includes(titlePart));
  if (!a) throw new Error(`no seed item with ${titlePart}`);
  return a;
}
