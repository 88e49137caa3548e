// A real browser for end-to-end tests: Debian's Chromium driven by playwright-core.
// Never downloads a browser: if /usr/bin/chromium (or $CHROMIUM_PATH) is missing, launching throws
// an error that says how to install it, so the test fails instead of being skipped.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags that work as root in a container; the user-data-dir is a fresh temp folder per launch. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

export interface BrowserSession {
  readonly context: BrowserContext;
  /** The first tab, ready to use. */
  readonly page: Page;
  /** Opens another tab in the same context (e.g. with a different viewport). */
  newPage(opts?: { viewport?: { width: number; height: number } }): Promise<Page>;
  close(): Promise<void>;
}

export function assertChromiumInstalled(): void {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}. The e2e tests need Debian's chromium: ` +
        '`apt-get install -y chromium` (never `npx playwright install`), or set CHROMIUM_PATH.',
    );
  }
}

/** Fails clearly when no font covers Chinese: screenshots would show boxes instead of glyphs. */
export function assertCjkFontInstalled(): string[] {
  let out = '';
  try {
    out = execFileSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' });
  } catch (err) {
    throw new Error(`fc-list failed (is fontconfig installed?): ${(err as Error).message}`);
  }
  const families = out.split('\n').map((l) => l.trim()).filter(Boolean);
  if (families.length === 0) {
    throw new Error('No CJK font installed (fc-list :lang=zh is empty): `apt-get install -y fonts-wqy-microhei` or fonts-noto-cjk.');
  }
  return families;
}

export async function launchBrowser(opts: { viewport?: { width: number; height: number } } = {}): Promise<BrowserSession> {
  assertChromiumInstalled();
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zs-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      args: [...CHROMIUM_ARGS],
      headless: true,
      locale: 'zh-CN',
      viewport: opts.viewport ?? { width: 1280, height: 900 },
    });
  } catch (err) {
    fs.rmSync(userDataDir, { recursive: true, force: true });
    throw err;
  }
  const page = context.pages()[0] ?? (await context.newPage());
  let closed = false;
  return {
    context,
    page,
    async newPage(o = {}) {
      const p = await context.newPage();
      if (o.viewport) await p.setViewportSize(o.viewport);
      return p;
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        await context.close();
      } finally {
        fs.rmSync(userDataDir, { recursive: true, force: true });
      }
    },
  };
}
