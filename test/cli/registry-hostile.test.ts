/**
 * Registry files a hostile or unlucky user hands over (issue 12): an empty, partial or truncated
 * export never silently wipes the stored registry; every refusal names the file (and the line or
 * collection); the store is unchanged after each.
 */
import { describe, test, before } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempDir } from '../support/cli.ts';
import { bundledRegistryFile } from '../support/stores.ts';
import { REPO } from '../support/paths.ts';

const BUNDLED = join(REPO, 'data', 'north-america');
const dir = tempDir();
const db = await bundledRegistryFile(join(dir, 'store.db'));
let exported = '';

/** The stored registry, as `export` prints it. */
async function stored(): Promise<string> {
  const r = await cli(['export'], { db });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

/** A variant of the JSON export. */
function variant(name: string, edit: (doc: Record<string, unknown>) => unknown): string {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(edit(JSON.parse(exported) as Record<string, unknown>)));
  return file;
}

/** A copy of the bundled folder, edited. */
function folder(name: string, edit: (path: string) => void): string {
  const path = join(dir, name);
  cpSync(BUNDLED, path, { recursive: true });
  edit(path);
  return path;
}

before(async () => {
  assert.equal((await cli(['load'], { db })).status, 0);
  exported = await stored();
});

describe('a registry missing a collection is refused, naming it', () => {
  const cases: [string, () => string, RegExp][] = [
    ['an empty document {}', () => variant('empty', () => ({})), /empty\.json: meetings: missing collection "meetings"/],
    ['a collection left out', () => variant('no-meetings', (d) => ({ ...d, meetings: undefined })), /no-meetings\.json: meetings: missing collection "meetings"/],
    ['a null collection', () => variant('null-sources', (d) => ({ ...d, sources: null })), /null-sources\.json:\d+: sources: collection "sources" is empty \(null\)/],
    ['a deleted collection file', () => folder('deleted', (p) => rmSync(join(p, 'mechanisms.yaml'))), /deleted: mechanisms: missing collection: no mechanisms\.yaml, mechanisms\.csv or mechanisms\/ folder/],
    ['a 0-byte YAML file', () => folder('zero-yaml', (p) => writeFileSync(join(p, 'terms.yaml'), '')), /terms\.yaml: the file is empty/],
    ['a 0-byte CSV file', () => {
      const p = join(dir, 'csv-zero');
      return p;
    }, /issue-areas\.csv: issueAreas: the file is empty: expected a header row/],
  ];
  for (const [name, make, message] of cases) {
    test(`${name}: validate, import and load all refuse it; the store is unchanged`, async () => {
      let path = make();
      if (name === 'a 0-byte CSV file') {
        assert.equal((await cli(['export', '--format', 'csv', '--out', path], { db })).status, 0);
        writeFileSync(join(path, 'issue-areas.csv'), '');
      }
      for (const command of ['validate', 'import', 'load']) {
        const r = await cli([command, path], { db });
        assert.equal(r.status, 1, `${command}: ${r.stdout}`);
        assert.match(r.stderr, message, command);
      }
      assert.equal(await stored(), exported);
      path = '';
    });
  }
});

describe('a load that would empty a stored collection needs --allow-empty', () => {
  test('an export whose recommendations are []: refused, saying what it would remove; --allow-empty loads it', async () => {
    const before = JSON.parse(exported) as { recommendations: unknown[]; electoralCycles: unknown[] };
    const file = variant('no-recommendations', (d) => ({ ...d, recommendations: [], electoralCycles: [] }));
    const v = await cli(['validate', file]);
    assert.equal(v.status, 0, v.stderr);
    assert.match(v.stdout, /note: no records in electoralCycles, recommendations, developments|note: no records in electoralCycles, recommendations/);
    const refused = await cli(['import', file], { db });
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, new RegExp(`has no electoralCycles, recommendations: replacing the stored registry would remove ${before.electoralCycles.length} electoralCycles, ${before.recommendations.length} recommendations\\. Nothing was changed; pass --allow-empty`));
    assert.equal(await stored(), exported);
    const merged = await cli(['import', '--merge', file], { db });
    assert.equal(merged.status, 0, merged.stderr);
    assert.equal(await stored(), exported, 'a merge removes nothing');
    const allowed = await cli(['import', '--allow-empty', file], { db });
    assert.equal(allowed.status, 0, allowed.stderr);
    assert.match(allowed.stdout, / 0 electoralCycles, .* 0 recommendations/);
    assert.equal((await cli(['load', '--allow-empty'], { db })).status, 0);
    assert.equal(await stored(), exported);
  });
});

describe('registry files: every refusal names its file', () => {
  test('a CSV syntax error names the file and line', async () => {
    const path = join(dir, 'csv-syntax');
    assert.equal((await cli(['export', '--format', 'csv', '--out', path], { db })).status, 0);
    const file = join(path, 'parties.csv');
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[2] = `"unterminated,${lines[2]}`;
    writeFileSync(file, lines.join('\n'));
    const r = await cli(['validate', path]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /csv-syntax\/parties\.csv:\d+: parties: not valid CSV: /);
  });

  test('a YAML alias bomb is refused, naming the file', async () => {
    const path = folder('alias-bomb', (p) => {
      const laughs = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
      for (let i = 1; i < 9; i++) {
        const prev = String.fromCharCode(96 + i);
        const name = String.fromCharCode(97 + i);
        laughs.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
      }
      writeFileSync(join(p, 'terms.yaml'), `${laughs.join('\n')}\n`);
    });
    const r = await cli(['validate', path]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /alias-bomb\/terms\.yaml: refused: .*alias/i);
  });

  test('a folder where a collection file should be is a clear error', async () => {
    const path = folder('folder-for-file', (p) => {
      rmSync(join(p, 'terms.yaml'));
      mkdirSync(join(p, 'terms.yaml'));
    });
    const r = await cli(['validate', path]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /folder-for-file\/terms\.yaml: cannot read the file: it is a folder/);
    assert.doesNotMatch(r.stderr, /EISDIR/);
  });
});
