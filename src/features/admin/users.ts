// Users and roles, for admins only: the list (email, name, role, status, last login), creating an
// editor or admin with an initial password, and changing a user's role or status. Every change is
// logged in the same transaction; disabling a user ends their sessions. An admin cannot demote or
// disable themself, so there is always at least the acting admin left.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Kysely } from 'kysely';
import type { DB, Role, UsersTable } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import { normalizeEmail } from '../../forms/validators.js';
import { html, type Html } from '../../html.js';
import { csrfInput, field, formErrorSummary, type FieldErrors } from '../../views/forms.js';
import { HTML, renderPage, type AppContext } from '../../web/context.js';
import { hashPassword, passwordProblem } from '../auth/passwords.js';
import { deleteSessionsOfUser, findUserByEmail, findUserById, insertUser, listUsers, updateUser, type UserRow } from '../auth/repository.js';
import { requireRole, type CurrentUser } from '../auth/session.js';
import { logAction } from './moderation-log.js';
import { idParams } from '../../forms/fields.js';

const admins = requireRole('admin');

export const ROLE_LABEL: Record<Role, string> = { admin: '管理员', editor: '编辑', company: '企业用户' };
const STATUS_LABEL: Record<UsersTable['status'], string> = { active: '启用', disabled: '停用', invited: '已邀请（未设密码）' };
const REASON_MAX = 500;

// ---------------------------------------------------------------------------
// Shared by the back-office pages in this folder
// ---------------------------------------------------------------------------

/** The back-office navigation; 用户 only for admins. */
export function backOfficeNav(csrf: string, role: Role | undefined): Html {
  return html`<nav class="admin-nav" aria-label="后台"><a href="/admin">概览</a> · <a href="/admin/tips">投稿</a> · <a href="/admin/applications">企业入驻</a> · <a href="/admin/posts">企业动态</a> · <a href="/admin/inbox">留言</a> · <a href="/admin/articles">文章</a> · <a href="/admin/projects">项目库</a>${role === 'admin' ? html` · <a href="/admin/users">用户</a>` : ''} · <a href="/admin/log">审核记录</a>
<form method="post" action="/logout" class="inline">${csrfInput(csrf)}<button type="submit">退出</button></form></nav>`;
}

/** Sends a back-office page: never cached, with the navigation on top. */
export function backOfficePage(ctx: AppContext) {
  return (request: FastifyRequest, reply: FastifyReply, title: string, content: (csrf: string) => Html, status = 200): FastifyReply => {
    const csrf = reply.generateCsrf();
    return reply
      .code(status)
      .type(HTML)
      .header('cache-control', 'no-store')
      .send(renderPage(ctx, { title: `${title} · 后台 · ${ctx.config.site.name}`, nav: 'admin' }, html`${backOfficeNav(csrf, request.user?.role)}${content(csrf)}`));
  };
}

/** The signed-in user; the route's role guard has already run. */
export function actor(request: FastifyRequest): CurrentUser {
  if (!request.user) throw new AppError('unauthorized');
  return request.user;
}

/** A form body as strings: a missing or repeated field reads as '' (or its first value). */
export function formFields(body: unknown): (name: string) => string {
  const record = z.record(z.string(), z.unknown()).catch({}).parse(body ?? {});
  return (name) => {
    const v = record[name];
    const first = Array.isArray(v) ? v[0] : v;
    return typeof first === 'string' ? first : '';
  };
}

export function firstErrors(issues: readonly { path: readonly PropertyKey[]; message: string }[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const i of issues) errors[String(i.path[0])] ??= i.message;
  return errors;
}


export function shortTime(iso: string | null): string {
  return iso ? iso.slice(0, 16).replace('T', ' ') : '—';
}

// ---------------------------------------------------------------------------
// Rules
// ---------------------------------------------------------------------------

const reasonField = z.string().trim().max(REASON_MAX, `原因最多 ${REASON_MAX} 个字`);

const newUserSchema = z.object({
  email: z
    .string()
    .trim()
    .min(1, '请填写邮箱')
    .transform((s, c) => {
      const v = normalizeEmail(s);
      if (!v) c.addIssue({ code: 'custom', message: '邮箱格式不对，例如 name@example.com' });
      return (v ?? '').toLowerCase();
    }),
  name: z.string().trim().min(1, '请填写姓名').max(50, '姓名最多 50 个字'),
  role: z.enum(['editor', 'admin'], { error: '请选择角色（编辑或管理员）' }),
  password: z.string().superRefine((pw, c) => {
    const problem = passwordProblem(pw);
    if (problem) c.addIssue({ code: 'custom', message: problem });
  }),
  reason: reasonField,
});

export class UserChangeRefused extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export interface UserChange {
  readonly role?: Role | undefined;
  readonly status?: 'active' | 'disabled' | undefined;
  readonly reason?: string | undefined;
}

