// Accessibility scan (axe-core, WCAG 2.2 A/AA) of every main screen of every role, in Finnish and in Swedish, at
// the two window sizes the unit uses. A serious or critical finding fails the test with the rule, the elements and
// axe's help text; moderate and minor ones are listed in the test's output so they stay visible.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import Database from 'better-sqlite3';
import { expect, test, type Page } from '@playwright/test';
import { signIn } from './support';

const require = createRequire(import.meta.url);
// Evaluated through the DevTools protocol: the page's Content-Security-Policy (script-src 'self') refuses an added script tag.
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const shots = process.env.LUOTSI_SCREENSHOTS;

interface Finding {
  id: string;
  impact: string | null;
  help: string;
  tags: string[];
  nodes: { target: string[] }[];
}

async function scan(page: Page, screen: string): Promise<void> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(AXE);
  // WCAG rules decide; axe's best practices (landmarks, heading order, empty headers) are run and listed too.
  const result = (await page.evaluate(async (tags) => {
    type Raw = { id: string; impact: string | null; help: string; tags: string[]; nodes: { target: string[] }[] };
    const w = globalThis as unknown as { document: unknown; axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: Raw[]; passes: unknown[] }> } };
    const r = await w.axe.run(w.document, { runOnly: { type: 'tag', values: [...tags, 'best-practice'] }, resultTypes: ['violations'] });
    return {
      rules: r.passes.length + r.violations.length,
      violations: r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, tags: v.tags, nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target })) })),
    };
  }, TAGS)) as { rules: number; violations: Finding[] };
  expect(result.rules, `${screen}: axe ran`).toBeGreaterThan(20);
  const words = (f: Finding) => `${screen}: [${f.impact}] ${f.id} – ${f.help}: ${f.nodes.map((n) => n.target.join(' ')).join(' | ')}`;
  const blocking = result.violations.filter((f) => (f.impact === 'serious' || f.impact === 'critical') && f.tags.some((t) => TAGS.includes(t)));
  for (const f of result.violations.filter((x) => !blocking.includes(x))) console.log(words(f));
  expect(blocking.map(words), `${screen}: serious or critical WCAG findings`).toEqual([]);
}

const db = () => new Database(process.env.LUOTSI_E2E_DB!, { readonly: true, fileMustExist: true });

async function section(page: Page, name: RegExp, heading: string | RegExp) {
  await page.getByRole('button', { name }).first().click();
  await expect(page.getByRole('heading', { name: heading, level: 1 }).first()).toBeVisible({ timeout: 30_000 });
}

async function gridReady(page: Page) {
  await expect(page.locator('.ag-row').first()).toBeVisible({ timeout: 30_000 });
}

for (const size of [
  { width: 1440, height: 900 },
  { width: 1280, height: 720 },
]) {
  test(`axe at ${size.width}: sign-in, guidance worker's queue, case, client card, decisions and reports`, async ({ page }) => {
    test.setTimeout(180_000);
    await page.setViewportSize(size);
    await page.goto(`${new URL(process.env.LUOTSI_E2E_BASE!).origin}/`);
    await expect(page.getByLabel('Käyttäjätunnus')).toBeVisible();
    await scan(page, 'kirjautuminen');

    await signIn(page, 'ohjaaja');
    await gridReady(page);
    await scan(page, 'jono');
    if (shots) await page.screenshot({ path: `${shots}/a11y-queue-${size.width}.png` });

    // A case page of an item with a client in her area.
    const d = db();
    const item = d
      .prepare(
        `SELECT i.id, c.last_name || ' ' || c.first_names AS name FROM intake_items i JOIN clients c ON c.id = i.client_id
         WHERE i.status IN ('assigned','assessment','decision')
           AND i.area_id IN (SELECT area_id FROM user_areas ua JOIN users u ON u.id = ua.user_id WHERE u.username = 'ohjaaja')
         ORDER BY i.received_at DESC LIMIT 1`,
      )
      .get() as { id: string; name: string };
    d.close();
    await page.getByRole('button', { name: 'Asiakkaat' }).click();
    await page.getByLabel('Hae nimellä tai henkilötunnuksella').fill(item.name);
    await page.getByRole('button', { name: item.name }).first().click();
    await expect(page.locator('.client-card, .card-view, [data-testid="client-card"]').first()).toBeVisible();
    await scan(page, 'asiakaskortti');

    await section(page, /Päätökset/, /Päätökset/);
    await gridReady(page);
    await scan(page, 'päätökset');
    await page.locator('.ag-row').first().locator('[col-id="number"] button').click();
    await expect(page.locator('.decision-view h1')).toBeVisible();
    await scan(page, 'päätös');

    await section(page, /Raportit/, 'Raportit');
    await expect(page.locator('.kpi').first()).toBeVisible({ timeout: 30_000 });
    await scan(page, 'raportit');

    // The same screens' chrome in Swedish.
    await page.getByRole('button', { name: 'På svenska' }).click();
    await section(page, /Kö|Inkomna/, /.+/);
    await gridReady(page);
    await scan(page, 'kö (sv)');
    await page.getByRole('button', { name: 'Suomeksi' }).click();
  });

  test(`axe at ${size.width}: secretary's letters, billing, the manager's settings`, async ({ page }) => {
    test.setTimeout(180_000);
    await page.setViewportSize(size);
    await signIn(page, 'sihteeri');
    await expect(page.getByRole('heading', { name: 'Kirjeet ja lähetys' })).toBeVisible();
    await gridReady(page);
    await scan(page, 'kirjeet');
    await page.getByRole('tab', { name: 'Lähetyserät' }).click();
    await scan(page, 'lähetyserät');
    await page.getByRole('button', { name: 'Kirjaudu ulos' }).click();

    await signIn(page, 'laskutus');
    await expect(page.getByRole('heading', { name: 'Laskutus' })).toBeVisible();
    await gridReady(page);
    await scan(page, 'laskutus');
    await page.getByRole('button', { name: 'Kirjaudu ulos' }).click();

    await signIn(page, 'paallikko');
    await gridReady(page);
    await section(page, /Asetukset/, /.+/);
    await scan(page, 'asetukset');
  });
}
