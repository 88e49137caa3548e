// Everything the extractor knows, read from data/ once at start and handed to new Extractor():
// the Hunan gazetteer, the names of places outside Hunan, the sector keywords and the list of
// well-known companies. No extraction module reads a file; this is the one place that does.
import fs from 'node:fs';
import path from 'node:path';
import { dataDir, gazetteerDir } from '../paths.js';
import { Gazetteer } from '../regions/gazetteer.js';
import type { OutsidePlacesFile } from './places.js';
import type { SectorKeywordsFile } from './sectors.js';

export interface Lexicons {
  readonly gazetteer: Gazetteer;
  readonly outsidePlaces: OutsidePlacesFile;
  readonly sectorKeywords: SectorKeywordsFile;
  /** Company names written without a company suffix (data/known-companies.json). */
  readonly knownCompanies: readonly string[];
}

function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

/** Reads the lexicons; `gazetteer` may be one already loaded (boot shares it with the pages). */
export function loadLexicons(opts: { dir?: string; gazetteer?: Gazetteer } = {}): Lexicons {
  const dir = opts.dir ?? dataDir;
  return {
    gazetteer: opts.gazetteer ?? Gazetteer.loadDir(opts.dir ? path.join(dir, 'gazetteer') : gazetteerDir),
    outsidePlaces: readJson<OutsidePlacesFile>(path.join(dir, 'places', 'china.json')),
    sectorKeywords: readJson<SectorKeywordsFile>(path.join(dir, 'sector-keywords.json')),
    knownCompanies: readJson<{ companies: string[] }>(path.join(dir, 'known-companies.json')).companies,
  };
}