/**
 * Applies a role and/or status change in one transaction, logging each; disabling ends the
 * user's sessions. Returns the actions logged (none when the form repeated the current values).
 */
export async function changeUser(db: Kysely<DB>, actorId: number, targetId: number, change: UserChange): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    // Read inside the transaction: two admins demoting each other at once cannot both succeed.
    const me = await findUserById(trx, actorId);
    if (!me || me.role !== 'admin' || me.status !== 'active') throw new AppError('forbidden');
    const user = await findUserById(trx, targetId);
    if (!user) throw new AppError('not_found', '没有这个用户。');
    const role = change.role && change.role !== user.role ? change.role : undefined;
    const status = change.status && change.status !== user.status ? change.status : undefined;
    if (user.id === actorId && ((role && role !== 'admin') || (status && status !== 'active'))) {
      throw new UserChangeRefused('不能降低自己的角色或停用自己的账号；如确有需要，请另一位管理员操作。');
    }
    if (role === 'company' && user.enterprise_id === null) throw new UserChangeRefused('这个账号没有关联企业，不能设为企业用户。');
    if (status === 'active' && user.status === 'invited') throw new UserChangeRefused('这个账号还没有设置密码，需通过邀请链接启用。');
    const done: string[] = [];
    const reason = change.reason || null;
    if (role) {
      // enterprise_id is left as it is: a company user keeps its company.
      await updateUser(trx, user.id, { role });
      await logAction(trx, { actorId, action: 'user.role', targetType: 'user', targetId: user.id, reason, details: { email: user.email, from: user.role, to: role } });
      done.push('user.role');
    }
    if (status) {
      await updateUser(trx, user.id, { status });
      if (status === 'disabled') await deleteSessionsOfUser(trx, user.id);
      await logAction(trx, { actorId, action: 'user.status', targetType: 'user', targetId: user.id, reason, details: { email: user.email, from: user.status, to: status } });
      done.push('user.status');
    }
    return done;
  });
}

// ---------------------------------------------------------------------------
// Pages
// ---------------------------------------------------------------------------

interface NewUserValues {
  email?: string;
  name?: string;
  role?: string;
  reason?: string;
}

interface RowProblem {
  readonly id: number;
  readonly message: string;
  readonly role?: string;
  readonly status?: string;
  readonly reason?: string;
}

function selectOptions(options: readonly (readonly [string, string])[], current: string): Html {
  return html`${options.map(([v, l]) => html`<option value="${v}"${v === current ? html` selected` : ''}>${l}</option>`)}`;
}

