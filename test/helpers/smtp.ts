/**
 * A real SMTP server for tests (smtp-server), on 127.0.0.1 and a free port, plain text (no
 * STARTTLS), any login accepted unless a password is required. Every message is kept with its
 * envelope, its headers, the decoded Subject and the decoded text body.
 */
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';

export interface Received {
  /** Envelope sender (MAIL FROM). */
  from: string;
  /** Envelope recipients (RCPT TO). */
  to: string[];
  /** The user name the client logged in with, null without AUTH. */
  user: string | null;
  /** Top-level headers, names in lower case, folded lines joined, values not decoded. */
  headers: Record<string, string>;
  /** Subject, RFC 2047 encoded words decoded. */
  subject: string;
  /** The text/plain body, transfer encoding undone, CRLF turned into LF. */
  text: string;
  /** The whole message as received. */
  raw: string;
}

export interface TestSmtp {
  /** smtp://user:pass@127.0.0.1:PORT */
  url: string;
  port: number;
  messages: Received[];
  /** Resolves with the messages once there are at least n; rejects after ms (5000). */
  waitFor(n: number, ms?: number): Promise<Received[]>;
  close(): Promise<void>;
}

export async function startSmtp(opts: { user?: string; password?: string } = {}): Promise<TestSmtp> {
  const user = opts.user ?? 'mailer';
  const password = opts.password ?? 'test-pass';
  const requirePassword = opts.password !== undefined;
  const messages: Received[] = [];
  const waiters = new Set<() => void>();

  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    disableReverseLookup: true,
    logger: false,
    closeTimeout: 1_000,
    onAuth(auth, _session, callback) {
      if (requirePassword && (auth.username !== user || auth.password !== password)) {
        callback(new Error('Invalid username or password'));
        return;
      }
      callback(null, { user: auth.username ?? '' });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('error', callback);
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        const parsed = parseMessage(raw);
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((a) => a.address),
          user: typeof session.user === 'string' && session.user !== '' ? session.user : null,
          headers: parsed.headers,
          subject: decodeWords(parsed.headers.subject ?? ''),
          text: parsed.text,
          raw: raw.toString('utf8'),
        });
        for (const w of [...waiters]) w();
        callback();
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;

  return {
    url: `smtp://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}`,
    port,
    messages,
    waitFor(n, ms = 5_000) {
      if (messages.length >= n) return Promise.resolve(messages.slice());
      return new Promise((resolve, reject) => {
        const check = () => {
          if (messages.length < n) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(messages.slice());
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`waited ${ms} ms for ${n} message(s), got ${messages.length}`));
        }, ms);
        waiters.add(check);
      });
    },
    close() {
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Minimal MIME parsing: enough for what nodemailer sends (a text/plain part, maybe inside a
// multipart), not a general parser.

interface Part {
  headers: Record<string, string>;
  body: Buffer;
}

/** Splits a message (or a MIME part) into unfolded headers and the body bytes. */
function splitPart(buf: Buffer): Part {
  // latin1 keeps every byte as one char, so offsets match and bytes survive the round trip
  const s = buf.toString('latin1');
  const m = /\r?\n\r?\n/.exec(s);
  const head = m ? s.slice(0, m.index) : s;
  const body = m ? s.slice(m.index + m[0].length) : '';
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i <= 0) continue;
    const name = line.slice(0, i).trim().toLowerCase();
    // header bytes may be raw UTF-8 (SMTPUTF8); read them as such
    const value = Buffer.from(line.slice(i + 1).trim(), 'latin1').toString('utf8');
    if (!(name in headers)) headers[name] = value;
  }
  return { headers, body: Buffer.from(body, 'latin1') };
}

/** A parameter of a structured header, e.g. charset or boundary of Content-Type. */
function param(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  const m = new RegExp(`;\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, 'i').exec(header);
  return m ? (m[1] ?? m[2]) : undefined;
}

function decodeCharset(bytes: Buffer, charset: string | undefined): string {
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(bytes);
  } catch {
    return bytes.toString('utf8');
  }
}

function decodeQuotedPrintable(s: string): Buffer {
  const noSoftBreaks = s.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < noSoftBreaks.length; i++) {
    const c = noSoftBreaks.charCodeAt(i);
    const hex = noSoftBreaks.slice(i + 1, i + 3);
    if (c === 0x3d && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(c & 0xff);
    }
  }
  return Buffer.from(bytes);
}

function decodeBody(part: Part): Buffer {
  const cte = (part.headers['content-transfer-encoding'] ?? '7bit').trim().toLowerCase();
  if (cte === 'base64') return Buffer.from(part.body.toString('latin1').replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
  if (cte === 'quoted-printable') return decodeQuotedPrintable(part.body.toString('latin1'));
  return part.body;
}

/** The first text/plain part, depth first. */
function findText(part: Part): Part | undefined {
  const type = (part.headers['content-type'] ?? 'text/plain').split(';')[0]!.trim().toLowerCase();
  if (type === 'text/plain') return part;
  if (!type.startsWith('multipart/')) return undefined;
  const boundary = param(part.headers['content-type'], 'boundary');
  if (!boundary) return undefined;
  const body = part.body.toString('latin1');
  const pieces = body.split(new RegExp(`\\r?\\n?--${boundary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:--)?[ \\t]*\\r?\\n?`));
  for (const piece of pieces.slice(1)) {
    if (piece.trim() === '') continue;
    const found = findText(splitPart(Buffer.from(piece, 'latin1')));
    if (found) return found;
  }
  return undefined;
}

function parseMessage(raw: Buffer): { headers: Record<string, string>; text: string } {
  const top = splitPart(raw);
  const textPart = findText(top);
  const text = textPart ? decodeCharset(decodeBody(textPart), param(textPart.headers['content-type'], 'charset')).replace(/\r\n/g, '\n') : '';
  return { headers: top.headers, text };
}

/**
 * Decodes RFC 2047 encoded words (=?charset?B?…?= and =?charset?Q?…?=). Adjacent encoded
 * words are joined before decoding (the whitespace between them does not count), so a
 * character split across two words still comes out whole.
 */
export function decodeWords(value: string): string {
  const re = /=\?([^?*]+)(?:\*[^?]*)?\?([BbQq])\?([^?]*)\?=/g;
  let out = '';
  let last = 0;
  let pending: { charset: string; bytes: Buffer[] } | null = null;
  const flush = () => {
    if (pending) out += decodeCharset(Buffer.concat(pending.bytes), pending.charset);
    pending = null;
  };
  for (let m = re.exec(value); m; m = re.exec(value)) {
    const between = value.slice(last, m.index);
    const charset = m[1]!.toLowerCase();
    const data = m[3]!;
    const bytes =
      m[2]!.toUpperCase() === 'B'
        ? Buffer.from(data, 'base64')
        : decodeQuotedPrintable(data.replace(/_/g, ' '));
    const p = pending as { charset: string; bytes: Buffer[] } | null;
    if (p && /^\s*$/.test(between) && p.charset === charset) {
      p.bytes.push(bytes);
    } else {
      flush();
      // whitespace between two encoded words is not part of the text (RFC 2047 §6.2)
      out += last > 0 && /^\s*$/.test(between) ? '' : between;
      pending = { charset, bytes: [bytes] };
    }
    last = m.index + m[0].length;
  }
  flush();
  return out + value.slice(last);
}
