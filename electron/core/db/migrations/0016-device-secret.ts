// The workstation's device secret: a random token the central database keeps only as a hash. Registering this
// device (sync_register) with it proves the workstation is this one; without it no other user can push to,
// resolve on or reserve numbers for this device, which would let them advance its mutation ids and make its
// unsent changes look already applied (central schema 6). Never replicated, never shown.
export const up = /* sql */ `
ALTER TABLE sync_state ADD COLUMN device_secret TEXT;
UPDATE sync_state SET device_secret = lower(hex(randomblob(32)));
`;
