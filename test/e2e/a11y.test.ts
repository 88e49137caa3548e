// Accessibility in Chromium: axe-core finds no serious or critical violation on the pages people
// use most, in both languages. axe is evaluated through the DevTools protocol (page.evaluate),
// which our CSP (no inline script) does not apply to; a script tag would be blocked, as it should.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLiveApp, type LiveApp } from '../helpers/live.js';

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface Violation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: readonly { readonly target: readonly string[]; readonly failureSummary?: string }[];
}

let live: LiveApp | undefined;
let articleId = 0;
let projectId = 0;

function app(): LiveApp {
  if (!live) throw new Error('app not started');
  return live;
}

async function axe(p: Page): Promise<Violation[]> {
  if (!(await p.evaluate(() => 'axe' in window))) await p.evaluate(AXE_SOURCE);
  return p.evaluate(async () => {
    const run = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: Violation[] }> } }).axe.run;
    const r = await run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
  });
}

/** The issue's seven pages, then the other pages a reader goes through from them. */
/** Serious and critical violations fail the test; the others are printed. */
function report(url: string, violations: readonly Violation[], failures: string[]): void {
  for (const v of violations) {
    const line = `${url} [${v.impact}] ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')}`;
    if (v.impact === 'serious' || v.impact === 'critical') failures.push(`${line}\n    ${v.nodes[0]?.failureSummary ?? ''}`);
    else console.log(`axe (${v.impact}): ${line}`);
  }
}

const PAGES = () => ['/', `/articles/${articleId}`, `/search?q=${encodeURIComponent('长沙')}`, '/stats', '/projects', '/submit', '/join', '/regions', '/regions/430700', `/projects/${projectId}`, '/contact', '/enterprises', '/track?code=ZS-AAAA-BBBB'];

describe('accessibility (axe-core) in Chromium', () => {
  beforeAll(async () => {
    live = await startLiveApp();
    const row = await live.t.runtime.database.db.selectFrom('articles').select('id').where('title', 'like', '桃源县网络签约%').executeTakeFirstOrThrow();
    articleId = row.id;
    const project = await live.t.runtime.database.db.selectFrom('projects').select('id').where('article_id', '=', row.id).where('kind', '=', 'group').executeTakeFirstOrThrow();
    projectId = project.id;
  });
  afterAll(async () => {
    await live?.close();
  });

  for (const lang of ['zh-CN', 'en'] as const) {
    it(`no serious or critical violations (${lang})`, async () => {
      const p = app().browser.page;
      const failures: string[] = [];
      for (const path of PAGES()) {
        const url = `${app().base}${lang === 'en' ? (path === '/' ? '/en/' : `/en${path}`) : path}`;
        await p.goto(url);
        expect(await p.getAttribute('html', 'lang'), url).toBe(lang);
        // The charts are part of the page people see: check it once they are drawn.
        if (path === '/stats') await p.waitForSelector('#chart-map[data-ready="1"]');
        report(url, await axe(p), failures);
      }
      // A form sent empty comes back with a message beside each field.
      await p.goto(`${app().base}${lang === 'en' ? '/en' : ''}/submit`);
      await p.locator('form.stack button.primary').click();
      await p.locator('.field-error').first().waitFor();
      expect(await p.locator('.field-error').count()).toBeGreaterThan(3);
      report(`${p.url()} (with errors)`, await axe(p), failures);
      expect(failures).toEqual([]);
    });
  }

  it('axe itself cannot be injected as a script tag: the CSP forbids inline script', async () => {
    const p = app().browser.page;
    await p.goto(`${app().base}/`);
    const blocked = await p.addScriptTag({ content: 'window.__inline = 1;' }).then(
      () => p.evaluate(() => (window as unknown as { __inline?: number }).__inline === undefined),
      () => true,
    );
    expect(blocked).toBe(true);
  });
});
