// Luotsi command line: headless commands over the core. `--json` prints one JSON object on stdout; failures
// exit non-zero with {"error":{"code","message"}}.
import { AppError } from '../../shared/contract/errors';
import { toErrorPayload } from '../core/dispatch';
import { COMMANDS } from './commands';
import { CliUsageError, type CliResult } from './args';

async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const args = argv.filter((a) => a !== '--json');
  const [name, ...rest] = args;
  try {
    if (!name || name === 'help' || name === '--help') {
      process.stdout.write(usage());
      return name ? 0 : 2;
    }
    const command = COMMANDS[name];
    if (!command) throw new CliUsageError(`Tuntematon komento "${name}". Komennot: ${Object.keys(COMMANDS).join(', ')}.`);
    const result: CliResult = await command.run(rest);
    if (json) process.stdout.write(`${JSON.stringify(result.json)}\n`);
    else process.stdout.write(`${result.text}\n`);
    return result.exitCode ?? 0;
  } catch (e) {
    const error =
      e instanceof CliUsageError
        ? { code: 'USAGE', message: e.message }
        : toErrorPayload(e, { log: (m, err) => process.stderr.write(`${m}: ${err instanceof Error ? err.stack : String(err)}\n`) });
    if (json) process.stdout.write(`${JSON.stringify({ error })}\n`);
    else process.stderr.write(`Virhe: ${error.message}\n`);
    return e instanceof CliUsageError ? 2 : e instanceof AppError && e.code === 'VALIDATION' ? 2 : 1;
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

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exitCode = 1;
  },
);
