// Luotsi command line: headless commands over the core. `--json` prints one JSON object on stdout; failures
// exit non-zero with {"error":{"code","message"}}.
import '../core/node-version'; // first: refuses an older Node before anything native loads
import { runCli } from './main';

runCli(process.argv.slice(2), { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) }).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exitCode = 1;
  },
);
