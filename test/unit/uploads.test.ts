import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  deleteUpload,
  isStoredName,
  MAX_UPLOAD_BYTES,
  openUpload,
  saveUpload,
  sniffType,
  storedMime,
  UploadError,
} from '../../src/uploads/store.js';

// Real files. The JPEG (2×2, JFIF) and PNG (1×1) were encoded with jpeg-js / pngjs; the PDF is a
// complete one-page document.
const JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQAAAQABAAD/2wCEAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQFxQYGBcUFhYaHSUfGhsjHBYWICwgIyYnKSopGR8tMC0oMCUoKSgBBwcHCggKEwoKEygaFhooKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKP/AABEIAAIAAgMBEQACEQEDEQH/xAGiAAABBQEBAQEBAQAAAAAAAAAAAQIDBAUGBwgJCgsQAAIBAwMCBAMFBQQEAAABfQECAwAEEQUSITFBBhNRYQcicRQygZGhCCNCscEVUtHwJDNicoIJChYXGBkaJSYnKCkqNDU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6g4SFhoeIiYqSk5SVlpeYmZqio6Slpqeoqaqys7S1tre4ubrCw8TFxsfIycrS09TV1tfY2drh4uPk5ebn6Onq8fLz9PX29/j5+gEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoLEQACAQIEBAMEBwUEBAABAncAAQIDEQQFITEGEkFRB2FxEyIygQgUQpGhscEJIzNS8BVictEKFiQ04SXxFxgZGiYnKCkqNTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqCg4SFhoeIiYqSk5SVlpeYmZqio6Slpqeoqaqys7S1tre4ubrCw8TFxsfIycrS09TV1tfY2dri4+Tl5ufo6ery8/T19vf4+fr/2gAMAwEAAhEDEQA/APqmgD//2Q==',
  'base64',
);
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAAC0lEQVR4AWP4DwQACfsD/c8LaHIAAAAASUVORK5CYII=',
  'base64',
);
const PDF = Buffer.from(
  [
    '%PDF-1.4',
    '%\xe2\xe3\xcf\xd3',
    '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj',
    '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj',
    '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj',
    'trailer << /Root 1 0 R >>',
    '%%EOF',
    '',
  ].join('\n'),
  'latin1',
);
// Headers of files that must be refused.
const EXE = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff', 'latin1'), Buffer.alloc(200)]);
const ZIP = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00]), Buffer.alloc(200)]);

const MB5 = 5 * 1024 * 1024;
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

