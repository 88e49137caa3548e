// Mail to editors about new items, and to senders about decisions — when SMTP_URL is set.
// Fire and forget: a mail problem is logged by the mailer and never fails the request.
import { decisionForSender, newItemForEditors, type ItemKind } from '../../mail/messages.js';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../web/context.js';

/**
 * The site's address for a page the requester sees: PUBLIC_URL, else the address this request came
 * to. Mail never uses the request's Host (anyone can send one): config requires PUBLIC_URL with SMTP_URL.
 */
export function siteUrl(ctx: AppContext, request: FastifyRequest): string {
  return ctx.config.publicUrl ?? `${request.protocol}://${request.host}`;
}

function mailUrl(ctx: AppContext, path: string): string {
  return `${ctx.config.publicUrl ?? ''}${path}`;
}

export function notifyEditors(ctx: AppContext, item: { kind: ItemKind; title: string; adminPath: string }): void {
  const mailer = ctx.mailer;
  if (!mailer) return;
  void (async () => {
    const editors = await ctx.database.db.selectFrom('users').select('email').where('role', 'in', ['editor', 'admin']).where('status', '=', 'active').execute();
    if (editors.length === 0) return;
    const m = newItemForEditors({ kind: item.kind, title: item.title, adminUrl: mailUrl(ctx, item.adminPath) });
    await mailer.send({ to: editors.map((e) => e.email), ...m });
  })().catch((err: unknown) => ctx.log.warn({ err }, 'editor notification failed'));
}

export function notifySender(ctx: AppContext, to: string, d: Omit<Parameters<typeof decisionForSender>[0], 'trackUrl'> & { trackPath: string }): void {
  if (!ctx.mailer || !to.includes('@')) return;
  const { trackPath, ...rest } = d;
  void ctx.mailer.send({ to, ...decisionForSender({ ...rest, trackUrl: mailUrl(ctx, trackPath) }) });
}
