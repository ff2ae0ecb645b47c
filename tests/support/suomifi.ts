// Test helpers: Suomi.fi Messages configured on a workstation against the test server.
import type { Core } from '../../electron/core/core';
import type { SuomifiSettings } from '../../shared/contract/delivery-schemas';
import { defaultSuomifiSettings, passwords, setSecret, writeSuomifiSettings } from '../../electron/core/suomifi/settings';
import type { SuomifiTestServer } from '../suomifi/server';

export function configureSuomifi(core: Pick<Core, 'db'>, server: SuomifiTestServer, patch: Partial<SuomifiSettings> = {}): void {
  writeSuomifiSettings(core.db, {
    ...defaultSuomifiSettings(core.db),
    enabled: true,
    apiUrl: server.url,
    serviceId: server.serviceId,
    username: server.username,
    paperService: { enabled: server.printing !== null, username: server.printing?.username ?? '', contactEmail: 'tulostus@hyvinvointialue.example' },
    ...patch,
  });
  passwords(core.db).setCurrent(server.currentPassword(), new Date());
  if (server.printing) setSecret(core.db, 'printing.password', server.printing.password, new Date());
}
