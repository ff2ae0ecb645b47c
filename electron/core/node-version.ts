// Imported first by the command line and the browser host, before anything native loads: better-sqlite3 13
// is built for the Node the project ships with (devDependency `node`, used by every npm script) and crashes
// inside an older one (`npx tsx …` on the system's Node 20 ended in a segmentation fault). One line instead.
export const REQUIRED_NODE_MAJOR = 24;

const major = Number(process.versions.node.split('.')[0]);
if (major < REQUIRED_NODE_MAJOR) {
  process.stderr.write(
    `Luotsi tarvitsee Node.js:n version ${REQUIRED_NODE_MAJOR} tai uudemman, nyt ${process.version}: käytä npm-skriptejä (npm start, npm run --silent luotsi -- …, npm test), jotka ajavat projektin oman Noden (node_modules/.bin/node), tai asenna Node ${REQUIRED_NODE_MAJOR}.\n`,
  );
  process.exit(1);
}
