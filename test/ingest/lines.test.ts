/** The block line splitter and format detection, on bytes cut at every awkward place. */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { badUtf8Field, lineBlocks, nulField } from '../../src/ingest/events/lines.ts';
import { detectFormat, formatFromName } from '../../src/ingest/events/index.ts';
import { mulberry32 } from '../../bench/synthetic.ts';
import { GDELT1, GDELT2, ICEWS, fileLines } from './support.ts';

async function* chunked(bytes: Buffer, sizes: () => number): AsyncGenerator<Buffer> {
  for (let i = 0; i < bytes.length;) {
    const n = Math.max(1, sizes());
    yield bytes.subarray(i, i + n);
    i += n;
  }
}

async function collect(bytes: Buffer, sizes: () => number): Promise<{ lines: string[]; numbers: number[]; bad: number[]; nul: boolean[] }> {
  const lines: string[] = [];
  const numbers: number[] = [];
  const bad: number[] = [];
  const nul: boolean[] = [];
  for await (const b of lineBlocks(chunked(bytes, sizes))) {
    nul.push(b.nul);
    b.lines.forEach((l, i) => {
      lines.push(l);
      numbers.push(b.firstLine + i);
      if (b.bad?.has(i)) bad.push(b.firstLine + i);
    });
  }
  return { lines, numbers, bad, nul };
}

describe('lineBlocks', () => {
  const text = readFileSync(ICEWS);
  const expected = fileLines(ICEWS);

  test('gives the same lines and physical numbers whatever the chunk sizes (1 byte to 64 KiB)', async () => {
    const rand = mulberry32(7);
    // Tiny chunks on the first 300 lines only (one await per chunk); larger ones on the whole file.
    const head = Buffer.from(`${expected.slice(0, 300).join('\n')}\n`);
    const cases: [Buffer, string[], () => number][] = [
      [head, expected.slice(0, 300), () => 1 + Math.floor(rand() * 7)],
      [text, expected, () => 1 + Math.floor(rand() * 700)],
      [text, expected, () => 65536],
      [text, expected, () => text.length],
    ];
    for (const [bytes, want, sizes] of cases) {
      const r = await collect(bytes, sizes);
      assert.deepEqual(r.lines, want);
      assert.deepEqual(r.numbers, want.map((_, i) => i + 1));
      assert.deepEqual(r.bad, []);
    }
  });

  test('CRLF, a blank line, a last line without newline, multi-byte characters cut between chunks', async () => {
    const bytes = Buffer.from('a\r\nñandú\r\n\r\n€uro\tx\nlast', 'utf8');
    for (let k = 1; k <= bytes.length; k++) {
      const r = await collect(bytes, () => k);
      assert.deepEqual(r.lines, ['a', 'ñandú', '', '€uro\tx', 'last'], `chunk ${k}`);
      assert.deepEqual(r.numbers, [1, 2, 3, 4, 5]);
    }
  });

  test('invalid UTF-8 is flagged on its own line only, with the raw bytes kept', async () => {
    const bytes = Buffer.concat([Buffer.from('ok\none\t'), Buffer.from([0xff, 0xfe]), Buffer.from('\tthree\nfine\n')]);
    for (const k of [1, 3, 100]) {
      const r = await collect(bytes, () => k);
      assert.deepEqual(r.bad, [2]);
      assert.equal(r.lines[2], 'fine');
    }
    const raw = Buffer.concat([Buffer.from('one\t'), Buffer.from([0xff]), Buffer.from('\tthree')]);
    assert.equal(badUtf8Field(raw), 1);
    assert.equal(badUtf8Field(Buffer.from('all\tgood')), -1);
  });

  test('a NUL byte: the block says so, and nulField finds its column', async () => {
    const r = await collect(Buffer.from('ok\none\ttw\0o\tthree\n'), () => 100);
    assert.deepEqual(r.nul, [true]);
    assert.equal(nulField('one\ttw\0o\tthree'), 1);
    assert.equal(nulField('\0'), 0);
    assert.equal(nulField('no\tnul'), -1);
  });
});

describe('format detection', () => {
  test('by name', () => {
    const cases: [string, string | null][] = [
      ['20170101073000.export.CSV', 'gdelt2'], ['20170101073000.export.CSV.zip', 'gdelt2'], ['/x/20160728.export.CSV.zip', 'gdelt1'],
      ['1979.csv', 'gdelt1'], ['201005.csv', 'gdelt1'], ['events.2018.20190311.tab', 'icews'], ['icews-events.tsv.gz', 'icews'],
      ['my-events.csv', 'csv'], ['20170101073000.mentions.CSV', null], ['notes.txt', null],
    ];
    for (const [name, format] of cases) assert.equal(formatFromName(name), format, name);
  });

  test('by content: the real files, a CSV header, the mentions file, an empty file', () => {
    assert.equal(detectFormat('x', fileLines(GDELT1).slice(0, 50)).format, 'gdelt1');
    assert.equal(detectFormat('x', fileLines(GDELT2).slice(0, 50)).format, 'gdelt2');
    assert.equal(detectFormat('x', fileLines(ICEWS).slice(0, 50)).format, 'icews');
    assert.equal(detectFormat('x', ['"Event ID"\t"Event Date"\t"Source Name"']).format, 'icews');
    assert.equal(detectFormat('x', ['\uFEFFevent_id,event_date,cameo_code']).format, 'csv');
    assert.match(detectFormat('x', ['1\t2\t3\t4\t5\t6\t7\t8\t9\t10\t11\t12\t13\t14\t15\t16']).reason, /mentions file/);
    assert.equal(detectFormat('20170101073000.export.CSV', []).format, 'gdelt2');
    assert.equal(detectFormat('empty', []).format, null);
    // Content beats a misleading name: 58 columns in a file named like a 2.0 export.
    const d = detectFormat('20170101073000.export.CSV', fileLines(GDELT1).slice(0, 10));
    assert.equal(d.format, 'gdelt1');
    assert.match(d.reason, /the name suggests gdelt2/);
  });
});
