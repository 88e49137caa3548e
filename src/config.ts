// The one place that reads the environment. Everything else receives a typed, frozen Config.
import { z } from 'zod';

const bool = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

/** Each option with its default; README.md documents them. */
const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('localhost'),
  DATABASE_URL: z
    .string()
    .regex(/^(sqlite:.+|postgres(ql)?:\/\/.+)$/, 'DATABASE_URL 必须是 sqlite:路径 或 postgres://…')
    .default('sqlite:./data/zhaoshang.db'),
  DATABASE_REPLICA_URLS: z
    .string()
    .transform((v) => v.split(',').map((u) => u.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^postgres(ql)?:\/\/.+/, 'DATABASE_REPLICA_URLS 应为逗号分隔的 postgres://… 地址')))
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(20),
  DEMO_DATA: bool.default(true),
  AUTO_MIGRATE: bool.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PAGE_CACHE_ENTRIES: z.coerce.number().int().min(0).max(100_000).default(1000),
  PUBLIC_URL: z.string().url().optional(),
  SITE_NAME: z.string().min(1).default('湖南招商'),
  CONTACT_ORG: z.string().default('湖南招商网编辑部'),
  CONTACT_PHONE: z.string().default('0731-00000000'),
  CONTACT_EMAIL: z.string().default('contact@example.org'),
  CONTACT_ADDRESS: z.string().default('湖南省长沙市'),
  SMTP_URL: z.string().regex(/^smtps?:\/\/.+/, 'SMTP_URL 应为 smtp://… 或 smtps://…').optional(),
  MAIL_FROM: z.string().default('湖南招商 <noreply@localhost>'),
  UPLOAD_DIR: z.string().min(1).default('./data/uploads'),
  UPLOAD_QUOTA_MB: z.coerce.number().int().min(1).max(10_000_000).default(2048),
  TRUST_PROXY: bool.default(false),
  API_RATE_LIMIT: z.coerce.number().int().min(0).max(1_000_000).default(600),
});


export interface Config {
  readonly port: number;
  readonly host: string;
  readonly database: { readonly kind: 'sqlite'; readonly path: string } | { readonly kind: 'postgres'; readonly url: string; readonly replicas: readonly string[]; readonly poolSize: number };
  readonly demoData: boolean;
  readonly autoMigrate: boolean;
  readonly logLevel: string;
  readonly pageCacheEntries: number;
  readonly publicUrl: string | undefined;
  /** Mail is optional: without SMTP_URL nothing is sent. */
  readonly smtpUrl: string | undefined;
  readonly mailFrom: string;
  /** Company licences: outside any public folder, served only to editors. */
  readonly uploadDir: string;
  /** Licence files of applications not yet decided may take at most this many bytes. */
  readonly uploadQuotaBytes: number;
  /** Behind nginx: take the client's IP and https from X-Forwarded-* (rate limits, Secure cookies). */
  readonly trustProxy: boolean;
  /** GET requests per minute per IP under /api; 0: no limit. */
  readonly apiRateLimit: number;
  readonly site: {
    readonly name: string;
    readonly contact: { readonly org: string; readonly phone: string; readonly email: string; readonly address: string };
  };
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const known = Object.fromEntries(Object.keys(schema.shape).map((k) => [k, env[k] === '' ? undefined : env[k]]));
  const parsed = schema.safeParse(known);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`配置错误 (environment):\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.SMTP_URL && !e.PUBLIC_URL) {
    throw new ConfigError('配置错误 (environment):\n  PUBLIC_URL：设置了 SMTP_URL 时必须设置 PUBLIC_URL（邮件里的链接用它，不用请求的 Host 头）');
  }
  const replicas = e.DATABASE_REPLICA_URLS ?? [];
  if (replicas.length > 0 && e.DATABASE_URL.startsWith('sqlite:')) {
    throw new ConfigError('配置错误 (environment):\n  DATABASE_REPLICA_URLS：只读副本只用于 PostgreSQL（DATABASE_URL=postgres://…）');
  }
  const database = e.DATABASE_URL.startsWith('sqlite:')
    ? ({ kind: 'sqlite', path: e.DATABASE_URL.slice('sqlite:'.length) } as const)
    : ({ kind: 'postgres', url: e.DATABASE_URL, replicas: Object.freeze(replicas), poolSize: e.DATABASE_POOL_SIZE } as const);
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    database,
    demoData: e.DEMO_DATA,
    autoMigrate: e.AUTO_MIGRATE ?? database.kind === 'sqlite',
    logLevel: e.LOG_LEVEL,
    pageCacheEntries: e.PAGE_CACHE_ENTRIES,
    publicUrl: e.PUBLIC_URL?.replace(/\/$/, ''),
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    uploadDir: e.UPLOAD_DIR,
    uploadQuotaBytes: e.UPLOAD_QUOTA_MB * 1024 * 1024,
    trustProxy: e.TRUST_PROXY,
    apiRateLimit: e.API_RATE_LIMIT,
    site: Object.freeze({
      name: e.SITE_NAME,
      contact: Object.freeze({ org: e.CONTACT_ORG, phone: e.CONTACT_PHONE, email: e.CONTACT_EMAIL, address: e.CONTACT_ADDRESS }),
    }),
  });
}
