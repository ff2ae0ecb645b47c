// The command line's one entry: parses the command, runs it and turns every failure into a typed error
// (`--json`: {"error":{"code","message"}} on stdout) with its exit status (2 for bad input, 1 otherwise).
import { toErrorPayload } from '../core/dispatch';
import { COMMANDS } from './commands';
import { CliUsageError, type CliResult } from './args';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const json = argv.includes('--json');
  const args = argv.filter((a) => a !== '--json');
  const [name, ...rest] = args;
  try {
    if (!name || name === 'help' || name === '--help') {
      io.out(usage());
      return name ? 0 : 2;
    }
    const command = COMMANDS[name];
    if (!command) throw new CliUsageError(`Tuntematon komento "${name}". Komennot: ${Object.keys(COMMANDS).join(', ')}.`);
    const result: CliResult = await command.run(rest);
    io.out(`${json ? JSON.stringify(result.json) : result.text}\n`);
    return result.exitCode ?? 0;
  } catch (e) {
    const error =
      e instanceof CliUsageError
        ? { code: 'USAGE', message: e.message }
        : toErrorPayload(e, { log: (m, err) => io.err(`${m}: ${err instanceof Error ? err.stack : String(err)}\n`) });
    if (json) io.out(`${JSON.stringify({ error })}\n`);
    else io.err(`Virhe: ${error.message}\n`);
    return error.code === 'USAGE' || error.code === 'VALIDATION' ? 2 : 1;
  }
}

function usage(): string {
  return [
    'Käyttö: npm run --silent luotsi -- <komento> [valinnat] [--json]',
    '',
    ...Object.entries(COMMANDS).map(([n, c]) => `  ${n.padEnd(8)} ${c.usage}`),
    '',
  ].join('\n');
}
