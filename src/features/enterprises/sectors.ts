// The sector taxonomy (src/extraction/taxonomy.ts), shared by 企业入驻, investment needs and extraction.
import { SECTORS } from '../../extraction/taxonomy.js';

export { SECTORS, sector, type Sector } from '../../extraction/taxonomy.js';

export const SECTOR_OPTIONS = SECTORS.map((s) => [s.id, s.name] as const);
