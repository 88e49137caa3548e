// The hand-checked facts of the ten seed articles: a copy of ../shared/data/seed-gold.jsonl kept
// with the tests, so they run the same with or without ../shared.
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../src/paths.js';

export const GOLD_FILE = path.join(projectRoot, 'test', 'fixtures', 'seed-gold.jsonl');

export function loadGold<T>(): T[] {
  const records = fs
    .readFileSync(GOLD_FILE, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
  if (records.length !== 10) throw new Error(`${GOLD_FILE}: expected 10 records, found ${records.length}`);
  return records;
}
