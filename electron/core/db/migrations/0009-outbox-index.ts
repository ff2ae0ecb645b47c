// The outbox loses its (entity, row_key) index: every local change had to maintain it, while the sync reads
// the waiting rows once per applied batch instead (core/sync/apply.ts).
export const up = /* sql */ `
DROP INDEX outbox_row;
`;
