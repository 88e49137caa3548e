// The database as Kysely sees it. One schema for every dialect; DDL differences live in migrations.
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export interface RegionsTable {
  code: string; // GB/T 2260, e.g. 430725
  name: string; // 桃源县
  short_name: string; // 桃源
  level: 'province' | 'city' | 'county';
  parent_code: string | null;
  en_name: string;
  sort_order: number;
}

export interface ArticlesTable {
  id: Generated<number>;
  /** Natural key for idempotent imports: an external id, or a hash of title and date. */
  import_key: string;
  /** sha256 over the stored content; an import with the same key and hash is "unchanged". */
  content_hash: string;
  title: string;
  /** The tag as the source wrote it, without brackets: 长沙招商. */
  region_tag: string | null;
  region_code: string;
  /** Denormalized path of region_code so "a region and its descendants" is one indexed equality. */
  region_l1: string;
  region_l2: string | null;
  region_l3: string | null;
  body: string;
  excerpt: string;
  published_at: string; // YYYY-MM-DD
  source_truncated: number; // 0 | 1
  source_note: string | null;
  status: 'published' | 'draft' | 'unpublished';
  created_at: string;
  updated_at: string;
}

export interface SiteStateTable {
  key: string;
  value: string;
}

export interface DB {
  regions: RegionsTable;
  articles: ArticlesTable;
  site_state: SiteStateTable;
}

export type ArticleRow = Selectable<ArticlesTable>;
export type NewArticleRow = Insertable<ArticlesTable>;
export type ArticleUpdate = Updateable<ArticlesTable>;
export type RegionRow = Selectable<RegionsTable>;
