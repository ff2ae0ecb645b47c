// Saved queue views per user (the built-in presets live in the renderer; these are the user's own).
import { AppError, notFound } from '../../../shared/contract/errors';
import type { GridState, SavedView } from '../../../shared/contract/schemas';
import type { SignedInContext } from '../context';
import { uuidv7 } from '../ids';

interface ViewRow {
  id: string;
  name: string;
  state_json: string;
  updated_at: string;
}

const toView = (r: ViewRow): SavedView => ({ id: r.id, name: r.name, state: JSON.parse(r.state_json) as GridState, updatedAt: r.updated_at });

export function listViews(ctx: SignedInContext): SavedView[] {
  return (ctx.db.prepare('SELECT id, name, state_json, updated_at FROM saved_views WHERE user_id = ? ORDER BY name').all(ctx.user.id) as ViewRow[]).map(
    toView,
  );
}

export const RESERVED_VIEW_NAMES = ['omat', 'kiireelliset', 'myöhässä', 'kohdistamattomat', 'kaikki avoimet', 'egna', 'brådskande', 'försenade', 'ofördelade'];

/** Saves a view under a name; saving again under the same name replaces that view's state. */
export function saveView(ctx: SignedInContext, input: { name: string; state: GridState }): SavedView {
  if (RESERVED_VIEW_NAMES.includes(input.name.toLocaleLowerCase('fi')))
    throw new AppError('VALIDATION', `Nimi "${input.name}" on valmiin näkymän nimi. Valitse toinen nimi.`);
  const now = ctx.clock.now().toISOString();
  const stateJson = JSON.stringify(input.state);
  const existing = ctx.db.prepare('SELECT id, version FROM saved_views WHERE user_id = ? AND name = ?').get(ctx.user.id, input.name) as
    | { id: string; version: number }
    | undefined;
  const id = existing?.id ?? uuidv7();
  ctx.db.transaction(() => {
    if (existing) {
      ctx.db.prepare('UPDATE saved_views SET state_json = ?, version = version + 1, updated_at = ? WHERE id = ?').run(stateJson, now, id);
    } else {
      ctx.db
        .prepare('INSERT INTO saved_views (id, user_id, name, state_json, updated_at) VALUES (?, ?, ?, ?, ?)')
        .run(id, ctx.user.id, input.name, stateJson, now);
    }
  })();
  return { id, name: input.name, state: input.state, updatedAt: now };
}

export function deleteView(ctx: SignedInContext, input: { id: string }): { ok: true } {
  const row = ctx.db.prepare('SELECT user_id, version FROM saved_views WHERE id = ?').get(input.id) as { user_id: string; version: number } | undefined;
  if (!row || row.user_id !== ctx.user.id) throw notFound('savedView');
  ctx.db.transaction(() => {
    ctx.db.prepare('DELETE FROM saved_views WHERE id = ?').run(input.id);
  })();
  return { ok: true };
}
