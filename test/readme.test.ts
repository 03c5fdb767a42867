/**
 * The README's JSON examples stay true. Each ```json block under "Public JSON shapes" follows a line
 * naming the `intermestic … --json` command it shows; the test runs that command on a store holding
 * the bundled registry and the real event samples, and checks the example against the real output.
 * Examples are abridged: an object lists some of the real keys (a key "…" stands for the rest), an
 * array lists some of the real items in their order (the string "…" stands for more), and every
 * value shown must be the real one.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempDir } from './support/cli.ts';
import { REPO, SAMPLES } from './support/paths.ts';

const ELLIPSIS = '…';

/** Whether `example` is an abridged form of `real` (see the file's header); the first mismatch is thrown. */
export function abridges(example: unknown, real: unknown, at = '$'): void {
  if (example === ELLIPSIS) return;
  if (Array.isArray(example)) {
    assert.ok(Array.isArray(real), `${at}: the README shows a list, the output has ${JSON.stringify(real)?.slice(0, 80)}`);
    let from = 0;
    for (const [i, item] of example.entries()) {
      if (item === ELLIPSIS) continue;
      // The next real item (in order) that the example item abridges.
      let found = -1;
      for (let k = from; k < real.length && found < 0; k++) {
        try {
          abridges(item, real[k], `${at}[${k}]`);
          found = k;
        } catch {
          // not this one
        }
      }
      if (found < 0) abridges(item, real[from], `${at}[${i}] (no item of the output matches)`);
      from = found + 1;
    }
    return;
  }
  if (example !== null && typeof example === 'object') {
    assert.ok(real !== null && typeof real === 'object' && !Array.isArray(real), `${at}: the README shows an object`);
    for (const [k, v] of Object.entries(example)) {
      if (k === ELLIPSIS) continue;
      assert.ok(k in (real as object), `${at}.${k}: the output has no such field`);
      abridges(v, (real as Record<string, unknown>)[k], `${at}.${k}`);
    }
    return;
  }
  assert.deepEqual(real, example, `${at}: the README shows ${JSON.stringify(example)}`);
}

/** The README's examples: each json block with the command named on the line before it. */
function examples(): { command: string[]; json: unknown }[] {
  const text = readFileSync(join(REPO, 'README.md'), 'utf8');
  const section = text.slice(text.indexOf('## Public JSON shapes'), text.indexOf('\n## ', text.indexOf('## Public JSON shapes') + 5));
  const out: { command: string[]; json: unknown }[] = [];
  const re = /`intermestic ([^`]*(?:--json|--format json)[^`]*)`[^\n]*\n(?:[^\n]*\n)?\n*```json\n([\s\S]*?)\n```/g;
  for (const m of section.matchAll(re)) out.push({ command: m[1]!.trim().split(/\s+/), json: JSON.parse(m[2]!) });
  return out;
}

describe('README: public JSON shapes', () => {
  const dir = tempDir('intermestic-readme-');
  const db = join(dir, 'readme.db');
  before(async () => {
    const r = await cli(['events', 'import', SAMPLES.gdelt1, SAMPLES.gdelt2, SAMPLES.icews], { db, cwd: dir });
    assert.equal(r.status, 0, r.stderr);
  });

  test('the README shows examples of health, calendar, export and series', () => {
    const shown = examples().map((e) => e.command.slice(0, 2).join(' '));
    for (const c of ['health --at', 'calendar --parties', 'export --format', 'events series']) assert.ok(shown.some((s) => s.startsWith(c)), `no example of ${c}`);
  });

  test('every example is the real output of its command, abridged', async () => {
    for (const { command, json } of examples()) {
      const r = await cli(command, { db, cwd: dir });
      assert.equal(r.status, 0, `${command.join(' ')}: ${r.stderr}`);
      abridges(json, JSON.parse(r.stdout), command.join(' '));
    }
  });

  test('the check catches an untrue example', () => {
    assert.throws(() => abridges({ a: 1 }, { a: 2 }), /\$\.a/);
    assert.throws(() => abridges({ b: 1 }, { a: 1 }), /no such field/);
    assert.throws(() => abridges([{ x: 3 }], [{ x: 1 }, { x: 2 }]), /no item of the output matches/);
    assert.doesNotThrow(() => abridges([{ x: 2 }, ELLIPSIS], [{ x: 1, y: 0 }, { x: 2, y: 0 }, { x: 3 }]));
  });
});
