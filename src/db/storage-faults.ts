// When the database cannot write — the disk is full, the file or the server is read-only, the
// storage fails — a write becomes a 503 with a zh-CN message that says so, reads go on, and
// /healthz names the problem until a write succeeds again. Both engines' error codes map here.

export type StorageFault = 'disk_full' | 'read_only' | 'io_error' | 'busy';

export const FAULT_MESSAGE: Record<StorageFault, string> = {
  disk_full: '暂时无法保存：服务器的存储空间已满。你提交的内容没有保存，请返回上一页稍后再提交（页面上填写的内容仍在）。',
  read_only: '暂时无法保存：数据库目前只读（维护中）。你提交的内容没有保存，请返回上一页稍后再提交（页面上填写的内容仍在）。',
  io_error: '暂时无法保存：服务器存储出错。你提交的内容没有保存，请返回上一页稍后再提交（页面上填写的内容仍在）。',
  busy: '服务器正忙，你提交的内容没有保存，请稍后再提交。',
};

/** What /healthz says, in English for operators' tools, with the zh-CN gloss. */
export const FAULT_HEALTH: Record<StorageFault, string> = {
  disk_full: 'disk full (存储空间已满)',
  read_only: 'database read-only (数据库只读)',
  io_error: 'storage I/O error (存储读写错误)',
  busy: 'database busy (数据库繁忙)',
};

/** The storage fault an error from better-sqlite3 or node-postgres reports, or null. */
export function storageFault(err: unknown): StorageFault | null {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return null;
  // SQLite (better-sqlite3 puts the extended result code in `code`).
  if (code === 'SQLITE_FULL') return 'disk_full';
  if (code.startsWith('SQLITE_READONLY')) return 'read_only';
  if (code.startsWith('SQLITE_IOERR') || code === 'SQLITE_CANTOPEN' || code === 'SQLITE_CORRUPT') return 'io_error';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'busy';
  // PostgreSQL SQLSTATE: disk_full, insufficient_resources, read-only transaction (a standby, or
  // default_transaction_read_only), io_error, lock_not_available.
  if (code === '53100') return 'disk_full';
  if (code === '25006') return 'read_only';
  if (code === '58030' || code === '53000') return 'io_error';
  if (code === '55P03') return 'busy';
  return null;
}

/** The last fault seen, kept until a write succeeds again (healthz). */
let lastFault: { fault: StorageFault; at: string } | null = null;

export function noteFault(fault: StorageFault): void {
  if (fault !== 'busy') lastFault = { fault, at: new Date().toISOString() };
}

export function clearFault(): void {
  lastFault = null;
}

export function currentFault(): { fault: StorageFault; at: string } | null {
  return lastFault;
}
