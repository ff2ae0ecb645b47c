// The same app inside Electron. Runs wherever the Electron binary is installed; on machines where it cannot be
// downloaded (such as this project's CI) it is skipped with the reason.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { _electron as electron, expect, test } from '@playwright/test';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function electronBinary(): string | null {
  try {
    const bin = createRequire(import.meta.url)('electron') as unknown as string;
    return typeof bin === 'string' && fs.existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();

test('Electron: sign in and see the queue', async () => {
  test.skip(!binary, 'Electron binary is not installed on this machine (its download is blocked here); the browser-host specs cover the same UI.');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'luotsi-electron-'));
  const app = await electron.launch({
    executablePath: binary!,
    args: [path.join(root, 'out/main/index.js'), '--no-sandbox'],
    env: { ...process.env, LUOTSI_DATA_DIR: dataDir },
  });
  const win = await app.firstWindow();
  await win.getByLabel('Käyttäjätunnus').fill('ohjaaja', { timeout: 120_000 });
  await win.getByLabel('Salasana').fill('demo');
  await win.getByRole('button', { name: 'Kirjaudu', exact: true }).click();
  await expect(win.getByRole('heading', { name: 'Saapuneet asiat' })).toBeVisible({ timeout: 60_000 });
  await expect(win.locator('.ag-row').first()).toBeVisible();
  await app.close();
});