function userRow(u: UserRow, csrf: string, me: number, problem: RowProblem | undefined): Html {
  const p = problem?.id === u.id ? problem : undefined;
  const roles: [string, string][] = (['editor', 'admin', 'company'] as const)
    .filter((r) => r !== 'company' || u.enterprise_id !== null || u.role === 'company')
    .map((r) => [r, ROLE_LABEL[r]]);
  const statuses: [string, string][] = [
    ...(u.status === 'invited' ? [['invited', STATUS_LABEL.invited] as [string, string]] : []),
    ['active', STATUS_LABEL.active],
    ['disabled', STATUS_LABEL.disabled],
  ];
  const pre = `u${u.id}`;
  const aria = p ? html` aria-invalid="true" aria-describedby="${pre}-error"` : '';
  return html`<tr${p ? html` class="has-error"` : ''}><td>${u.email}${u.id === me ? html` <span class="muted">（你）</span>` : ''}</td><td>${u.name}</td>
<td>${ROLE_LABEL[u.role]}${u.enterprise_id !== null ? html`<br><span class="muted">企业 #${u.enterprise_id}</span>` : ''}</td><td>${STATUS_LABEL[u.status]}</td><td>${shortTime(u.last_login_at)}</td>
<td><form method="post" action="/admin/users/${u.id}">${csrfInput(csrf)}
<label for="${pre}-role" class="visually-hidden">角色</label><select id="${pre}-role" name="role"${aria}>${selectOptions(roles, p?.role ?? u.role)}</select>
<label for="${pre}-status" class="visually-hidden">状态</label><select id="${pre}-status" name="status"${aria}>${selectOptions(statuses, p?.status ?? u.status)}</select>
<label for="${pre}-reason" class="visually-hidden">原因（可不填）</label><input id="${pre}-reason" type="text" name="reason" maxlength="${REASON_MAX}" placeholder="原因（可不填）" value="${p?.reason ?? ''}">
<button type="submit">保存</button>${p ? html`<p class="field-error" id="${pre}-error" role="alert">${p.message}</p>` : ''}</form></td></tr>`;
}

function usersPage(v: { users: UserRow[]; csrf: string; me: number; values: NewUserValues; errors: FieldErrors; problem?: RowProblem }): Html {
  const { values: x, errors: e } = v;
  return html`<h1>用户和角色（${v.users.length}）</h1>
<table class="admin"><thead><tr><th>邮箱</th><th>姓名</th><th>角色</th><th>状态</th><th>最近登录</th><th>修改角色或状态</th></tr></thead>
<tbody>${v.users.map((u) => userRow(u, v.csrf, v.me, v.problem))}</tbody></table>
<h2 id="new-user">新建编辑或管理员</h2>${formErrorSummary(e)}
<form class="stack" method="post" action="/admin/users" novalidate>${csrfInput(v.csrf)}
${field({ name: 'email', label: '邮箱', type: 'email', value: x.email, error: e['email'], required: true, maxlength: 254, autocomplete: 'off' })}
${field({ name: 'name', label: '姓名', value: x.name, error: e['name'], required: true, maxlength: 50, autocomplete: 'off' })}
${field({ name: 'role', label: '角色', type: 'select', value: x.role, error: e['role'], required: true, options: [['editor', ROLE_LABEL.editor], ['admin', ROLE_LABEL.admin]] })}
${field({ name: 'password', label: '初始密码', type: 'password', error: e['password'], required: true, autocomplete: 'new-password', hint: '至少 10 个字符；请通过安全的渠道告诉对方。' })}
${field({ name: 'reason', label: '备注（可不填，记入审核记录）', value: x.reason, error: e['reason'], maxlength: REASON_MAX })}
<button class="primary" type="submit">创建账号</button></form>`;
}

// ---------------------------------------------------------------------------
// Routes
// ---------------------------------------------------------------------------

export function adminUserRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { db } = ctx.database;
  const send = backOfficePage(ctx);
  const page = async (request: FastifyRequest, reply: FastifyReply, extra: { values?: NewUserValues; errors?: FieldErrors; problem?: RowProblem }, status = 200) => {
    const users = await listUsers(db);
    const me = actor(request).id;
    return send(request, reply, '用户和角色', (csrf) => usersPage({ users, csrf, me, values: extra.values ?? {}, errors: extra.errors ?? {}, ...(extra.problem ? { problem: extra.problem } : {}) }), status);
  };

  app.get('/admin/users', { preHandler: admins }, async (request, reply) => page(request, reply, {}));

  app.post('/admin/users', { preHandler: admins, preValidation: app.csrfProtection }, async (request, reply) => {
    const me = actor(request);
    const f = formFields(request.body);
    const values = { email: f('email'), name: f('name'), role: f('role'), reason: f('reason') };
    const parsed = newUserSchema.safeParse({ ...values, password: f('password') });
    const errors = parsed.success ? {} : firstErrors(parsed.error.issues);
    if (parsed.success && (await findUserByEmail(db, parsed.data.email))) errors['email'] = '这个邮箱已经有账号了';
    if (!parsed.success || Object.keys(errors).length > 0) return page(request, reply, { values, errors }, 400);
    const u = parsed.data;
    const passwordHash = await hashPassword(u.password);
    try {
      await db.transaction().execute(async (trx) => {
        const id = await insertUser(trx, { email: u.email, passwordHash, role: u.role, name: u.name });
        await logAction(trx, { actorId: me.id, action: 'user.create', targetType: 'user', targetId: id, reason: u.reason || null, details: { email: u.email, role: u.role } });
      });
    } catch (err) {
      // Created by someone else a moment ago: the unique index on email said no.
      if (await findUserByEmail(db, u.email)) return page(request, reply, { values, errors: { email: '这个邮箱已经有账号了' } }, 400);
      throw err;
    }
    return reply.redirect('/admin/users', 303);
  });

  const changeBody = z.object({
    role: z.enum(['admin', 'editor', 'company'], { error: '请选择角色' }).optional(),
    status: z.enum(['active', 'disabled', 'invited'], { error: '状态只能是启用或停用' }).optional(),
    reason: reasonField,
  });

  app.withTypeProvider<ZodTypeProvider>().post('/admin/users/:id', { preHandler: admins, preValidation: app.csrfProtection, schema: { params: idParams } }, async (request, reply) => {
    const { id } = request.params;
    const me = actor(request);
    const f = formFields(request.body);
    const raw = { role: f('role'), status: f('status'), reason: f('reason') };
    const parsed = changeBody.safeParse({ role: raw.role || undefined, status: raw.status || undefined, reason: raw.reason });
    const refuse = (message: string, status = 400) => page(request, reply, { problem: { id, message, ...raw } }, status);
    if (!(await findUserById(db, id))) throw new AppError('not_found', '没有这个用户。');
    if (!parsed.success) return refuse(parsed.error.issues[0]?.message ?? '参数不正确');
    const { role, status, reason } = parsed.data;
    try {
      // 'invited' is only ever the current value repeated; it is never set from here.
      await changeUser(db, me.id, id, { role, status: status === 'invited' ? undefined : status, reason });
    } catch (err) {
      if (err instanceof UserChangeRefused) return refuse(err.message, err.status);
      throw err;
    }
    return reply.redirect('/admin/users', 303);
  });
}
