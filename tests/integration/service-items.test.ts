// The core sends a decision's services as structured items (code, both names, amount, unit) and the window words
// them in the reader's language: the case page, the decisions grid, the client's other work and the letters'
// to-send list showed "Säännöllinen kotihoito 39 h/kk" in the Swedish UI when the core built the Finnish text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/core';
import { connect, seededCore } from '../support/core';
import type { ServiceItem } from '../../shared/contract/guidance-schemas';
import { servicesText } from '../../renderer/src/decisions/services-text';
import { fi } from '../../renderer/src/i18n/fi';
import { sv } from '../../renderer/src/i18n/sv';

let core: Core;
let worker: ReturnType<typeof connect>;
let secretary: ReturnType<typeof connect>;

beforeAll(async () => {
  core = seededCore({ clients: 300, intakeItems: 600 });
  worker = connect(core);
  secretary = connect(core);
  await worker.signIn('ohjaaja');
  await secretary.signIn('sihteeri');
});
afterAll(() => core.close());

/** The window's translate function over a catalogue (only the unit keys are needed here). */
const translate = (cat: typeof fi | typeof sv) => (key: string) => {
  const unit = key.replace(/^g\.units\./, '') as keyof typeof cat.g.units;
  return cat.g.units[unit] ?? key;
};

type Item = ServiceItem;

describe('decision services as structured items', () => {
  it('decisions.list carries each line with both names, amount and unit, matching the stored lines', async () => {
    const rows = (await worker.ok('decisions.list', { statuses: [], mine: false, waitingForMe: false, clientId: null })) as {
      id: string;
      services: string;
      serviceItems: Item[];
    }[];
    const hours = rows.find((r) => r.serviceItems.some((s) => s.unit === 'hours_month' && s.amount !== null));
    expect(hours, 'a decision with home care hours').toBeDefined();
    const stored = core.db
      .prepare('SELECT ds.service_code AS code, s.name_fi, s.name_sv, ds.amount, s.unit FROM decision_services ds JOIN services s ON s.code = ds.service_code WHERE ds.decision_id = ? ORDER BY ds.service_code')
      .all(hours!.id) as { code: string; name_fi: string; name_sv: string; amount: number | null; unit: string }[];
    expect([...hours!.serviceItems].sort((a, b) => a.code.localeCompare(b.code))).toEqual(
      stored.map((s) => ({ code: s.code, nameFi: s.name_fi, nameSv: s.name_sv, amount: s.amount, unit: s.unit })),
    );
    const item = hours!.serviceItems.find((s) => s.unit === 'hours_month')!;
    expect(item.nameSv).not.toBe(item.nameFi);
    const amount = String(item.amount).replace('.', ',');
    const fiText = servicesText(hours!.serviceItems, 'fi', translate(fi));
    const svText = servicesText(hours!.serviceItems, 'sv', translate(sv));
    expect(fiText).toContain(`${item.nameFi} ${amount} h/kk`);
    expect(svText).toContain(`${item.nameSv} ${amount} h/mån`);
    expect(svText).not.toContain(item.nameFi);
    expect(svText).not.toContain('h/kk');
    // Every row has items whenever it names a service (lines, or the applied service without an amount).
    for (const r of rows) if (r.services) expect(r.serviceItems.length, r.id).toBeGreaterThan(0);
  });

  it('the letters to-send list carries the same items, worded in Swedish without Finnish names', async () => {
    const ready = (await secretary.ok('letters.ready', {})) as { decisionId: string; serviceItems: Item[] }[];
    const withLines = ready.find((r) => r.serviceItems.length > 0);
    expect(withLines, 'a ready decision with services').toBeDefined();
    const svText = servicesText(withLines!.serviceItems, 'sv', translate(sv));
    for (const s of withLines!.serviceItems) {
      expect(svText).toContain(s.nameSv);
      if (s.nameSv !== s.nameFi) expect(svText).not.toContain(s.nameFi);
    }
  });

  it('words a decimal amount with a comma and a continuous service by its name only', () => {
    const items: Item[] = [
      { code: 'HC', nameFi: 'Säännöllinen kotihoito', nameSv: 'Regelbunden hemvård', amount: 12.5, unit: 'hours_month' },
      { code: 'SA', nameFi: 'Turvapalvelu', nameSv: 'Trygghetstjänst', amount: 1, unit: 'continuous' },
      { code: 'AP', nameFi: 'Ateriapalvelu', nameSv: 'Måltidsservice', amount: null, unit: 'meals_month' },
    ];
    expect(servicesText(items, 'fi', translate(fi))).toBe('Säännöllinen kotihoito 12,5 h/kk, Turvapalvelu 1, Ateriapalvelu');
    expect(servicesText(items, 'sv', translate(sv))).toBe('Regelbunden hemvård 12,5 h/mån, Trygghetstjänst 1, Måltidsservice');
  });
});
