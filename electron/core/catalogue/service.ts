// Service catalogue and providers: own production units, purchased-service providers, approved voucher providers.
import { AppError, notFound } from '../../../shared/contract/errors';
import type { ProviderDto, ServiceDto } from '../../../shared/contract/guidance-schemas';
import type { SignedInContext } from '../context';
import { uuidv7 } from '../ids';
import { loadReasoningTexts, loadServices, loadDelegationRules } from '../guidance/reference';

export function listServices(ctx: SignedInContext): ServiceDto[] {
  return [...loadServices(ctx.db).values()];
}

export function listProviders(ctx: SignedInContext): ProviderDto[] {
  const rows = ctx.db
    .prepare(
      `SELECT p.*, (SELECT group_concat(service_code) FROM provider_services ps WHERE ps.provider_id = p.id) AS codes
       FROM providers p ORDER BY p.kind, p.name`,
    )
    .all() as { id: string; name: string; kind: ProviderDto['kind']; business_id: string | null; area_id: string | null; active: number; codes: string | null }[];
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    kind: r.kind,
    businessId: r.business_id,
    areaId: r.area_id,
    serviceCodes: r.codes ? r.codes.split(',') : [],
    active: r.active === 1,
  }));
}

/** Finnish business id (Y-tunnus) check digit: weights 7,9,10,5,8,4,2; remainder 1 is never valid. */
export function businessIdError(value: string): string | null {
  const m = /^(\d{7})-(\d)$/.exec(value);
  if (!m) return 'Y-tunnuksen muoto on 1234567-8.';
  const w = [7, 9, 10, 5, 8, 4, 2];
  const sum = [...m[1]!].reduce((s, d, i) => s + Number(d) * w[i]!, 0);
  const r = sum % 11;
  if (r === 1) return 'Y-tunnus ei ole kelvollinen.';
  const check = r === 0 ? 0 : 11 - r;
  return check === Number(m[2]) ? null : `Y-tunnuksen tarkistenumero on väärä: pitäisi olla ${check}.`;
}

export function saveProvider(ctx: SignedInContext, input: Omit<ProviderDto, 'id'> & { id: string | null }): ProviderDto {
  if (input.businessId) {
    const err = businessIdError(input.businessId);
    if (err) throw new AppError('VALIDATION', err, [{ path: 'businessId', message: err }]);
  }
  if (input.kind !== 'own' && !input.businessId) throw new AppError('VALIDATION', 'Ostopalvelun ja palvelusetelin tuottajalle tarvitaan Y-tunnus.');
  const services = loadServices(ctx.db);
  for (const c of input.serviceCodes) if (!services.has(c)) throw new AppError('VALIDATION', `Palvelua "${c}" ei ole palveluluettelossa.`);
  const id = input.id ?? uuidv7(ctx.clock.now().getTime());
  ctx.db.transaction(() => {
    const now = ctx.clock.now().toISOString();
    if (input.id) {
      const cur = ctx.db.prepare('SELECT version FROM providers WHERE id = ?').get(input.id) as { version: number } | undefined;
      if (!cur) throw notFound('provider');
      ctx.db
        .prepare('UPDATE providers SET name = ?, kind = ?, business_id = ?, area_id = ?, active = ?, version = version + 1, updated_at = ? WHERE id = ?')
        .run(input.name, input.kind, input.businessId, input.areaId, input.active ? 1 : 0, now, id);
      ctx.db.prepare('DELETE FROM provider_services WHERE provider_id = ?').run(id);
    } else {
      ctx.db
        .prepare('INSERT INTO providers (id, name, kind, business_id, area_id, active, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(id, input.name, input.kind, input.businessId, input.areaId, input.active ? 1 : 0, now);
    }
    const ins = ctx.db.prepare('INSERT INTO provider_services (provider_id, service_code) VALUES (?, ?)');
    for (const c of new Set(input.serviceCodes)) ins.run(id, c);
    ctx.audit.write({ userId: ctx.user.id, action: 'provider.save', entityType: 'provider', entityId: id });
  })();
  return listProviders(ctx).find((p) => p.id === id)!;
}

export function reasoningLibrary(ctx: SignedInContext) {
  const today = ctx.clock.today();
  return loadReasoningTexts(ctx.db).filter((t) => t.validFrom <= today && (t.validTo === null || today <= t.validTo));
}

export function delegationRules(ctx: SignedInContext) {
  return loadDelegationRules(ctx.db).map((r) => ({ ...r, outcomes: [...r.outcomes] }));
}
