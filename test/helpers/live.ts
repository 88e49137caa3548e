// The app on a real port with a real browser, for the end-to-end tests: fresh SQLite with the demo
// data, the accounts a test needs, and every dialog recorded (a dialog means script ran).
import type { AddressInfo } from 'node:net';
import { hashPassword } from '../../src/features/auth/passwords.js';
import { insertUser } from '../../src/features/auth/repository.js';
import type { Role } from '../../src/db/schema.js';
import { buildTestApp, type TestApp } from './app.js';
import { assertChromiumInstalled, assertCjkFontInstalled, launchBrowser, type BrowserSession } from './browser.js';

export interface LiveApp {
  readonly t: TestApp;
  readonly browser: BrowserSession;
  readonly base: string;
  /** Messages of every dialog any page opened. */
  readonly dialogs: string[];
  /** Console errors (CSP reports among them) and uncaught errors of the first tab. */
  readonly problems: string[];
  close(): Promise<void>;
}

export async function startLiveApp(users: readonly { email: string; password: string; role: Role; name: string }[] = []): Promise<LiveApp> {
  assertChromiumInstalled();
  assertCjkFontInstalled();
  const t = await buildTestApp();
  for (const u of users) await insertUser(t.runtime.database.db, { email: u.email, passwordHash: await hashPassword(u.password), role: u.role, name: u.name });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  const browser = await launchBrowser();
  const dialogs: string[] = [];
  const problems: string[] = [];
  browser.page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  browser.page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  browser.context.on('page', (p) =>
    p.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    }),
  );
  browser.page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  return {
    t,
    browser,
    base,
    dialogs,
    problems,
    async close() {
      await browser.close();
      await t.close();
    },
  };
}
