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
  users: UsersTable;
  sessions: SessionsTable;
  invites: InvitesTable;
  login_failures: LoginFailuresTable;
  submissions: SubmissionsTable;
  contact_messages: ContactMessagesTable;
  enterprise_applications: EnterpriseApplicationsTable;
  enterprises: EnterprisesTable;
  company_posts: CompanyPostsTable;
  moderation_log: ModerationLogTable;
  challenges: ChallengesTable;
  form_posts: FormPostsTable;
  article_facts: ArticleFactsTable;
  projects: ProjectsTable;
  project_sectors: ProjectSectorsTable;
  project_members: ProjectMembersTable;
  project_events: ProjectEventsTable;
  project_overrides: ProjectOverridesTable;
  fact_corrections: FactCorrectionsTable;
  stats_rollup: StatsRollupTable;
  stats_rollup_sector: StatsRollupSectorTable;
  stats_sector_total: StatsSectorTotalTable;
  /** PostgreSQL only (0007): the search index, a tsvector literal built by search/postgres-fts.ts. */
  articles_search: { id: number; doc: string };
  rate_limits: RateLimitsTable;
}

/** 0008: a shared request counter (web/shared-rate.ts). */
export interface RateLimitsTable {
  key: string;
  /** Start of the counter's fixed window, ms since the epoch. */
  window_start: number | string;
  hits: number;
}

export interface ProjectsTable {
  id: Generated<number>;
  /** Identity across rebuilds and articles (projects/build.ts ProjectDraft.key). */
  key: string;
  kind: 'group' | 'single';
  /** The batch a project was reported in (七个重点项目 → its named projects). */
  parent_id: number | null;
  name: string;
  region_code: string;
  region_l1: string;
  region_l2: string | null;
  region_l3: string | null;
  park: string | null;
  stage: string | null;
  project_count: number | null;
  /** Exact decimal string; amount_num is the same as a double, for sorting and ranges only. */
  amount_yuan: string | null;
  amount_num: number | null;
  amount_approx: number;
  sectors: string; // JSON string[] of sector ids
  /** The one sector the statistics count it under: an id, 'multi' or '' (projects/stats-sector.ts). */
  stats_sector: Generated<string>;
  companies: string; // JSON string[]
  /** Name and companies as plain text, for the 名称或企业 filter. */
  search_text: string;
  first_date: string;
  last_date: string;
  /** The first article that reported it. */
  article_id: number;
  event_count: number;
  hidden: number;
  updated_at: string;
  /** The scorecard: reported signed; and later reported started / completed (0 or 1 each). */
  conv_signed: Generated<number>;
  conv_started: Generated<number>;
  conv_completed: Generated<number>;
}

interface RollupMeasures {
  /** Projects: a batch counts its project count, a project inside a batch nothing more. */
  projects: number;
  /** Yuan, counted once: a project inside a batch that states a total adds nothing. */
  amount_sum: number;
  amount_n: number;
  conv_signed: number;
  conv_started: number;
  conv_completed: number;
}

interface RollupPlace {
  region_code: string;
  region_l1: string;
  region_l2: string | null;
  region_l3: string | null;
}

/** By place × month of first report (YYYY-MM) × stage ('' when unknown). */
export interface StatsRollupTable extends RollupPlace, RollupMeasures {
  month: string;
  stage: string;
}

/** The same by sector (a project counts under each of its sectors). */
export interface StatsRollupSectorTable extends StatsRollupTable {
  sector_id: string;
}

/** By sector for all time: stats_rollup_sector summed over months, kept by deltas. */
export interface StatsSectorTotalTable extends RollupPlace, RollupMeasures {
  stage: string;
  sector_id: string;
}

export interface ProjectMembersTable {
  parent_id: number;
  project_id: number;
}

export interface ProjectSectorsTable {
  sector_id: string;
  project_id: number;
}

export interface ProjectEventsTable {
  project_id: number;
  article_id: number;
  date: string;
  stage: string | null;
  draft: string; // JSON ProjectDraft
}

