// When the database cannot write — the disk is full, the file or the server is read-only, the
// storage fails — or cannot be reached at all (PostgreSQL down or restarting), a request becomes a
// 503 with a zh-CN message that says so, reads go on where they can, and /healthz names the
// problem until a write succeeds again. Both engines' error codes map here.

// unreachable: no connection was made, so nothing was sent; connection_lost: the connection broke
// during the request, perhaps during its COMMIT, so whether the write landed is unknown.
export type StorageFault = 'disk_full' | 'read_only' | 'io_error' | 'busy' | 'unreachable' | 'connection_lost';

/** Why, as the middle of a sentence. */
const REASON: Record<StorageFault, string> = {
  disk_full: '服务器的存储空间已满',
  read_only: '数据库目前只读（维护中）',
  io_error: '服务器存储出错',
  busy: '服务器正忙',
  unreachable: '暂时连接不上数据库',
  connection_lost: '与数据库的连接中断了',
};

/**
 * The message for a request that met `fault`: a form post is told that nothing was stored and
 * that what it typed is still on the page; a page view only that it can be tried again shortly.
 */
export function faultMessage(fault: StorageFault, write: boolean): string {
  if (!write) return `暂时无法打开此页：${REASON[fault]}，请稍后刷新重试。`;
  if (fault === 'busy') return '服务器正忙，你提交的内容没有保存，请稍后再提交。';
  // The COMMIT may have landed before the connection broke: say so rather than promise either way.
  if (fault === 'connection_lost') return `暂时无法确认是否保存：${REASON[fault]}。你提交的内容可能已经保存，也可能没有；可以稍后返回上一页再提交一次（页面上填写的内容仍在），编辑部可能因此收到两份。`;
  return `暂时无法保存：${REASON[fault]}。你提交的内容没有保存，请返回上一页稍后再提交（页面上填写的内容仍在）。`;
}

/** What /healthz says, in English for operators' tools, with the zh-CN gloss. */
export const FAULT_HEALTH: Record<StorageFault, string> = {
  disk_full: 'disk full (存储空间已满)',
  read_only: 'database read-only (数据库只读)',
  io_error: 'storage I/O error (存储读写错误)',
  busy: 'database busy (数据库繁忙)',
  unreachable: 'database unreachable (数据库连接不上)',
  connection_lost: 'database connection lost (数据库连接中断)',
};

// node-postgres: no connection made (refused, unknown host, the server starting up or shutting
// down: cannot_connect_now, the pool's connect timeout) — or one that broke in use (reset, cut,
// terminated by admin_shutdown/crash_shutdown), connection_exception class 08.
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENOTFOUND', '57P03', '08001', '08004']);
const LOST_CODES = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', '57P01', '57P02']);
const UNREACHABLE_MESSAGE = /^timeout exceeded when trying to connect/;
const LOST_MESSAGE = /^(Connection terminated|Client has encountered a connection error|Client was closed and is not queryable)/;

/** The storage fault an error from better-sqlite3 or node-postgres reports, or null. */
export function storageFault(err: unknown): StorageFault | null {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') {
    const message = (err as { message?: unknown } | null)?.message;
    if (typeof message !== 'string') return null;
    return UNREACHABLE_MESSAGE.test(message) ? 'unreachable' : LOST_MESSAGE.test(message) ? 'connection_lost' : null;
  }
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
  if (UNREACHABLE_CODES.has(code)) return 'unreachable';
  if (LOST_CODES.has(code) || code.startsWith('08')) return 'connection_lost';
  return null;
}

/** The last fault seen, kept until a write succeeds again (healthz). */
let lastFault: { fault: StorageFault; at: string } | null = null;

export function noteFault(fault: StorageFault): void {
  // Busy passes by itself; an unreachable database is /healthz's own ping to find.
  if (fault !== 'busy' && fault !== 'unreachable' && fault !== 'connection_lost') lastFault = { fault, at: new Date().toISOString() };
}

export function clearFault(): void {
  lastFault = null;
}

export function currentFault(): { fault: StorageFault; at: string } | null {
  return lastFault;
}
