// The central database's address is read with the driver's own parser, and every host the driver would
// contact is checked: without TLS only this machine. The cases are what node-postgres itself would do with
// the same string (pg.Client computes its host from pg-connection-string), so a check of the string's
// visible host part alone would be fooled by each of the refused ones.
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { centralTarget, isThisMachine } from '../../electron/core/sync/address';
import { pgConfig } from '../../electron/core/sync/session';
import { checkCentralSettings } from '../../electron/core/sync/manager';

/** The host node-postgres would connect to for this connection string. */
const driverHost = (url: string) => (new pg.Client({ connectionString: url }) as unknown as { host: string }).host;

describe('central address', () => {
  it('the tricks are real: the driver connects to a host other than the one the string seems to name', () => {
    expect(driverHost('postgresql://localhost/luotsi?host=10.9.8.7')).toBe('10.9.8.7');
    expect(driverHost('postgresql://localhost/luotsi?host=evil.example')).toBe('evil.example');
    expect(driverHost('postgresql://%2Ftmp%2Fpg/luotsi')).toBe('/tmp/pg');
  });

  it('refuses without TLS anything but this machine, whatever way the host is given', () => {
    const refused: [string, RegExp][] = [
      ['postgresql://localhost/luotsi?host=10.9.8.7', /\?host=/],
      ['postgresql://localhost/luotsi?host=evil.example', /\?host=/],
      ['postgresql://localhost/luotsi?hostaddr=10.9.8.7', /\?host=/],
      ['postgresql://localhost:5432/luotsi?port=6543', /\?host=/],
      ['postgresql://keskus.example.fi/luotsi', /Salaamaton yhteys sallitaan vain/],
      ['postgresql://localhost.evil.example/luotsi', /Salaamaton yhteys sallitaan vain/],
      ['postgresql://127.0.0.1.nip.io/luotsi', /Salaamaton yhteys sallitaan vain/],
      ['postgresql://2130706433/luotsi', /Salaamaton yhteys sallitaan vain/], // 127.0.0.1 as one number, resolved by the system
      ['postgresql://0.0.0.0/luotsi', /Salaamaton yhteys sallitaan vain/],
      ['postgresql://[::ffff:10.0.0.1]/luotsi', /Salaamaton yhteys sallitaan vain/],
      ['postgresql://localhost,evil.example/luotsi', /yksi palvelin/],
      ['postgresql://ohjaaja@evil.example/luotsi', /Älä kirjoita käyttäjätunnusta/],
      ['postgresql://localhost/luotsi?user=paakayttaja', /Älä kirjoita käyttäjätunnusta/],
      ['postgresql://localhost/luotsi?sslmode=disable', /TLS valitaan asetuksista/],
      ['postgresql://localhost/luotsi?sslrootcert=/etc/passwd', /TLS valitaan asetuksista/],
      ['postgresql://localhost/luotsi?%73slkey=/etc/shadow', /TLS valitaan asetuksista/], // an encoded key is still sslkey
      ['postgresql://localhost/luotsi?options=-c%20role%3Dx', /parametreja/],
      ['postgresql://localhost/luotsi?application_name=x&host=10.9.8.7', /parametreja|\?host=/],
      ['postgresql://local host/luotsi', /ei ole kelvollinen/],
      ['postgresql://localhost/%zzluotsi', /ei ole kelvollinen/],
      ['socket:/tmp?db=luotsi', /alettava postgresql/],
      ['/var/run/postgresql luotsi', /alettava postgresql/],
      ['http://localhost/luotsi', /alettava postgresql/],
      ['postgresql:///luotsi', /puuttuu palvelimen nimi/],
      ['postgresql://localhost/', /tietokannan nimi/],
      ['postgresql://localhost:99999/luotsi', /kelvollinen|portti/],
    ];
    for (const [url, message] of refused) {
      let got = 'accepted';
      try {
        centralTarget(url, 'disable');
      } catch (e) {
        got = (e as Error).message;
      }
      expect({ url, got }).toEqual({ url, got: expect.stringMatching(message) });
      // The settings and every connection refuse it the same way, before any connection is opened.
      expect(() => checkCentralSettings({ url, tls: 'disable', ca: null })).toThrow();
      expect(() => pgConfig({ url, user: 'ohjaaja', password: 'demo', tls: { mode: 'disable' } })).toThrow();
    }
  });

  it('accepts this machine without TLS and hands the driver exactly the host it checked', () => {
    const accepted: [string, string][] = [
      ['postgresql://localhost/luotsi', 'localhost'],
      ['postgres://127.0.0.1:5433/luotsi', '127.0.0.1'],
      ['postgresql://127.4.5.6/luotsi', '127.4.5.6'],
      ['postgresql://[::1]:5432/luotsi', '::1'],
      ['postgresql://%2Fvar%2Frun%2Fpostgresql/luotsi', '/var/run/postgresql'],
    ];
    for (const [url, host] of accepted) {
      expect(centralTarget(url, 'disable').host).toBe(host);
      expect(driverHost(url)).toBe(host);
      const cfg = pgConfig({ url, user: 'ohjaaja', password: 'demo' });
      expect(cfg).toMatchObject({ host, user: 'ohjaaja', password: 'demo', ssl: false });
      expect(cfg).not.toHaveProperty('connectionString');
    }
    expect(centralTarget('postgresql://localhost:5433/luotsi', 'disable')).toEqual({
      host: 'localhost',
      port: 5433,
      database: 'luotsi',
      user: null,
      password: null,
      socket: false,
    });
  });

  it('with TLS verify-full any named server, but not a unix socket, and never TLS settings in the address', () => {
    expect(centralTarget('postgresql://keskus.hyvinvointialue.fi:5432/luotsi', 'verify-full').host).toBe('keskus.hyvinvointialue.fi');
    expect(pgConfig({ url: 'postgresql://keskus.hyvinvointialue.fi/luotsi', user: 'u', password: 'p', tls: { mode: 'verify-full', ca: 'PEM' } }).ssl).toEqual({
      rejectUnauthorized: true,
      ca: 'PEM',
    });
    expect(() => centralTarget('postgresql://%2Ftmp/luotsi', 'verify-full')).toThrow(/Unix-pistokkeen kautta/);
    expect(() => centralTarget('postgresql://keskus.example/luotsi?sslmode=no-verify', 'verify-full')).toThrow(/TLS valitaan asetuksista/);
  });

  it('the command line may carry credentials in the address; the settings may not', () => {
    expect(centralTarget('postgresql://ohjaaja:demo@localhost/luotsi', 'disable', { allowCredentials: true })).toMatchObject({ user: 'ohjaaja', password: 'demo' });
    // pgConfig always connects as the given user, whatever the address says.
    expect(pgConfig({ url: 'postgresql://paakayttaja:x@localhost/luotsi', user: 'ohjaaja', password: 'demo' })).toMatchObject({ user: 'ohjaaja', password: 'demo' });
  });

  it('knows this machine', () => {
    for (const h of ['localhost', 'LOCALHOST', '127.0.0.1', '127.255.0.1', '::1', '::ffff:127.0.0.1', '/tmp']) expect(isThisMachine(h), h).toBe(true);
    for (const h of ['10.0.0.1', '::2', 'fe80::1', 'localhost.', 'example.com', '0.0.0.0', '']) expect(isThisMachine(h), h).toBe(false);
  });
});