let root: string;
let dir: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'zhaoshang-uploads-'));
  dir = join(root, 'private', 'uploads'); // does not exist yet
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function* chunks(buf: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

/** A source of `total` bytes starting with `head`, in chunks of `chunk` bytes, that records how much was read. */
function meteredSource(head: Buffer, total: number, chunk = 64 * 1024) {
  const state = { yielded: 0, finished: false, closedEarly: false };
  async function* gen(): AsyncGenerator<Buffer> {
    try {
      let first = true;
      while (state.yielded < total) {
        const n = Math.min(chunk, total - state.yielded);
        const b = Buffer.alloc(n, 0x41);
        if (first) head.copy(b);
        first = false;
        state.yielded += n;
        yield b;
      }
      state.finished = true;
    } finally {
      if (!state.finished) state.closedEarly = true;
    }
  }
  return { state, source: gen() };
}

async function expectUploadError(p: Promise<unknown>, code: UploadError['code']): Promise<UploadError> {
  const err = await p.then(
    () => {
      throw new Error(`expected UploadError ${code}, but it succeeded`);
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UploadError);
  expect((err as UploadError).code).toBe(code);
  return err as UploadError;
}

async function filesIn(d: string): Promise<string[]> {
  return readdir(d).catch(() => []);
}

describe('sniffType', () => {
  it('recognizes real PDF, JPEG and PNG files by their first bytes', () => {
    expect(sniffType(PDF)).toBe('application/pdf');
    expect(sniffType(JPEG)).toBe('image/jpeg');
    expect(sniffType(PNG)).toBe('image/png');
    expect(sniffType(PDF.subarray(0, 8))).toBe('application/pdf');
    expect(sniffType(PNG.subarray(0, 8))).toBe('image/png');
    // An Exif JPEG (APP1 instead of APP0).
    expect(sniffType(Buffer.from([0xff, 0xd8, 0xff, 0xe1, 0x00, 0x10, 0x45, 0x78]))).toBe('image/jpeg');
  });

  it('refuses everything else', () => {
    expect(sniffType(EXE)).toBeNull();
    expect(sniffType(ZIP)).toBeNull();
    expect(sniffType(Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'))).toBeNull();
    expect(sniffType(Buffer.from('<html><script>alert(1)</script>'))).toBeNull();
    expect(sniffType(Buffer.from(' %PDF-1.4'))).toBeNull(); // not at the start
    expect(sniffType(Buffer.from('%pdf-1.4'))).toBeNull();
    expect(sniffType(PNG.subarray(0, 7))).toBeNull(); // too short to be sure
    expect(sniffType(Buffer.alloc(0))).toBeNull();
  });
});

describe('UploadError', () => {
  it('carries a code and a zh-CN message', () => {
    const e = new UploadError('too_large');
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('UploadError');
    expect([e.code, e.message]).toEqual(['too_large', '文件超过 5 MB']);
    expect(new UploadError('bad_type').message).toBe('只接受 PDF、JPEG 或 PNG 文件（按文件内容判断）');
    expect(new UploadError('empty').message).toBe('文件是空的');
    expect(new UploadError('too_large', 10 * 1024 * 1024).message).toBe('文件超过 10 MB');
  });
});

describe('saveUpload', () => {
  it('stores a PDF under a random name in a new private directory', async () => {
    const saved = await saveUpload(chunks(PDF, 7), { dir, maxBytes: MAX_UPLOAD_BYTES });
    expect(saved.storedName).toMatch(/^[0-9a-f]{32}\.pdf$/);
    expect(saved).toMatchObject({ size: PDF.length, mime: 'application/pdf', sha256: sha256(PDF) });
    expect(await readFile(join(dir, saved.storedName))).toEqual(PDF);
    expect(await filesIn(dir)).toEqual([saved.storedName]); // no temp file left
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect((await stat(join(dir, saved.storedName))).mode & 0o777).toBe(0o600);
  });

  it('stores JPEG and PNG with their extensions, and names never repeat', async () => {
    const a = await saveUpload(chunks(JPEG, 100), { dir, maxBytes: MAX_UPLOAD_BYTES });
    const b = await saveUpload(chunks(PNG, 1), { dir, maxBytes: MAX_UPLOAD_BYTES }); // sniffed across 1-byte chunks
    const c = await saveUpload(chunks(PNG, 1000), { dir, maxBytes: MAX_UPLOAD_BYTES });
    expect(a).toMatchObject({ mime: 'image/jpeg', size: JPEG.length, sha256: sha256(JPEG) });
    expect(a.storedName).toMatch(/^[0-9a-f]{32}\.jpg$/);
    expect(b).toMatchObject({ mime: 'image/png', size: PNG.length, sha256: sha256(PNG) });
    expect(b.storedName).toMatch(/^[0-9a-f]{32}\.png$/);
    expect(new Set([a.storedName, b.storedName, c.storedName]).size).toBe(3);
    expect((await filesIn(dir)).sort()).toEqual([a.storedName, b.storedName, c.storedName].sort());
  });

  it('judges by content: a file called licence.pdf that holds a PNG is stored as png', async () => {
    await mkdir(join(root, 'client'));
    const path = join(root, 'client', 'licence.pdf');
    await writeFile(path, PNG);
    const saved = await saveUpload(createReadStream(path), { dir, maxBytes: MAX_UPLOAD_BYTES });
    expect(saved.mime).toBe('image/png');
    expect(saved.storedName).toMatch(/^[0-9a-f]{32}\.png$/);
    expect(await readFile(join(dir, saved.storedName))).toEqual(PNG);
  });

  it('accepts Uint8Array chunks and a Node stream', async () => {
    const u8 = (async function* () {
      yield new Uint8Array(JPEG.buffer, JPEG.byteOffset, 10);
      yield new Uint8Array(JPEG.subarray(10));
    })();
    const saved = await saveUpload(u8 as AsyncIterable<Buffer>, { dir, maxBytes: MAX_UPLOAD_BYTES });
    expect(saved).toMatchObject({ mime: 'image/jpeg', sha256: sha256(JPEG) });
    const fromStream = await saveUpload(Readable.from([PDF.subarray(0, 3), PDF.subarray(3)]), { dir, maxBytes: 10_000 });
    expect(fromStream).toMatchObject({ mime: 'application/pdf', sha256: sha256(PDF) });
  });

  it.each([
    ['an EXE', EXE],
    ['a ZIP', ZIP],
    ['HTML', Buffer.from('<!doctype html><script>alert(1)</script>')],
    ['a GIF', Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00', 'latin1')],
    ['a short non-file', Buffer.from('MZ')],
  ])('refuses %s as bad_type and leaves nothing behind', async (_label, content) => {
    const err = await expectUploadError(saveUpload(chunks(content, 64), { dir, maxBytes: MAX_UPLOAD_BYTES }), 'bad_type');
    expect(err.message).toBe('只接受 PDF、JPEG 或 PNG 文件（按文件内容判断）');
    expect(await filesIn(dir)).toEqual([]);
  });

  it('refuses a bad type as soon as the first bytes are in, without reading the rest', async () => {
    const { state, source } = meteredSource(EXE, 3 * 1024 * 1024);
    await expectUploadError(saveUpload(source, { dir, maxBytes: MAX_UPLOAD_BYTES }), 'bad_type');
    expect(state.yielded).toBe(64 * 1024);
    expect(state.closedEarly).toBe(true);
    expect(await filesIn(dir)).toEqual([]);
  });

  it('accepts exactly 5 MB', async () => {
    const { state, source } = meteredSource(PDF.subarray(0, 16), MB5);
    const saved = await saveUpload(source, { dir, maxBytes: MB5 });
    expect(saved.size).toBe(MB5);
    expect(state.finished).toBe(true);
    expect((await stat(join(dir, saved.storedName))).size).toBe(MB5);
  });

  it('refuses 5 MB + 1 byte as too_large, leaves no file, and stops reading at the limit', async () => {
    const err = await expectUploadError(
      saveUpload(meteredSource(PDF.subarray(0, 16), MB5 + 1).source, { dir, maxBytes: MB5 }),
      'too_large',
    );
    expect(err.message).toBe('文件超过 5 MB');
    expect(await filesIn(dir)).toEqual([]);

    // A 50 MB source: reading stops within one chunk of the limit and the source is closed.
    const { state, source } = meteredSource(PNG.subarray(0, 8), 50 * 1024 * 1024);
    await expectUploadError(saveUpload(source, { dir, maxBytes: MB5 }), 'too_large');
    expect(state.yielded).toBeGreaterThan(MB5);
    expect(state.yielded).toBeLessThanOrEqual(MB5 + 64 * 1024);
    expect(state.closedEarly).toBe(true);
    expect(await filesIn(dir)).toEqual([]);
  });

  it('destroys a Node stream that goes over the limit instead of reading it to the end', async () => {
    const { state, source } = meteredSource(JPEG.subarray(0, 8), 50 * 1024 * 1024);
    const stream = Readable.from(source, { objectMode: false, highWaterMark: 64 * 1024 });
    await expectUploadError(saveUpload(stream, { dir, maxBytes: MB5 }), 'too_large');
    expect(stream.destroyed).toBe(true);
    expect(state.yielded).toBeLessThan(MB5 + 1024 * 1024);
    expect(await filesIn(dir)).toEqual([]);
  });

  it('refuses an empty file', async () => {
    const err = await expectUploadError(saveUpload(chunks(Buffer.alloc(0), 10), { dir, maxBytes: MB5 }), 'empty');
    expect(err.message).toBe('文件是空的');
    await expectUploadError(
      saveUpload(
        (async function* () {
          yield Buffer.alloc(0);
          yield Buffer.alloc(0);
        })(),
        { dir, maxBytes: MB5 },
      ),
      'empty',
    );
    await expectUploadError(saveUpload(Readable.from([]), { dir, maxBytes: MB5 }), 'empty');
    expect(await filesIn(dir)).toEqual([]);
  });

  it('removes the partial file when the source fails midway', async () => {
    const failing = (async function* () {
      yield PDF;
      yield Buffer.alloc(100_000);
      throw new Error('client went away');
    })();
    await expect(saveUpload(failing, { dir, maxBytes: MB5 })).rejects.toThrow('client went away');
    expect(await filesIn(dir)).toEqual([]);
  });

  it('leaves an existing directory as it is', async () => {
    await mkdir(dir, { recursive: true, mode: 0o750 });
    await saveUpload(chunks(PNG, 10), { dir, maxBytes: MB5 });
    expect((await stat(dir)).mode & 0o777).toBe(0o750);
  });
});

describe('openUpload and deleteUpload', () => {
  it('reads a stored file back', async () => {
    const saved = await saveUpload(chunks(PDF, 50), { dir, maxBytes: MB5 });
    const stream = await openUpload(dir, saved.storedName);
    const parts: Buffer[] = [];
    for await (const c of stream) parts.push(c as Buffer);
    expect(Buffer.concat(parts)).toEqual(PDF);
    expect(storedMime(saved.storedName)).toBe('application/pdf');
  });

  const hex = 'a'.repeat(32);
  it.each([
    '../x',
    'a.pdf',
    `${hex.toUpperCase()}.pdf`,
    `${'A'.repeat(31)}b.pdf`,
    `${hex}.PDF`,
    `${hex}.exe`,
    `${hex}.pdf.exe`,
    `${hex}.jpeg`,
    `../${hex}.pdf`,
    `${hex.slice(1)}.pdf`,
    `${hex}a.pdf`,
    `sub/${hex}.pdf`,
    `/etc/${hex}.pdf`,
    `${hex}.pdf\n`,
    `.upload-${hex}.part`,
    '',
  ])('refuses the name %j', async (name) => {
    expect(isStoredName(name)).toBe(false);
    await expect(openUpload(dir, name)).rejects.toThrow(RangeError);
    await expect(deleteUpload(dir, name)).rejects.toThrow(RangeError);
    expect(() => storedMime(name)).toThrow(RangeError);
  });

  it('rejects with ENOENT for a well-formed name that does not exist', async () => {
    await mkdir(dir, { recursive: true });
    await expect(openUpload(dir, `${hex}.png`)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('does not follow a symbolic link planted under a valid name', async () => {
    await mkdir(dir, { recursive: true });
    const secret = join(root, 'secret.pdf');
    await writeFile(secret, PDF);
    await symlink(secret, join(dir, `${hex}.pdf`));
    await expect(openUpload(dir, `${hex}.pdf`)).rejects.toMatchObject({ code: 'ELOOP' });
  });

  it('deletes a stored file, then reports it gone', async () => {
    const saved = await saveUpload(chunks(JPEG, 50), { dir, maxBytes: MB5 });
    expect(await deleteUpload(dir, saved.storedName)).toBe(true);
    expect(await filesIn(dir)).toEqual([]);
    expect(await deleteUpload(dir, saved.storedName)).toBe(false);
  });
});
