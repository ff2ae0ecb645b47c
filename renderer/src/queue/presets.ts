// Built-in queue views. They filter on codes, not on translated labels, so they work in both languages.
import type { QueueRow } from '../../../shared/contract/schemas';
import { deadlineState } from '../../../shared/domain/deadline-state';
import { QUEUE_COL as C } from '../../../shared/domain/intake';

export type PresetKey = 'all' | 'own' | 'urgent' | 'overdue' | 'unassigned';

export const BUILT_IN_VIEWS: Record<PresetKey, { sortModel: { colId: string; sort: 'asc' | 'desc' }[] }> = {
  all: { sortModel: [{ colId: 'daysLeft', sort: 'asc' }, { colId: 'due', sort: 'asc' }] },
  own: { sortModel: [{ colId: 'daysLeft', sort: 'asc' }, { colId: 'due', sort: 'asc' }] },
  urgent: { sortModel: [{ colId: 'received', sort: 'asc' }] },
  overdue: { sortModel: [{ colId: 'daysLeft', sort: 'asc' }] },
  unassigned: { sortModel: [{ colId: 'urgency', sort: 'desc' }, { colId: 'due', sort: 'asc' }] },
};

export function presetPasses(key: PresetKey, row: QueueRow, ctx: { today: string; userId: string }): boolean {
  switch (key) {
    case 'all':
      return true;
    case 'own':
      return row[C.worker] === ctx.userId;
    case 'urgent':
      return row[C.urgent] === 1;
    case 'overdue':
      return deadlineState(ctx.today, row[C.due], row[C.status]) === 'overdue';
    case 'unassigned':
      return row[C.worker] === null;
  }
}
