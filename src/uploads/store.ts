// Uploaded files (企业入驻: the business licence scan). Stored outside any public folder under a
// random name; the type is judged by the file's first bytes, never by its name or declared type.
import { createHash, randomBytes } from 'node:crypto';
import { constants as fsConstants, type ReadStream } from 'node:fs';
import { mkdir, open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';

export type UploadMime = 'application/pdf' | 'image/jpeg' | 'image/png';
export type UploadErrorCode = 'too_large' | 'bad_type' | 'empty';

/** The limit the issue sets for a licence scan: 5 MB. */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

/** What a stored name looks like: 32 lower-case hex digits and an extension we chose. */
export const STORED_NAME_RE = /^[0-9a-f]{32}\.(pdf|jpg|png)$/;

const EXTENSION: Record<UploadMime, 'pdf' | 'jpg' | 'png'> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
};
const MIME_BY_EXTENSION: Record<'pdf' | 'jpg' | 'png', UploadMime> = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  png: 'image/png',
};

const PDF = Buffer.from('%PDF-', 'latin1');
const JPEG = Buffer.from([0xff, 0xd8, 0xff]);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Bytes needed to tell every accepted type apart (the PNG signature is the longest). */
const SNIFF_BYTES = PNG.length;

/** The type of a file from its first bytes (at least 8 for PNG), or null if it is none we accept. */
export function sniffType(head: Buffer): UploadMime | null {
  if (head.length >= PDF.length && head.subarray(0, PDF.length).equals(PDF)) return 'application/pdf';
  if (head.length >= JPEG.length && head.subarray(0, JPEG.length).equals(JPEG)) return 'image/jpeg';
  if (head.length >= PNG.length && head.subarray(0, PNG.length).equals(PNG)) return 'image/png';
  return null;
}

/** "5 MB", "1.5 MB", "300 KB", "10 字节": how a limit is written in a message. */
export function formatBytes(n: number): string {
  const MB = 1024 * 1024;
  if (n >= MB) return `${Number((n / MB).toFixed(1))} MB`;
  if (n >= 1024) return `${Number((n / 1024).toFixed(1))} KB`;
  return `${n} 字节`;
}

export class UploadError extends Error {
  readonly code: UploadErrorCode;
  constructor(code: UploadErrorCode, maxBytes: number = MAX_UPLOAD_BYTES) {
    super(
      code === 'too_large'
        ? `文件超过 ${formatBytes(maxBytes)}`
        : code === 'bad_type'
          ? '只接受 PDF、JPEG 或 PNG 文件（按文件内容判断）'
          : '文件是空的',
    );
    this.name = 'UploadError';
    this.code = code;
  }
}

export interface SavedUpload {
  /** e.g. 3f0c…9a.pdf — matches {@link STORED_NAME_RE}. */
  storedName: string;
  size: number;
  mime: UploadMime;
  /** Hex SHA-256 of the content. */
  sha256: string;
}

export interface SaveUploadOptions {
  /** Directory for stored files; created with mode 0o700 if missing. Keep it out of any public folder. */
  dir: string;
  /** Larger files are refused with `too_large` while streaming. */
  maxBytes: number;
}

function toBuffer(chunk: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  throw new TypeError('saveUpload: the source must yield binary chunks (Buffer or Uint8Array), not text');
}

function asAsyncIterable(source: AsyncIterable<Buffer> | NodeJS.ReadableStream): AsyncIterable<unknown> {
  if (typeof (source as Partial<AsyncIterable<unknown>>)[Symbol.asyncIterator] === 'function') {
    return source as AsyncIterable<unknown>;
  }
  // An old-style stream without async iteration.
  return new Readable().wrap(source as NodeJS.ReadableStream);
}

/**
 * Stream an upload to `dir`. The size limit is enforced while reading: as soon as more than
 * `maxBytes` have arrived, reading stops (the iterator is returned, which destroys a Node
 * stream) and `UploadError('too_large')` is thrown. The type is judged from the first bytes
 * as soon as they are in (`bad_type` without reading the rest). Nothing but the first few
 * bytes is held in memory. On any error the partial file is removed.
 *
 * Note for HTTP callers: when this throws before the request body is consumed, the rest of
 * the body is still on the socket; answer and close the connection (or drain the request).
 */
export async function saveUpload(
  source: AsyncIterable<Buffer> | NodeJS.ReadableStream,
  opts: SaveUploadOptions,
): Promise<SavedUpload> {
  const { dir, maxBytes } = opts;
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const tempPath = join(dir, `.upload-${randomBytes(16).toString('hex')}.part`);
  let fh: FileHandle | undefined;
  try {
    fh = await open(tempPath, 'wx', 0o600);
    const hash = createHash('sha256');
    let size = 0;
    let head = Buffer.alloc(0);
    let mime: UploadMime | null = null;
    for await (const raw of asAsyncIterable(source)) {
      const chunk = toBuffer(raw);
      if (chunk.length === 0) continue;
      if (head.length < SNIFF_BYTES) {
        head = Buffer.concat([head, chunk.subarray(0, SNIFF_BYTES - head.length)]);
        if (head.length >= SNIFF_BYTES) {
          mime = sniffType(head);
          if (!mime) throw new UploadError('bad_type', maxBytes);
        }
      }
      size += chunk.length;
      if (size > maxBytes) throw new UploadError('too_large', maxBytes);
      hash.update(chunk);
      await fh.write(chunk);
    }
    if (size === 0) throw new UploadError('empty', maxBytes);
    mime ??= sniffType(head); // a file shorter than 8 bytes
    if (!mime) throw new UploadError('bad_type', maxBytes);
    await fh.sync();
    await fh.close();
    fh = undefined;
    const storedName = `${randomBytes(16).toString('hex')}.${EXTENSION[mime]}`;
    await rename(tempPath, join(dir, storedName));
    return { storedName, size, mime, sha256: hash.digest('hex') };
  } catch (err) {
    if (fh) await fh.close().catch(() => undefined);
    await unlink(tempPath).catch(() => undefined);
    throw err;
  }
}

/** True for names {@link saveUpload} produces; anything else (../x, a.pdf, upper case) is false. */
export function isStoredName(storedName: string): boolean {
  return STORED_NAME_RE.test(storedName);
}

/** The content type of a stored file, from the extension we gave it. */
export function storedMime(storedName: string): UploadMime {
  const m = STORED_NAME_RE.exec(storedName);
  if (!m) throw new RangeError(`无效的文件名：${JSON.stringify(storedName)}`);
  return MIME_BY_EXTENSION[m[1] as 'pdf' | 'jpg' | 'png'];
}

function storedPath(dir: string, storedName: string): string {
  if (!isStoredName(storedName)) throw new RangeError(`无效的文件名：${JSON.stringify(storedName)}`);
  return join(dir, storedName);
}

/**
 * Open a stored file for reading. Throws RangeError for a name that is not a stored name
 * (path traversal); rejects with the fs error (code ENOENT) when the file does not exist, so a
 * route can answer 404 before sending anything. Symbolic links are not followed.
 */
export async function openUpload(dir: string, storedName: string): Promise<ReadStream> {
  const path = storedPath(dir, storedName);
  const fh = await open(path, fsConstants.O_RDONLY | (fsConstants.O_NOFOLLOW ?? 0));
  return fh.createReadStream(); // closes the handle when done
}

/** Remove a stored file. Returns false when it was already gone; throws RangeError for a bad name. */
export async function deleteUpload(dir: string, storedName: string): Promise<boolean> {
  const path = storedPath(dir, storedName);
  try {
    await unlink(path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}
