// The local access log is append-only (asiakastietolaki 703/2023 §§ 17–18: the log must show who used whose data):
// SQLite triggers refuse any change or deletion of a written row, so no code path, bug or local edit through the
// app can rewrite it. The sync may re-apply an identical row and may remove this user's copy of rows that left
// their areas (only while it applies the central truth); a changed copy from the central database is refused too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/core';
import { RowApplier } from '../../electron/core/sync/apply';
import { withoutCapture } from '../../electron/core/sync/capture';
import { connect, count, seededCore, tempDir } from '../support/core';

let core: Core;
beforeAll(async () => {
  core = seededCore({ clients: 200, intakeItems: 600, dir: tempDir() });
  await connect(core).signIn('ohjaaja');
});
afterAll(() => core.close());

const last = () => core.db.prepare('SELECT * FROM audit_log ORDER BY at DESC, id DESC LIMIT 1').get() as Record<string, unknown>;

describe('the local audit log', () => {
  it('refuses to change or delete a written row, in SQL as in the app', () => {
    const row = last();
    const n = count(core, 'SELECT count(*) FROM audit_log');
    expect(() => core.db.prepare("UPDATE audit_log SET action = 'session.signOut' WHERE id = ?").run(row.id)).toThrow(/käyttöloki on vain lisättävä/);
    expect(() => core.db.prepare('UPDATE audit_log SET user_id = NULL WHERE id = ?').run(row.id)).toThrow(/vain lisättävä/);
    expect(() => core.db.prepare("UPDATE audit_log SET details = '{}' WHERE id = ?").run(row.id)).toThrow(/vain lisättävä/);
    expect(() => core.db.prepare('DELETE FROM audit_log WHERE id = ?').run(row.id)).toThrow(/Lokitietoja ei voi poistaa/);
    expect(() => core.db.prepare('DELETE FROM audit_log').run()).toThrow(/Lokitietoja ei voi poistaa/);
    expect(count(core, 'SELECT count(*) FROM audit_log')).toBe(n);
    expect(last()).toEqual(row);
  });

  it('lets the sync apply an identical row again, refuses a changed one, and removes a copy only while applying', () => {
    const row = last();
    const applier = new RowApplier(core.db);
    // The pull brings back a row the workstation already has: no change, accepted.
    withoutCapture(core.db, () => applier.write('audit_log', String(row.id), row), { foreignKeys: false });
    expect(last()).toEqual(row);
    // A rewritten copy (the central attack of issue 17) is not applied over the local row.
    expect(() => withoutCapture(core.db, () => applier.write('audit_log', String(row.id), { ...row, action: 'client.open', details: '{"forged":true}' }), { foreignKeys: false })).toThrow(
      /vain lisättävä/,
    );
    expect(last()).toEqual(row);
    // A row that left the user's areas is removed from this copy by the sync (the central copy stays).
    withoutCapture(core.db, () => applier.write('audit_log', String(row.id), null), { foreignKeys: false });
    expect(count(core, 'SELECT count(*) FROM audit_log WHERE id = ?', row.id)).toBe(0);
  });
});
