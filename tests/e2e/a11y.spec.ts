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
  // WCAG rules decide; axe's best practices (landmarks, heading order, empty headers) are run and listed too.
  const run = async () => {
    if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(AXE);
    return (await page.evaluate(async (tags) => {
    type Raw = { id: string; impact: string | null; help: string; tags: string[]; nodes: { target: string[] }[] };
    const w = globalThis as unknown as { document: unknown; axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: Raw[]; passes: unknown[] }> } };
    const r = await w.axe.run(w.document, { runOnly: { type: 'tag', values: [...tags, 'best-practice'] }, resultTypes: ['violations'] });
    return {
      rules: r.passes.length + r.violations.length,
      violations: r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, tags: v.tags, nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target })) })),
    };
  }, TAGS)) as { rules: number; violations: Finding[] };
  };
  // A screen caught while it re-renders (a sign-in landing, a view still loading) gives axe almost nothing to check:
  // look again after a moment, and fail only if axe still cannot run a real scan.
  let result = await run();
  for (let i = 0; i < 3 && result.rules <= 20; i++) {
    await page.waitForTimeout(1000);
    result = await run();
  }
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
    // Raportit › Yleiskuva: the charts' axis labels are at least 12 px (issue 19 item 10).
    await page.getByRole('button', { name: /Raportit|Rapporter/ }).first().click();
    await expect(page.locator('.recharts-cartesian-axis-tick-value').first()).toBeVisible({ timeout: 30_000 });
    const tickSizes = await page.locator('.recharts-cartesian-axis-tick-value').evaluateAll((els) => els.map((e) => parseFloat((globalThis as unknown as { getComputedStyle: (x: unknown) => { fontSize: string } }).getComputedStyle(e).fontSize)));
    expect(tickSizes.length).toBeGreaterThan(0);
    expect(Math.min(...tickSizes)).toBeGreaterThanOrEqual(12);
    if (shots) await page.screenshot({ path: `${shots}/raportit-${size.width}.png` });
    await section(page, /Asetukset/, /.+/);
    await scan(page, 'asetukset');
  });
}

// The rest of each role's main screens, and the same screens in Swedish: the case page, a letter's preview (its
// pages scroll in a region a keyboard reaches), services waiting to start, the client search, the social worker's
// queue, the secretary's hand deliveries, billing's runs and carers, Raportit's tabs and the administrator's settings.
for (const size of [
  { width: 1440, height: 900 },
  { width: 1280, height: 720 },
]) {
  test(`axe at ${size.width}: every role's other main screens, in Finnish and Swedish`, async ({ page }) => {
    test.setTimeout(300_000);
    await page.setViewportSize(size);
    // Each screen in the user's own language and in the other one, then back (the language is the user's setting).
    const both = async (screen: string, open: () => Promise<void>) => {
      // The status bar's switch (Raportit has language buttons of its own for the publication).
      const bar = page.locator('footer.statusbar');
      const toggle = async () => {
        const sv = await bar.getByRole('button', { name: 'Suomeksi' }).isVisible();
        await bar.getByRole('button', { name: sv ? 'Suomeksi' : 'På svenska' }).click();
        await expect(bar.getByRole('button', { name: sv ? 'På svenska' : 'Suomeksi' })).toBeVisible();
      };
      await open();
      await scan(page, screen);
      await toggle();
      await open();
      await scan(page, `${screen} (toinen kieli)`);
      await toggle();
    };
    // The sign-in page keeps the last user's language: back to Finnish for the next sign-in.
    const signOut = async () => {
      await page.getByRole('button', { name: /^(Kirjaudu ulos|Logga ut)$/ }).click();
      await page.getByRole('button', { name: 'Suomeksi' }).click();
      await expect(page.getByLabel('Käyttäjätunnus')).toBeVisible();
    };
    const nav = (i: number) => page.locator('.sidenav .nav-item').nth(i).click();

    await signIn(page, 'ohjaaja');
    await gridReady(page);
    await both('asia', async () => {
      await nav(0);
      await gridReady(page);
      await page.locator('.ag-row').first().locator('[col-id="type"] button').click();
      await expect(page.locator('.case-view h1')).toBeVisible();
    });
    await both('aloittamatta', async () => {
      await nav(0);
      await page.getByRole('tab').nth(1).click();
      await expect(page.locator('.awaiting-start')).toBeVisible();
    });
    await both('asiakashaku', async () => {
      await nav(1);
      await page.getByRole('searchbox').fill('Virtanen');
      await expect(page.locator('table.list tbody tr').first()).toBeVisible();
    });
    await both('kirjeen esikatselu', async () => {
      await nav(2);
      await gridReady(page);
      await page.locator('.ag-row').first().locator('[col-id="number"] button').click();
      await page.locator('.decision-view').getByRole('button', { name: /^(Esikatsele kirje|Förhandsgranska brevet)$/ }).click();
      await expect(page.getByTestId('pdf-pages').locator('canvas').first()).toBeVisible({ timeout: 30_000 });
      await scan(page, 'kirjeen esikatselu (auki)');
      await page.getByRole('button', { name: /^(Sulje|Stäng)$/ }).click();
    });
    await signOut();

    await signIn(page, 'sosiaalityontekija');
    await both('sosiaalityöntekijän jono', async () => {
      await nav(0);
      await gridReady(page);
    });
    await signOut();

    await signIn(page, 'sihteeri');
    await both('käsin toimitettavat', async () => {
      await page.getByTestId('tab-hand').click();
    });
    await signOut();

    await signIn(page, 'laskutus');
    await both('laskutusajot', async () => {
      await page.locator('.billing [role="tab"], [role="tab"]').nth(1).click();
    });
    await both('omaishoito', async () => {
      await page.locator('[role="tab"]').nth(2).click();
      // The agreements grid's actions column has a name (axe empty-table-header).
      await expect(page.locator('.ag-header-cell[col-id="act"]').first()).toHaveText(/^\s*(Toiminnot|Åtgärder)\s*$/);
      if (shots) await page.screenshot({ path: `${shots}/omaishoito-${size.width}-${(await page.locator('.ag-header-cell[col-id="act"]').first().textContent())?.trim()}.png` });
    });
    await signOut();

    await signIn(page, 'paallikko');
    await gridReady(page);
    // Raportit › Yleiskuva: the charts' axis labels are at least 12 px (issue 19 item 10).
    await page.getByRole('button', { name: /Raportit|Rapporter/ }).first().click();
    await expect(page.locator('.recharts-cartesian-axis-tick-value').first()).toBeVisible({ timeout: 30_000 });
    const tickSizes = await page.locator('.recharts-cartesian-axis-tick-value').evaluateAll((els) => els.map((e) => parseFloat((globalThis as unknown as { getComputedStyle: (x: unknown) => { fontSize: string } }).getComputedStyle(e).fontSize)));
    expect(tickSizes.length).toBeGreaterThan(0);
    expect(Math.min(...tickSizes)).toBeGreaterThanOrEqual(12);
    if (shots) await page.screenshot({ path: `${shots}/raportit-${size.width}.png` });
    for (const i of [1, 2]) {
      await both(`raportit, välilehti ${i + 1}`, async () => {
        await page.getByRole('button', { name: /Raportit|Rapporter/ }).first().click();
        await page.locator('#reports-title ~ [role="tablist"] [role="tab"], [role="tablist"][aria-label] [role="tab"]').nth(i).click();
        await page.waitForTimeout(500);
      });
    }
    await signOut();

    await signIn(page, 'paakayttaja');
    await both('pääkäyttäjän asetukset', async () => {
      await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
    });
  });
}
