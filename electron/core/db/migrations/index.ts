// Numbered migrations, applied in order; PRAGMA user_version records the last one applied.
import * as m0001 from './0001-foundation';
import * as m0002 from './0002-guidance';
import * as m0003 from './0003-letters';
import * as m0004 from './0004-billing';
import * as m0005 from './0005-sync';
import * as m0006 from './0006-central-connection';
import * as m0007 from './0007-number-blocks';
import * as m0008 from './0008-sync-cursors';
import * as m0009 from './0009-outbox-index';
import * as m0010 from './0010-ceiling-einvoice';
import * as m0011 from './0011-mass-decisions';
import * as m0012 from './0012-jobs';
import * as m0013 from './0013-service-periods';
import * as m0014 from './0014-sign-in-security';
import * as m0015 from './0015-report-indexes';
import * as m0016 from './0016-device-secret';
import * as m0017 from './0017-waiting-publications';
import * as m0018 from './0018-fee-law';
import * as m0019 from './0019-report-area-indexes';
import * as m0020 from './0020-workday';
import * as m0021 from './0021-deliveries';
import * as m0022 from './0022-report-period-indexes';
import * as m0023 from './0023-publication-sync';
import * as m0024 from './0024-spouse-fee-cap';

export interface Migration {
  version: number;
  name: string;
  up: string;
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'foundation', up: m0001.up },
  { version: 2, name: 'guidance', up: m0002.up },
  { version: 3, name: 'letters', up: m0003.up },
  { version: 4, name: 'billing', up: m0004.up },
  { version: 5, name: 'sync', up: m0005.up },
  { version: 6, name: 'central-connection', up: m0006.up },
  { version: 7, name: 'number-blocks', up: m0007.up },
  { version: 8, name: 'sync-cursors', up: m0008.up },
  { version: 9, name: 'outbox-index', up: m0009.up },
  { version: 10, name: 'ceiling-einvoice', up: m0010.up },
  { version: 11, name: 'mass-decisions', up: m0011.up },
  { version: 12, name: 'jobs', up: m0012.up },
  { version: 13, name: 'service-periods', up: m0013.up },
  { version: 14, name: 'sign-in-security', up: m0014.up },
  { version: 15, name: 'report-indexes', up: m0015.up },
  { version: 16, name: 'device-secret', up: m0016.up },
  { version: 17, name: 'waiting-publications', up: m0017.up },
  { version: 18, name: 'fee-law', up: m0018.up },
  { version: 19, name: 'report-area-indexes', up: m0019.up },
  { version: 20, name: 'workday', up: m0020.up },
  { version: 21, name: 'deliveries', up: m0021.up },
  { version: 22, name: 'report-period-indexes', up: m0022.up },
  { version: 23, name: 'publication-sync', up: m0023.up },
  { version: 24, name: 'spouse-fee-cap', up: m0024.up },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