export interface ProjectOverridesTable {
  key: string;
  patch: string; // JSON ProjectPatch
  user_id: number | null;
  updated_at: string;
}

export interface FactCorrectionsTable {
  id: Generated<number>;
  article_id: number;
  correction: string; // JSON Correction (extraction/corrections.ts)
  user_id: number | null;
  created_at: string;
}

export interface ArticleFactsTable {
  article_id: number;
  version: number;
  /** JSON of extraction's Facts, offsets into the article's "title\nbody". */
  facts: string;
  extracted_at: string;
}

export type ArticleRow = Selectable<ArticlesTable>;
export type NewArticleRow = Insertable<ArticlesTable>;
export type ArticleUpdate = Updateable<ArticlesTable>;
export type RegionRow = Selectable<RegionsTable>;

export type Role = 'admin' | 'editor' | 'company';

export interface UsersTable {
  id: Generated<number>;
  email: string;
  password_hash: string | null;
  role: Role;
  name: string;
  enterprise_id: number | null;
  status: 'active' | 'disabled' | 'invited';
  created_at: string;
  updated_at: string;
  last_login_at: string | null;
}

export interface SessionsTable {
  /** sha256 of the cookie's token: a stolen database does not hold usable session ids. */
  id: string;
  user_id: number;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
  ip: string | null;
  user_agent: string | null;
}

export interface InvitesTable {
  token_hash: string;
  user_id: number;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface LoginFailuresTable {
  id: Generated<number>;
  email: string;
  ip: string;
  at: string;
}

export type SubmissionStatus = 'pending' | 'published' | 'rejected';

/** What an editor's decision on a queued item records: tips and company posts alike. */
interface ModeratedColumns {
  status: SubmissionStatus;
  reason: string | null;
  /** The article it was published as. */
  article_id: number | null;
  created_at: string;
  decided_at: string | null;
  decided_by: number | null;
}

export interface SubmissionsTable extends ModeratedColumns {
  id: Generated<number>;
  tracking_code: string;
  title: string;
  region_code: string;
  body: string;
  source_url: string | null;
  name: string;
  contact: string;
}

export interface ContactMessagesTable {
  id: Generated<number>;
  name: string;
  organization: string | null;
  contact: string;
  subject: string;
  message: string;
  status: 'new' | 'handled';
  created_at: string;
  handled_at: string | null;
  handled_by: number | null;
}

export interface EnterpriseApplicationsTable {
  id: Generated<number>;
  tracking_code: string;
  company_name: string;
  uscc: string;
  industry: string;
  region_code: string;
  address: string;
  contact_person: string;
  mobile: string;
  email: string;
  description: string;
  licence_file: string;
  licence_mime: string;
  licence_size: number;
  status: 'pending' | 'approved' | 'rejected';
  reason: string | null;
  enterprise_id: number | null;
  created_at: string;
  decided_at: string | null;
  decided_by: number | null;
}

export interface EnterprisesTable {
  id: Generated<number>;
  name: string;
  uscc: string;
  industry: string;
  region_code: string;
  address: string;
  description: string;
  contact_person: string;
  mobile: string;
  email: string;
  website: string | null;
  status: 'active' | 'hidden';
  created_at: string;
  updated_at: string;
}

export interface CompanyPostsTable extends ModeratedColumns {
  id: Generated<number>;
  enterprise_id: number;
  kind: 'news' | 'need';
  title: string;
  body: string;
  sector: string | null;
  region_code: string | null;
  amount_min: string | null;
  amount_max: string | null;
  space_need: string | null;
}

export interface ModerationLogTable {
  id: Generated<number>;
  actor_id: number | null;
  action: string;
  target_type: string;
  target_id: number;
  reason: string | null;
  details: string | null;
  created_at: string;
}

export interface ChallengesTable {
  id: string;
  answer_hash: string;
  expires_at: string;
  used: number;
}

export interface FormPostsTable {
  id: Generated<number>;
  ip_hash: string;
  form: string;
  at: string;
}
