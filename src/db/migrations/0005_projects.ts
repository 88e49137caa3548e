// 0005: the project database (项目库) built from the facts, with each project's timeline across
// articles, and editors' corrections — of facts and of projects — kept apart from what the
// extractor writes so that re-extraction never loses them.
import { sql, type Kysely } from 'kysely';
import type { DialectInfo } from '../database.js';

export function m0005(info: DialectInfo) {
  const id = sql.raw(info.identity);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await sql`create table projects (
        id ${id},
        key varchar(300) not null unique,
        kind varchar(8) not null,
        parent_id integer references projects(id),
        name varchar(300) not null,
        region_code varchar(12) not null references regions(code),
        region_l1 varchar(12) not null,
        region_l2 varchar(12),
        region_l3 varchar(12),
        park varchar(100),
        stage varchar(24),
        project_count integer,
        amount_yuan varchar(40),
        amount_num double precision,
        amount_approx integer not null default 0,
        sectors text not null,
        companies text not null,
        search_text text not null,
        first_date varchar(10) not null,
        last_date varchar(10) not null,
        article_id integer not null references articles(id),
        event_count integer not null,
        hidden integer not null default 0,
        updated_at varchar(32) not null
      )`.execute(db);
      for (const col of ['region_l1', 'region_l2', 'region_l3', 'stage']) {
        await sql`create index ${sql.raw(`projects_${col}`)} on projects (${sql.raw(col)}, last_date)`.execute(db);
      }
      await sql`create index projects_last_date on projects (last_date, id)`.execute(db);
      await sql`create index projects_amount on projects (amount_num)`.execute(db);
      await sql`create index projects_parent on projects (parent_id)`.execute(db);

      // Every batch a project was reported in (its parent_id is the first): a total counts it once
      // whichever of its batches a filter shows.
      await sql`create table project_members (
        parent_id integer not null references projects(id),
        project_id integer not null references projects(id),
        primary key (project_id, parent_id)
      )`.execute(db);
      await sql`create index project_members_parent on project_members (parent_id)`.execute(db);

      await sql`create table project_sectors (
        sector_id varchar(40) not null,
        project_id integer not null references projects(id),
        primary key (sector_id, project_id)
      )`.execute(db);
      await sql`create index project_sectors_project on project_sectors (project_id)`.execute(db);

      // What one article says of one project: the draft (JSON), its date and stage.
      await sql`create table project_events (
        project_id integer not null references projects(id),
        article_id integer not null references articles(id),
        date varchar(10) not null,
        stage varchar(24),
        draft text not null,
        primary key (project_id, article_id)
      )`.execute(db);
      await sql`create index project_events_article on project_events (article_id)`.execute(db);

      // An editor's changes to one project, by its key: name, stage, amount, hidden, merged into.
      await sql`create table project_overrides (
        key varchar(300) primary key,
        patch text not null,
        user_id integer references users(id),
        updated_at varchar(32) not null
      )`.execute(db);

      // An editor's correction of one article's facts (extraction/corrections.ts), applied in order.
      await sql`create table fact_corrections (
        id ${id},
        article_id integer not null references articles(id),
        correction text not null,
        user_id integer references users(id),
        created_at varchar(32) not null
      )`.execute(db);
      await sql`create index fact_corrections_article on fact_corrections (article_id, id)`.execute(db);
    },
  };
}
