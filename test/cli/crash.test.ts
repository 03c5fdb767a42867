/**
 * kill -9 during `intermestic events import A B C`, on both engines (issue 12; test/support/crash.ts
 * says what is checked): after each kill the store holds every file whole or not at all, and the
 * same command run again imports exactly what is missing. Two kills per engine here: while the
 * reader streams A into the store, and while DuckDB parses B. `npm run fuzz -- --kills N` kills at
 * more moments.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { crashFiles, describeOutcomes, killAndRecover, type CrashFile, type Engine } from '../support/crash.ts';
import { tempDir } from '../support/cli.ts';
import { rmSync } from 'node:fs';

/** Rows of each synthetic file (four batches of the reader): enough for the kills to land inside an import, few enough for a quick run. */
const ROWS = 3000;
/** Rows of the ICEWS sample in C, which no kill here aims at. */
const ICEWS_ROWS = 500;

const dir = tempDir('intermestic-crash-');
let files: CrashFile[] = [];
before(async () => {
  files = await crashFiles(dir, ROWS, ICEWS_ROWS);
});
after(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
for (const engine of ['duckdb', 'postgres'] as const satisfies readonly Engine[]) {
  describe(`kill -9 during an import into ${engine}`, () => {
    test('during A\'s read, then during B\'s parse: no file half-written, and the re-import adds exactly what is missing', async (t) => {
      const [a] = files as [CrashFile];
      const first = await killAndRecover(engine, files, dir, n++, { name: 'during A\'s read', after: `${a.label} reading`, ms: 0 });
      // B's parse takes a few hundred milliseconds, after A's result line.
      const second = await killAndRecover(engine, files, dir, n++, { name: 'during B\'s parse', after: `${a.label} done`, ms: 100 });
      t.diagnostic(`${engine}: ${describeOutcomes([first, second], files)}`);
      assert.ok(first.killed && second.killed, 'the kills landed before the import ended');
    });
  });
}
