#!/usr/bin/env node
// `npm test`: the type check, the lint and every test, side by side (the machine's cores are better
// used than by running them one after another). Each one's output is printed whole when it ends;
// the command fails when any of them fails.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// A signal (Ctrl-C, a CI timeout's SIGTERM) goes on to every check, which stop; the command then fails.
const children = [];
let stoppedBy = null;
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    stoppedBy = sig;
    for (const c of children) c.kill(sig);
  });
}
const bin = (name) => fileURLToPath(new URL(`../node_modules/.bin/${name}`, import.meta.url));
// The type check runs TypeScript 7's native compiler (the devDependency typescript-7), about three
// times faster than TypeScript 5.9, which stays for typescript-eslint's parser (it needs 5.9's
// JavaScript API). Both packages name their command `tsc`, so it is called by its path.
const tsc = fileURLToPath(new URL('../node_modules/typescript-7/bin/tsc', import.meta.url));

/** Runs a command, holding its output; the tests stream theirs (they are the long part). */
function run(name, command, args, stream) {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, env: process.env, stdio: stream ? 'inherit' : ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let out = '';
    child.stdout?.on('data', (b) => { out += b; });
    child.stderr?.on('data', (b) => { out += b; });
    child.on('close', (code) => {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      if (!stream) process.stdout.write(`\n── ${name}: ${code === 0 ? 'passed' : 'FAILED'} in ${seconds} s\n${out}`);
      else process.stdout.write(`\n── ${name}: ${code === 0 ? 'passed' : 'FAILED'} in ${seconds} s\n`);
      resolve(code === 0);
    });
  });
}

const results = await Promise.all([
  run('typecheck (tsc --noEmit, TypeScript 7)', process.execPath, [tsc, '--noEmit'], false),
  run('lint (eslint .)', bin('eslint'), ['.'], false),
  run('tests', process.execPath, [fileURLToPath(new URL('./run-tests.mjs', import.meta.url)), ...process.argv.slice(2)], true),
]);
process.exit(stoppedBy !== null ? 128 + constants.signals[stoppedBy] : results.every(Boolean) ? 0 : 1);
