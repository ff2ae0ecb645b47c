import fs from 'node:fs';
import type { Bootstrap } from '../../../shared/contract/schemas';
import { CASEWORKER_ROLES } from '../../../shared/roles';
import type { SignedInContext } from '../context';
import { schemaVersion } from '../db/connection';
import { OPEN_STATUS_SQL } from '../intake/queries';
import { deadlineSettings } from '../deadlines/settings';

export function bootstrap(ctx: SignedInContext): Bootstrap {
  const setting = (key: string, fallback: string) =>
    (ctx.db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(key) as string | undefined) ?? fallback;
  const areas = ctx.db.prepare('SELECT id, name_fi AS nameFi, name_sv AS nameSv FROM areas ORDER BY sort').all() as Bootstrap['areas'];
  const municipalities = ctx.db
    .prepare('SELECT code, name_fi AS nameFi, name_sv AS nameSv, area_id AS areaId FROM municipalities ORDER BY name_fi')
    .all() as Bootstrap['municipalities'];
  const placeholders = CASEWORKER_ROLES.map(() => '?').join(',');
  const workers = (
    ctx.db
      .prepare(
        `SELECT u.id, u.display_name, u.role,
           (SELECT group_concat(area_id) FROM user_areas ua WHERE ua.user_id = u.id) AS area_ids,
           (SELECT count(*) FROM intake_items i WHERE i.assigned_worker_id = u.id AND i.${OPEN_STATUS_SQL}) AS open_items,
           (SELECT count(*) FROM clients c WHERE c.responsible_worker_id = u.id AND c.deleted = 0) AS clients
         FROM users u WHERE u.active = 1 AND u.role IN (${placeholders}) ORDER BY u.display_name`,
      )
      .all(...CASEWORKER_ROLES) as { id: string; display_name: string; role: Bootstrap['workers'][number]['role']; area_ids: string | null; open_items: number; clients: number }[]
  ).map((w) => ({ id: w.id, displayName: w.display_name, role: w.role, areaIds: w.area_ids ? w.area_ids.split(',') : [], openItems: w.open_items, clients: w.clients }));
  let sizeBytes = 0;
  try {
    sizeBytes = fs.statSync(ctx.dbPath).size;
  } catch {
    sizeBytes = 0;
  }
  return {
    countyNameFi: setting('county_name_fi', 'Hyvinvointialue'),
    countyNameSv: setting('county_name_sv', 'Välfärdsområde'),
    today: ctx.clock.today(),
    deadlineRule: deadlineSettings(ctx.db),
    areas,
    municipalities,
    workers,
    database: { path: ctx.dbPath, schemaVersion: schemaVersion(ctx.db), sizeBytes },
  };
}
