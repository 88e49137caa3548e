// The sector taxonomy (data/sectors.json), shared by 企业入驻, investment needs and extraction.
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../paths.js';

export interface Sector {
  readonly id: string;
  readonly name: string;
  readonly en: string;
}

export const SECTORS: readonly Sector[] = (
  JSON.parse(fs.readFileSync(path.join(projectRoot, 'data', 'sectors.json'), 'utf8')) as { sectors: Sector[] }
).sectors;

const byId = new Map(SECTORS.map((s) => [s.id, s]));

export function sector(id: string | null | undefined): Sector | undefined {
  return id ? byId.get(id) : undefined;
}

export const SECTOR_OPTIONS = SECTORS.map((s) => [s.id, s.name] as const);
