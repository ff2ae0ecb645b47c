// Shared steps of the end-to-end specs: the browser host's address and signing in as a demo user.
import { expect, type Page } from '@playwright/test';

export const base = () => process.env.LUOTSI_E2E_BASE!;

export async function signIn(page: Page, username: string, password = 'demo') {
  await page.goto(`${base()}/`);
  await page.getByLabel('Käyttäjätunnus').fill(username);
  await page.getByLabel('Salasana').fill(password);
  await page.getByRole('button', { name: 'Kirjaudu', exact: true }).click();
}

export async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Kirjaudu ulos' }).click();
  await expect(page.getByLabel('Käyttäjätunnus')).toBeVisible();
}
