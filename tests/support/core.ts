// Test helpers: a real SQLite file in a temp folder, seeded with a small demo county on a fixed date.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fixedDateClock } from '../../electron/core/clock';
import { openCore, type Core } from '../../electron/core/core';
import type { Session } from '../../electron/core/context';
import { dispatch } from '../../electron/core/dispatch';
import type { ChannelName, InputOf, OutputOf } from '../../shared/contract/channels';
import type { Envelope } from '../../shared/contract/errors';

export const TODAY = '2026-11-23';

export function tempDir(prefix = 'luotsi-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function seededCore(opts: { clients?: number; intakeItems?: number; dir?: string } = {}): Core {
  const dir = opts.dir ?? tempDir();
  return openCore({
    dbPath: path.join(dir, 'luotsi.sqlite'),
    clock: fixedDateClock(TODAY),
    seedIfEmpty: { clients: opts.clients ?? 1500, intakeItems: opts.intakeItems ?? 8000 },
  });
}

/** A window's view of the core: calls go through the real dispatcher, with output validation on. */
export function connect(core: Core) {
  const session: Session = { user: null };
  const call = (channel: string, input: unknown) => dispatch(core, session, channel, input, { validateOutput: true });
  return {
    session,
    call,
    async ok<K extends ChannelName>(channel: K, input: InputOf<K>): Promise<OutputOf<K>> {
      const e = (await call(channel, input)) as Envelope<OutputOf<K>>;
      if (!e.ok) throw new Error(`${channel} failed: ${e.error.code} ${e.error.message}`);
      return e.value;
    },
    async signIn(username: string, password = 'demo') {
      return this.ok('session.signIn', { username, password });
    },
  };
}

export function count(core: Core, sql: string, ...params: unknown[]): number {
  return (core.db.prepare(sql).pluck().get(...params) as number) ?? 0;
}
