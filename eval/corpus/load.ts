// The labeled corpus (eval/corpus/README.md): one passage a line in dev/*.jsonl and test/*.jsonl.
import fs from 'node:fs';
import path from 'node:path';

export interface GoldAmount {
  readonly raw: string;
  readonly value_yuan?: number;
  /** A foreign amount (美元, 港元, 欧元): `value` in its own unit, no `value_yuan`. */
  readonly currency?: 'USD' | 'HKD' | 'EUR';
  readonly value?: number;
  readonly kind?: string;
}

export interface GoldProject {
  readonly name: string | null;
  readonly companies: readonly string[];
  readonly amount: GoldAmount | null;
  readonly stage: string | null;
  readonly future: readonly string[];
  readonly region: string | null;
  readonly sectors: readonly string[];
}

export interface GoldBatch {
  readonly count: number;
  readonly stage: string;
  readonly amount: GoldAmount | null;
  readonly region: string | null;
  readonly members: readonly string[];
}

export interface Passage {
  readonly file: string;
  readonly split: 'dev' | 'test';
  readonly id: string;
  readonly genre: string;
  readonly province: string;
  readonly tag: string | null;
  readonly title: string;
  readonly body: string;
  readonly date: string;
  readonly stage: string;
  readonly place: string | null;
  readonly regions: readonly { readonly code: string; readonly mention: string }[];
  readonly amounts: readonly GoldAmount[];
  readonly companies: readonly string[];
  readonly batches: readonly GoldBatch[];
  readonly projects: readonly GoldProject[];
}

export const corpusDir = import.meta.dirname;

export function corpusFiles(split: 'dev' | 'test'): string[] {
  const dir = path.join(corpusDir, split);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .map((f) => path.join(dir, f));
}

export function loadCorpus(files: readonly string[] = [...corpusFiles('dev'), ...corpusFiles('test')]): Passage[] {
  const out: Passage[] = [];
  for (const file of files) {
    const split = path.basename(path.dirname(path.resolve(file))) === 'test' ? 'test' : 'dev';
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (!line.trim()) return;
      let raw: Record<string, unknown>;
      try {
        raw = JSON.parse(line) as Record<string, unknown>;
      } catch (e) {
        throw new Error(`${file}:${i + 1}: not JSON (${(e as Error).message})`);
      }
      out.push({
        id: '',
        genre: '',
        province: '',
        title: '',
        body: '',
        date: '',
        stage: 'none',
        file: path.relative(corpusDir, file),
        split,
        tag: null,
        place: null,
        regions: [],
        amounts: [],
        companies: [],
        batches: [],
        projects: [],
        ...raw,
      } as Passage);
    });
  }
  return out;
}
