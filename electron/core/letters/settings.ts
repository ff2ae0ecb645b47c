// Letter settings of this workstation (settings row 'letters'): sender, review body, address window, signing
// certificate and the folder print batches are written to. A demo workstation gets a demo certificate on first
// start, so a fresh app can sign and send at once.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/contract/errors';
import { letterSettingsStored, type LetterSettings } from '../../../shared/contract/letter-schemas';
import { addressWindowError, DEFAULT_ADDRESS_WINDOW } from '../../../shared/domain/letters';
import type { Db } from '../db/connection';
import { createDemoCertificate, loadSigningCertificate } from './certificate';
import { needsSealing, openSecret, sealSecret } from '../secrets';
import { ensurePrivateDir, PRIVATE_FILE } from '../files';

const KEY = 'letters';

/**
 * The stored settings with the certificate passphrase opened (it is stored sealed, core/secrets.ts). A passphrase
 * that cannot be opened any more (the key file lost) reads as empty: the certificate then fails as with a wrong
 * passphrase, and the administrator enters it again.
 */
export function readLetterSettings(db: Db): LetterSettings | null {
  const raw = db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(KEY) as string | undefined;
  if (!raw) return null;
  const stored = letterSettingsStored.parse(JSON.parse(raw));
  let passphrase = '';
  try {
    passphrase = openSecret(db, stored.certificatePassphrase);
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
  }
  return { ...stored, certificatePassphrase: passphrase };
}

export function letterSettings(db: Db): LetterSettings {
  const s = readLetterSettings(db);
  if (!s) throw new AppError('INVALID_STATE', 'Kirjeasetuksia ei ole tehty. Pääkäyttäjä täyttää ne kohdassa Asetukset › Kirjeet.');
  return s;
}

export function writeLetterSettings(db: Db, s: LetterSettings): void {
  const windowError = addressWindowError(s.window);
  if (windowError) throw new AppError('VALIDATION', windowError);
  db.prepare('INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)').run(KEY, JSON.stringify({ ...s, certificatePassphrase: sealSecret(db, s.certificatePassphrase) }));
}

/** Seals (on opening the database) a passphrase stored in plain text by an earlier version or under the previous key. */
export function sealStoredSecrets(db: Db): void {
  const raw = db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(KEY) as string | undefined;
  if (!raw) return;
  const stored = letterSettingsStored.parse(JSON.parse(raw));
  if (needsSealing(db, stored.certificatePassphrase)) writeLetterSettings(db, { ...stored, certificatePassphrase: openSecret(db, stored.certificatePassphrase) });
}

/**
 * Creates the letter settings of a demo workstation on its first start: the county's names, a fictitious
 * address, and a self-signed certificate in the county's name stored beside the database.
 */
export function ensureDemoLetterSettings(db: Db, dbPath: string, now: Date): void {
  if (readLetterSettings(db)) return;
  const demo = db.prepare("SELECT value FROM settings WHERE key = 'demo'").pluck().get() === '1';
  if (!demo) return;
  const name = (key: string, fallback: string) => (db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(key) as string | undefined) ?? fallback;
  const countyFi = name('county_name_fi', 'Hyvinvointialue');
  const countySv = name('county_name_sv', 'Välfärdsområde');
  const dir = dbPath === ':memory:' ? fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'luotsi-')) : path.dirname(path.resolve(dbPath));
  const base = dbPath === ':memory:' ? 'luotsi' : path.basename(dbPath).replace(/\.[^.]*$/, '');
  const certificatePath = path.join(dir, `${base}-demo-signing.p12`);
  const passphrase = crypto.randomBytes(18).toString('base64url');
  const validFrom = new Date(now.getTime() - 86_400_000);
  const validTo = new Date(now.getTime() + 3 * 365 * 86_400_000);
  ensurePrivateDir(dir);
  fs.writeFileSync(certificatePath, createDemoCertificate({ commonName: countyFi, organization: countyFi, validFrom, validTo, passphrase }), { mode: PRIVATE_FILE });
  writeLetterSettings(db, {
    window: DEFAULT_ADDRESS_WINDOW,
    sender: {
      countyNameFi: countyFi,
      countyNameSv: countySv,
      unitFi: 'Keskitetty asiakas- ja palveluohjaus',
      unitSv: 'Centraliserad klient- och servicehandledning',
      street: 'Esimerkkikatu 1',
      postalCode: '02070',
      city: 'Espoo',
      phone: '029 000 1000',
      email: 'kirjaamo@hyvinvointialue.example',
      web: 'www.hyvinvointialue.example',
    },
    review: {
      nameFi: 'Yksilöasioiden jaosto',
      nameSv: 'Sektionen för individärenden',
      street: 'PL 1000',
      postalCode: '02070',
      city: 'Espoo',
      email: 'kirjaamo@hyvinvointialue.example',
      closes: '15.00',
    },
    certificatePath,
    certificatePassphrase: passphrase,
    outDir: path.join(dir, 'lahetyserat'),
  });
}

export function signingCertificate(db: Db, now: Date) {
  const s = letterSettings(db);
  if (!s.certificatePath) throw new AppError('VALIDATION', 'Allekirjoitusvarmennetta ei ole määritetty. Pääkäyttäjä lisää sen kohdassa Asetukset › Kirjeet.');
  return loadSigningCertificate(s.certificatePath, s.certificatePassphrase, now);
}
