// 0003: accounts, sessions, invites, login throttling; tips (投稿), contact messages (联系我们),
// company applications (企业入驻), companies and their posts; the moderation log; challenges.
import { sql, type Kysely } from 'kysely';
import type { DialectInfo } from '../database.js';

export function m0003(info: DialectInfo) {
  const id = sql.raw(info.identity);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await sql`create table enterprises (
        id ${id},
        name varchar(200) not null,
        uscc varchar(18) not null unique,
        industry varchar(64) not null,
        region_code varchar(12) not null references regions(code),
        address text not null,
        description text not null,
        contact_person varchar(100) not null,
        mobile varchar(32) not null,
        email varchar(254) not null,
        website text,
        status varchar(16) not null default 'active',
        created_at varchar(32) not null,
        updated_at varchar(32) not null
      )`.execute(db);
      await sql`create index enterprises_list on enterprises (status, region_code, industry, id)`.execute(db);

      await sql`create table users (
        id ${id},
        email varchar(254) not null unique,
        password_hash text,
        role varchar(16) not null,
        name varchar(100) not null,
        enterprise_id integer references enterprises(id),
        status varchar(16) not null default 'active',
        created_at varchar(32) not null,
        updated_at varchar(32) not null,
        last_login_at varchar(32)
      )`.execute(db);

      await sql`create table sessions (
        id varchar(64) primary key,
        user_id integer not null references users(id),
        created_at varchar(32) not null,
        expires_at varchar(32) not null,
        last_seen_at varchar(32) not null,
        ip varchar(64),
        user_agent text
      )`.execute(db);
      await sql`create index sessions_user on sessions (user_id)`.execute(db);

      await sql`create table invites (
        token_hash varchar(64) primary key,
        user_id integer not null references users(id),
        created_at varchar(32) not null,
        expires_at varchar(32) not null,
        used_at varchar(32)
      )`.execute(db);

      await sql`create table login_failures (
        id ${id},
        email varchar(254) not null,
        ip varchar(64) not null,
        at varchar(32) not null
      )`.execute(db);
      await sql`create index login_failures_email on login_failures (email, at)`.execute(db);
      await sql`create index login_failures_ip on login_failures (ip, at)`.execute(db);

      await sql`create table submissions (
        id ${id},
        tracking_code varchar(32) not null unique,
        title text not null,
        region_code varchar(12) not null references regions(code),
        body text not null,
        source_url text,
        name varchar(100) not null,
        contact varchar(254) not null,
        status varchar(16) not null default 'pending',
        reason text,
        article_id integer references articles(id),
        created_at varchar(32) not null,
        decided_at varchar(32),
        decided_by integer references users(id)
      )`.execute(db);
      await sql`create index submissions_queue on submissions (status, created_at, id)`.execute(db);

      await sql`create table contact_messages (
        id ${id},
        name varchar(100) not null,
        organization varchar(200),
        contact varchar(254) not null,
        subject varchar(200) not null,
        message text not null,
        status varchar(16) not null default 'new',
        created_at varchar(32) not null,
        handled_at varchar(32),
        handled_by integer references users(id)
      )`.execute(db);
      await sql`create index contact_messages_queue on contact_messages (status, created_at, id)`.execute(db);

      await sql`create table enterprise_applications (
        id ${id},
        tracking_code varchar(32) not null unique,
        company_name varchar(200) not null,
        uscc varchar(18) not null,
        industry varchar(64) not null,
        region_code varchar(12) not null references regions(code),
        address text not null,
        contact_person varchar(100) not null,
        mobile varchar(32) not null,
        email varchar(254) not null,
        description text not null,
        licence_file varchar(64) not null,
        licence_mime varchar(32) not null,
        licence_size integer not null,
        status varchar(16) not null default 'pending',
        reason text,
        enterprise_id integer references enterprises(id),
        created_at varchar(32) not null,
        decided_at varchar(32),
        decided_by integer references users(id)
      )`.execute(db);
      await sql`create index enterprise_applications_queue on enterprise_applications (status, created_at, id)`.execute(db);

      await sql`create table company_posts (
        id ${id},
        enterprise_id integer not null references enterprises(id),
        kind varchar(16) not null,
        title text not null,
        body text not null,
        sector varchar(64),
        region_code varchar(12) references regions(code),
        amount_min varchar(32),
        amount_max varchar(32),
        space_need text,
        status varchar(16) not null default 'pending',
        reason text,
        article_id integer references articles(id),
        created_at varchar(32) not null,
        decided_at varchar(32),
        decided_by integer references users(id)
      )`.execute(db);
      await sql`create index company_posts_queue on company_posts (status, created_at, id)`.execute(db);

      await sql`create table moderation_log (
        id ${id},
        actor_id integer references users(id),
        action varchar(64) not null,
        target_type varchar(32) not null,
        target_id integer not null,
        reason text,
        details text,
        created_at varchar(32) not null
      )`.execute(db);
      await sql`create index moderation_log_time on moderation_log (created_at, id)`.execute(db);
      await sql`create index moderation_log_target on moderation_log (target_type, target_id, id)`.execute(db);

      await sql`create table challenges (
        id varchar(64) primary key,
        answer_hash varchar(64) not null,
        expires_at varchar(32) not null,
        used integer not null default 0
      )`.execute(db);

      await sql`create table form_posts (
        id ${id},
        ip_hash varchar(64) not null,
        form varchar(32) not null,
        at varchar(32) not null
      )`.execute(db);
      await sql`create index form_posts_ip on form_posts (ip_hash, at)`.execute(db);
    },
  };
}
