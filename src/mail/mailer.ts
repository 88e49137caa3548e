/**
 * Outgoing mail over SMTP (nodemailer). Mail is optional: with no SMTP URL there is no mailer,
 * and callers skip sending.
 *
 * `send` never throws: a mail server that is down, slow or refuses the login must not turn a
 * form submission or a moderation decision into an error page. Failures are logged (with
 * the password taken out) and the promise resolves. `sendOrThrow` is for tests and the CLI.
 */
import nodemailer from 'nodemailer';
import { oneLine } from './messages.js';

export interface MailMessage {
  to: string | string[];
  subject: string;
  text: string;
}

export interface Mailer {
  /** Sends, logs any failure and resolves; never rejects. */
  send(msg: MailMessage): Promise<void>;
  /** Sends and rejects on failure (the error's message has the password taken out). */
  sendOrThrow(msg: MailMessage): Promise<void>;
  close(): void;
}

export interface MailLogger {
  warn(obj: object, msg: string): void;
}

export interface MailerOptions {
  /** smtp://user:pass@host:587 or smtps://user:pass@host:465; nodemailer options may follow as
   * query parameters (e.g. `?tls.rejectUnauthorized=false` for a self-signed certificate). */
  smtpUrl: string | undefined;
  /** The From header, e.g. `"招商网" <noreply@example.com>`. */
  from: string;
  logger?: MailLogger | undefined;
  /** Connection, greeting, socket and DNS timeout in ms; 5000 by default. */
  timeoutMs?: number | undefined;
}

const DEFAULT_TIMEOUT_MS = 5_000;

const stderrLogger: MailLogger = {
  warn(obj, msg) {
    process.stderr.write(`${JSON.stringify({ level: 'warn', ...obj, msg })}\n`);
  },
};

/** The URL as it may be shown in a log: scheme, host and port, the user name, never the password. */
export function redactSmtpUrl(smtpUrl: string): string {
  try {
    const u = new URL(smtpUrl);
    const user = u.username ? `${decodeURIComponent(u.username)}:***@` : u.password ? '***@' : '';
    return `${u.protocol}//${user}${u.host}`;
  } catch {
    return '[unparseable SMTP URL]';
  }
}

/** The password in the URL, raw and percent-decoded, so it can be cut out of error messages. */
function secretsOf(smtpUrl: string): string[] {
  try {
    const pass = new URL(smtpUrl).password;
    if (!pass) return [];
    let decoded = pass;
    try {
      decoded = decodeURIComponent(pass);
    } catch {
      // keep the raw form only
    }
    return [...new Set([pass, decoded])].filter((s) => s.length > 0);
  } catch {
    return [];
  }
}

function scrub(s: string, secrets: string[]): string {
  let out = s;
  for (const secret of secrets) out = out.split(secret).join('***');
  return out;
}

function recipients(to: string | string[]): string[] {
  return (Array.isArray(to) ? to : [to]).map((a) => a.trim()).filter((a) => a.length > 0);
}

/**
 * A mailer for `smtpUrl`, or null when it is unset or blank (mail is off).
 * Throws at once (without echoing the URL) when the URL is not smtp:// or smtps://, so a
 * mistyped setting is found at start-up rather than at the first mail.
 */
export function createMailer(opts: MailerOptions): Mailer | null {
  const smtpUrl = opts.smtpUrl?.trim();
  if (!smtpUrl) return null;

  let protocol: string;
  try {
    protocol = new URL(smtpUrl).protocol;
  } catch {
    throw new Error('SMTP URL is not a valid URL (expected smtp://user:pass@host:port or smtps://…)');
  }
  if (protocol !== 'smtp:' && protocol !== 'smtps:') {
    throw new Error(`SMTP URL must start with smtp:// or smtps://, not ${protocol}//`);
  }

  const logger = opts.logger ?? stderrLogger;
  const secrets = secretsOf(smtpUrl);
  const where = redactSmtpUrl(smtpUrl);
  const timeout = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  // Options given here are defaults: query parameters in the URL override them.
  const transport = nodemailer.createTransport(
    {
      url: smtpUrl,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
      dnsTimeout: timeout,
      logger: false,
      debug: false,
    },
    { from: opts.from },
  );

  async function sendOrThrow(msg: MailMessage): Promise<void> {
    const to = recipients(msg.to);
    if (to.length === 0) return;
    try {
      await transport.sendMail({ to, subject: oneLine(msg.subject), text: msg.text });
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      const safe = new Error(scrub(e.message, secrets));
      safe.name = e.name;
      const code = (e as { code?: unknown }).code;
      if (typeof code === 'string') (safe as Error & { code?: string }).code = code;
      throw safe;
    }
  }

  return {
    sendOrThrow,
    async send(msg) {
      try {
        await sendOrThrow(msg);
      } catch (err) {
        const e = err as Error & { code?: string };
        try {
          logger.warn(
            {
              smtp: where,
              recipients: recipients(msg.to).length,
              subject: oneLine(msg.subject),
              err: { name: e.name, code: e.code, message: e.message },
            },
            'mail not sent',
          );
        } catch {
          // a failing logger must not fail the request either
        }
      }
    },
    close() {
      transport.close();
    },
  };
}
