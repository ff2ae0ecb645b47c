import fs from 'node:fs';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { APP_DATE_MAX, APP_DATE_MIN, isAppDate } from '../../shared/domain/dates';
import { fixedDateClock, systemClock, type Clock } from '../core/clock';

export class CliUsageError extends Error {}

export interface CliResult {
  json: unknown;
  text: string;
  exitCode?: number;
}

export interface CliCommand {
  usage: string;
  run(args: string[]): CliResult | Promise<CliResult>;
}

export function parse<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T, allowPositionals = false) {
  // A negative number given to an option (`--hours -3`) reaches the option's own check ("ei voi olla negatiivinen")
  // instead of node's English "argument is ambiguous".
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const next = args[i + 1];
    const name = a.startsWith('--') && !a.includes('=') ? a.slice(2) : null;
    if (name && options[name]?.type === 'string' && next !== undefined && /^-\d/.test(next)) {
      joined.push(`${a}=${next}`);
      i++;
    } else joined.push(a);
  }
  try {
    return parseArgs({ args: joined, options, allowPositionals, strict: true });
  } catch (e) {
    throw new CliUsageError(finnishParseError(e));
  }
}

/** Node's parseArgs errors in Finnish (the command line speaks the users' language). */
function finnishParseError(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const code = (e as { code?: string }).code;
  const option = /'(-[^' ]+)/.exec(message)?.[1];
  const positional = /argument '([^']*)'/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `Tuntematon valitsin ${option ?? ''}. Katso ohje: npm run luotsi -- help.`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE')
    return /argument missing/.test(message) ? `Valitsimelle ${option ?? ''} puuttuu arvo.` : `Valitsin ${option ?? ''} ei ota arvoa tai sen arvo puuttuu.`;
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return `Ylimääräinen argumentti "${positional ?? ''}".`;
  return message;
}

export function intOption(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) throw new CliUsageError(`--${name} on annettava kokonaislukuna, nyt "${value}".`);
  return Number(value);
}

/** A date option: a real calendar date within 2000–2100 (a year-9999 date answered "+010000-03"). */
export function dateOption(value: string | undefined, name: string): string {
  if (value === undefined) throw new CliUsageError(`Anna --${name} VVVV-KK-PP.`);
  if (!isAppDate(value))
    throw new CliUsageError(`--${name} on annettava oikeana päivänä muodossa VVVV-KK-PP vuosilta ${APP_DATE_MIN.slice(0, 4)}–${APP_DATE_MAX.slice(0, 4)}, nyt "${value}".`);
  return value;
}

/** `--today`: the clock standing on that date, or the real clock without it. */
export function clockOption(today: string | undefined): Clock {
  return today === undefined ? systemClock : fixedDateClock(dateOption(today, 'today'));
}

/** `--month VVVV-KK` within 2000–2100. */
export function monthOption(value: string | undefined): string {
  if (value === undefined || !/^\d{4}-(0[1-9]|1[0-2])$/.test(value) || !isAppDate(`${value}-01`))
    throw new CliUsageError(`Anna kuukausi muodossa --month VVVV-KK vuosilta ${APP_DATE_MIN.slice(0, 4)}–${APP_DATE_MAX.slice(0, 4)}, nyt "${value ?? ''}".`);
  return value;
}

/** `--url` of the central PostgreSQL database, checked before anything is opened or written. */
export function centralUrlOption(value: string | undefined): URL {
  if (!value) throw new CliUsageError('Anna keskustietokannan osoite: --url postgres://palvelin:portti/tietokanta.');
  let url: URL | null = null;
  try {
    url = new URL(value);
  } catch {
    url = null;
  }
  if (!url || (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') || !url.hostname)
    throw new CliUsageError(`--url ei ole PostgreSQL-tietokannan osoite (muoto postgres://palvelin:portti/tietokanta), nyt "${value}".`);
  return url;
}

/** `--db` of a command that works on an existing database: a missing or empty file is refused, never created. */
export function existingDbOption(value: string | undefined): string {
  if (!value) throw new CliUsageError('Anna tietokanta: --db PATH.');
  const file = path.resolve(value);
  let size = -1;
  try {
    const st = fs.statSync(file);
    size = st.isFile() ? st.size : -2;
  } catch {
    size = -1;
  }
  if (size === -2) throw new CliUsageError(`--db ${file} ei ole tiedosto.`);
  if (size <= 0)
    throw new CliUsageError(
      `Tietokantaa ${file} ${size < 0 ? 'ei ole' : 'ei ole: tiedosto on tyhjä'}. Luo esittelytietokanta komennolla seed tai käynnistä sovellus (npm start), joka luo omansa.`,
    );
  return file;
}
