// Digital-first sending: the same 10,000 signed decisions (a) made, signed and written to disk as an e-kirje
// batch without sending, and (b) made, signed and sent through the Suomi.fi Messages test server (in its own
// process, a third of the recipients without a mailbox, so Suomi.fi's paper part is used too), each batch by the
// CLI in its own process, in the same run. Throughput is printed; (b) must keep at least 80 % of (a).
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ensureDemoLetterSettings } from '../../electron/core/letters/settings';
import { defaultSuomifiSettings, passwords, setSecret, writeSuomifiSettings } from '../../electron/core/suomifi/settings';

type Report = (name: string, value: string, target: string, ok: boolean | null) => void;

interface ServerInfo {
  url: string;
  username: string;
  password: string;
  serviceId: string;
  printing: { username: string; password: string };
}

function copyWithSignedDecisions(benchDb: string, file: string, n: number, today: string): void {
  const src = new Database(benchDb, { readonly: true });
  src.exec(`VACUUM INTO '${file.replace(/'/g, "''")}'`);
  src.close();
  const db = new Database(file);
  // Bench-only: sent decisions turned back into signed ones (the immutability trigger forbids it).
  db.exec('DROP TRIGGER decisions_signed_immutable');
  const signed = db.prepare("SELECT count(*) FROM decisions WHERE status = 'signed'").pluck().get() as number;
  db.prepare(
    `UPDATE decisions SET status = 'signed', sent_on = NULL, send_channel = NULL, notified_on = NULL, appeal_last_day = NULL
     WHERE id IN (SELECT id FROM decisions WHERE status = 'sent' ORDER BY id LIMIT ?)`,
  ).run(Math.max(0, n - signed));
  ensureDemoLetterSettings(db as never, file, new Date(`${today}T10:00:00Z`));
  db.close();
}

function batch(db: string, out: string, today: string) {
  // As the demo county's client secretary (the command line signs its user in).
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'electron/cli/index.ts', 'letters', 'batch', '--db', db, '--decisions', 'ALL_READY', '--out', out, '--user', 'sihteeri', '--today', today, '--json'], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
    env: { ...process.env, LUOTSI_PASSWORD: 'demo' },
  });
  const json = JSON.parse(r.stdout.trim().split('\n').pop() || '{}') as { letters?: number; manual?: number; failed?: number; seconds?: number; peakRssMb?: number };
  return { ...json, stderr: r.stderr };
}

async function startServer(): Promise<{ info: ServerInfo; stop: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/suomifi/cli.ts', '--mailbox-default', 'on'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const info = await new Promise<ServerInfo>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve(JSON.parse(line) as ServerInfo);
    });
    child.on('exit', (code) => reject(new Error(`Suomi.fi test server exited with ${code}`)));
  });
  return { info, stop: () => child.kill('SIGTERM') };
}

export async function benchSuomifi(report: Report, benchDb: string, dir: string, today: string): Promise<void> {
  const N = Number(process.env.BENCH_SUOMIFI ?? 10_000);
  const paper = path.join(dir, 'suomifi-baseline.sqlite');
  const sending = path.join(dir, 'suomifi-send.sqlite');
  copyWithSignedDecisions(benchDb, paper, N, today);
  copyWithSignedDecisions(benchDb, sending, N, today);
  const server = await startServer();
  try {
    const db = new Database(sending);
    writeSuomifiSettings(db as never, {
      ...defaultSuomifiSettings(db as never),
      enabled: true,
      apiUrl: server.info.url,
      serviceId: server.info.serviceId,
      username: server.info.username,
      paperService: { enabled: true, username: server.info.printing.username, contactEmail: 'tulostus@hyvinvointialue.example' },
    });
    passwords(db as never).setCurrent(server.info.password, new Date());
    setSecret(db as never, 'printing.password', server.info.printing.password, new Date());
    // A third of the recipients have no mailbox: Suomi.fi prints their letters.
    const hetus = db.prepare("SELECT DISTINCT c.hetu FROM decisions d JOIN clients c ON c.id = d.client_id WHERE d.status = 'signed'").pluck().all() as string[];
    db.close();
    const persons = Object.fromEntries(hetus.map((h, i) => [h, i % 3 !== 0]));
    await fetch(`${server.info.url}/__test/persons`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(persons) });

    const a = batch(paper, path.join(dir, 'suomifi-baseline-out'), today);
    const b = batch(sending, path.join(dir, 'suomifi-send-out'), today);
    if (!a.seconds || !b.seconds) {
      report('Suomi.fi sending batch', `failed: ${(a.stderr || b.stderr).slice(0, 300)}`, 'completes', false);
      return;
    }
    const state = (await (await fetch(`${server.info.url}/__test/state`)).json()) as { created: number; duplicates: number };
    const madeA = (a.letters ?? 0) + (a.manual ?? 0);
    const madeB = (b.letters ?? 0) + (b.manual ?? 0);
    const rateA = madeA / a.seconds;
    const rateB = madeB / b.seconds;
    console.log(`\nSuomi.fi: ${madeB} letters made and signed, ${state.created} sent as Suomi.fi messages (${state.duplicates} repeats answered 409) in ${b.seconds} s`);
    report(
      `Suomi.fi: ${madeB} decisions sent through the test server (${b.failed ?? 0} failed, peak ${b.peakRssMb} MB)`,
      `${b.seconds} s = ${Math.round(rateB)} letters/s`,
      'none failed',
      !b.failed && state.created > 0,
    );
    report(
      `Suomi.fi sending vs the same letters rendered, signed and written to disk without sending (${Math.round(rateA)} letters/s)`,
      `${((rateB / rateA) * 100).toFixed(0)} %`,
      '≥ 80 %',
      rateB / rateA >= 0.8,
    );
  } finally {
    server.stop();
  }
}
