// `npm start`: the desktop app (Electron) on its embedded default database. Where the Electron binary is not
// installed and cannot be downloaded, it says so and starts the browser host instead.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

function electronBinary() {
  try {
    const bin = require('electron');
    return typeof bin === 'string' && fs.existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

const run = (cmd, args) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit' }).status === 0;

let binary = electronBinary();
if (!binary && !process.env.LUOTSI_NO_ELECTRON) {
  console.log('Electron-ohjelmaa ei ole asennettu; yritetään ladata se (npm-paketti electron)…');
  run(process.execPath, [path.join(root, 'node_modules/electron/install.js')]);
  binary = electronBinary();
}

if (!run(path.join(root, 'node_modules/.bin/electron-vite'), ['build'])) process.exit(1);

if (binary && !process.env.LUOTSI_NO_ELECTRON) {
  const child = spawn(binary, [root], { cwd: root, stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log('Electronia ei voi käyttää tällä koneella: käynnistetään Luotsi selaimeen (browser host).');
  const child = spawn(path.join(root, 'node_modules/.bin/tsx'), ['electron/browser-host/index.ts', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
}
