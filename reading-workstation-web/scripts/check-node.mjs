// Run by Maven before `npm ci`: the build needs Node.js >= 20.19 (Vite 8) and npm >= 11 from the machine
// (the build never downloads either). Exits non-zero with a message that says what to install.
import { execSync } from 'node:child_process';

const need = { node: [20, 19], npm: [11, 0] };

function older(version, [major, minor]) {
  const [a, b] = version.split('.').map(Number);
  return a < major || (a === major && b < minor);
}

function fail(message) {
  console.error(`\n[reading-workstation-web] ${message}\n` +
    '  The workstation is built with the machine\'s Node.js and npm (never downloaded): install Node.js 20.19 or newer\n' +
    '  with npm 11 (e.g. `npm install -g npm@11`), or skip the web build with -Drdc.web.skip=true\n' +
    '  (the application then serves no workstation at /).\n');
  process.exit(1);
}

const node = process.versions.node;
if (older(node, need.node)) {
  fail(`Node.js ${node} is too old: Vite 8 needs ${need.node.join('.')} or newer.`);
}
let npm;
try {
  npm = execSync('npm --version', { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
} catch {
  fail('npm was not found on the PATH.');
}
if (older(npm, need.npm)) {
  fail(`npm ${npm} is too old: this lockfile and Vite 8 need npm ${need.npm[0]} or newer.`);
}
console.log(`[reading-workstation-web] Node.js ${node}, npm ${npm}`);
