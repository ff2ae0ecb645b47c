// Progress of generating a demo county, for the first start: which part is being made, how far along the whole
// is and about how long is left. The parts' shares of the time were measured on the 30,000-client county
// (tests/bench: seeding); the estimate of time left follows the elapsed time and corrects itself as it goes.

import { SEED_PHASES, type SeedPhase, type StartupStatus } from '../../../shared/contract/channels';

export type { SeedPhase };

export interface SeedProgress {
  phase: SeedPhase;
  /** Done and total of the phase's own unit (clients, intake items, …). */
  done: number;
  total: number;
  /** Share of the whole county done, 0–1. */
  fraction: number;
  /** Seconds elapsed since generation began. */
  seconds: number;
  /** About how many seconds are left, once there is enough to estimate from. */
  secondsLeft: number | null;
}

export type SeedProgressListener = (p: SeedProgress) => void;

/** Share of the whole time each phase takes (sums to 1), as measured on a 5,000-client county. */
const WEIGHTS: Record<SeedPhase, number> = { staff: 0.03, clients: 0.06, intake: 0.44, guidance: 0.29, billing: 0.16, finish: 0.02 };
const ORDER: readonly SeedPhase[] = SEED_PHASES;

export class SeedProgressMeter {
  private phase: SeedPhase = 'staff';
  private total = 1;
  private readonly started: number;
  private lastReport = -Infinity;

  constructor(
    private readonly listener: SeedProgressListener | undefined,
    private readonly now: () => number = () => performance.now(),
    /** Least milliseconds between two reports within a phase. */
    private readonly everyMs = 250,
  ) {
    this.started = now();
  }

  /** A phase begins (always reported). */
  begin(phase: SeedPhase, total: number): void {
    this.phase = phase;
    this.total = Math.max(1, total);
    this.report(0, true);
  }

  /** Progress within the phase (reported at most every `everyMs`). */
  tick(done: number): void {
    if (!this.listener) return;
    if (this.now() - this.lastReport < this.everyMs) return;
    this.report(done, false);
  }

  /** Everything is done. */
  end(): void {
    this.phase = 'finish';
    this.total = 1;
    this.report(1, true, 1);
  }

  private report(done: number, force: boolean, fractionOverride?: number): void {
    if (!this.listener) return;
    const t = this.now();
    if (!force && t - this.lastReport < this.everyMs) return;
    this.lastReport = t;
    const before = ORDER.slice(0, ORDER.indexOf(this.phase)).reduce((s, p) => s + WEIGHTS[p], 0);
    const fraction = fractionOverride ?? Math.min(1, before + WEIGHTS[this.phase] * Math.min(1, done / this.total));
    const seconds = (t - this.started) / 1000;
    // Too early to say until a few per cent and a second have passed.
    const secondsLeft = fraction >= 1 ? 0 : fraction >= 0.03 && seconds >= 1 ? (seconds * (1 - fraction)) / fraction : null;
    this.listener({ phase: this.phase, done: Math.min(done, this.total), total: this.total, fraction, seconds, secondsLeft });
  }
}

const PHASE_FI: Record<SeedPhase, string> = {
  staff: 'henkilöstö',
  clients: 'asiakkaat',
  intake: 'saapuneet asiat',
  guidance: 'arvioinnit ja päätökset',
  billing: 'maksut ja laskutus',
  finish: 'viimeistely',
};

/** The progress as one line of Finnish for the terminal: "Luodaan esittelyaineistoa: 42 % (asiakkaat 12 600/30 000), noin 25 s jäljellä". */
export function formatSeedProgress(p: SeedProgress): string {
  const pct = Math.floor(p.fraction * 100);
  const count = p.total > 1 ? ` ${p.done.toLocaleString('fi-FI')}/${p.total.toLocaleString('fi-FI')}` : '';
  const left = p.secondsLeft === null ? 'arvioidaan jäljellä olevaa aikaa' : p.fraction >= 1 ? `valmis ${Math.round(p.seconds)} s:ssa` : `noin ${formatDuration(p.secondsLeft)} jäljellä`;
  return `Luodaan esittelyaineistoa: ${pct} % (${PHASE_FI[p.phase]}${count}), ${left}`;
}

export function formatDuration(seconds: number): string {
  const s = Math.max(1, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  const rest = s % 60;
  return rest === 0 ? `${m} min` : `${m} min ${rest} s`;
}

/**
 * Progress in a terminal: on a terminal one line rewritten in place, otherwise (a pipe, a CI log) a line when a
 * phase begins and at every tenth of the whole.
 */
export function terminalSeedProgress(stream: { write(s: string): unknown; isTTY?: boolean }): SeedProgressListener {
  let lastTenth = -1;
  let lastPhase: SeedPhase | null = null;
  return (p) => {
    const line = formatSeedProgress(p);
    if (stream.isTTY) {
      stream.write(`\r${line}\x1b[K${p.fraction >= 1 ? '\n' : ''}`);
      return;
    }
    const tenth = Math.floor(p.fraction * 10);
    if (tenth === lastTenth && p.phase === lastPhase) return;
    lastTenth = tenth;
    lastPhase = p.phase;
    stream.write(`${line}\n`);
  };
}

/** The progress as the start-up status a window shows. */
export function startupStatus(p: SeedProgress): StartupStatus {
  return { state: p.fraction >= 1 ? 'ready' : 'seeding', phase: p.phase, fraction: p.fraction, secondsLeft: p.secondsLeft, message: null };
}
