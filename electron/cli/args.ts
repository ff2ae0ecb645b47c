import { parseArgs, type ParseArgsConfig } from 'node:util';

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
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (e) {
    throw new CliUsageError(e instanceof Error ? e.message : String(e));
  }
}

export function intOption(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) throw new CliUsageError(`--${name} on annettava kokonaislukuna, nyt "${value}".`);
  return Number(value);
}
