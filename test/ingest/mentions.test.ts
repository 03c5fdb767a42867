/**
 * The GDELT 2.0 mentions reader (src/ingest/events/formats/gdelt/mentions.ts) on the real file and on
 * variants derived from its rows: every real row becomes a mention holding its raw fields; each check
 * refuses its field; detection recognises the file plain and compressed.
 */
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { gdeltInstant, mentionRefused, openMentionFile, parseMentionRow } from '../../src/ingest/events/formats/gdelt/mentions.ts';
import { sniffFile } from '../../src/ingest/events/reader.ts';
import type { EventMention } from '../../src/domain/events/mention.ts';
import { GDELT2, GDELT2_MENTIONS, fileLines, tempDir, writeZip } from './support.ts';

const tmp = tempDir('intermestic-mentions-');
after(tmp.cleanup);

const instant = (v: string): string => `${v.slice(0, 4)}-${v.slice(4, 6)}-${v.slice(6, 8)}T${v.slice(8, 10)}:${v.slice(10, 12)}:${v.slice(12, 14)}Z`;

describe('GDELT 2.0 mentions reader', () => {
  test('every real row becomes a mention that holds its raw fields', async () => {
    const raw = fileLines(GDELT2_MENTIONS).map((l) => l.split('\t'));
    const reader = await openMentionFile(GDELT2_MENTIONS, { batchSize: 500 });
    const all: EventMention[] = [];
    const sizes: number[] = [];
    for await (const b of reader.batches()) {
      sizes.push(b.length);
      all.push(...b);
    }
    assert.deepEqual(sizes, [500, 500, 500, 483]);
    assert.equal(reader.stats.rows, 1983);
    assert.equal(reader.stats.rejected, 0);
    for (const [i, m] of all.entries()) {
      const f = raw[i]!;
      assert.deepEqual([m.eventId, m.eventTime, m.mentionTime, m.mentionType, m.sourceName ?? '', m.identifier, m.sentence, m.actor1Offset, m.actor2Offset,
        m.actionOffset, m.inRawText ? '1' : '0', m.confidence, m.docLength === null ? '' : String(m.docLength), m.docTone === null ? '' : String(Number(f[13])), m.translationInfo ?? ''],
      [f[0], instant(f[1]!), instant(f[2]!), Number(f[3]), f[4], f[5], Number(f[6]), Number(f[7]), Number(f[8]), Number(f[9]), f[10], Number(f[11]), f[12], f[13] === '' ? '' : String(Number(f[13])), f[14]]);
    }
    // FORMATS.md / SOURCES.md: MentionType 1 on 1,950 rows and 2 on 33.
    assert.equal(all.filter((m) => m.mentionType === 1).length, 1950);
    assert.equal(all.filter((m) => m.mentionType === 2).length, 33);
  });

  test('each check refuses its field, on a real row', () => {
    const row = fileLines(GDELT2_MENTIONS)[0]!.split('\t');
    const edit = (i: number, v: string): string => row.map((x, j) => (j === i ? v : x)).join('\t');
    const cases: [string, string][] = [
      [row.slice(0, 15).join('\t'), 'columns'],
      [edit(0, '61330x'), 'GLOBALEVENTID'],
      [edit(1, '2017010107300'), 'EventTimeDate'],
      [edit(2, '20170230073000'), 'MentionTimeDate'],
      [edit(2, '20170101246000'), 'MentionTimeDate'],
      [edit(3, '7'), 'MentionType'],
      [edit(5, ' '), 'MentionIdentifier'],
      [edit(6, '-1'), 'SentenceID'],
      [edit(7, '-2'), 'Actor1CharOffset'],
      [edit(9, '1.5'), 'ActionCharOffset'],
      [edit(10, 'yes'), 'InRawText'],
      [edit(11, '101'), 'Confidence'],
      [edit(12, '-5'), 'MentionDocLen'],
      [edit(13, '1e3'), 'MentionDocTone'],
    ];
    for (const [line, field] of cases) {
      const r = parseMentionRow(line);
      assert.ok(mentionRefused(r), `${field} should be refused`);
      assert.equal(r.field, field);
    }
    assert.equal(gdeltInstant('20160229000000'), '2016-02-29T00:00:00Z');
    assert.equal(gdeltInstant('20170229000000'), null);
  });

  test('detection: the real file plain, gzip and zip; an export is not a mentions file', async () => {
    const data = readFileSync(GDELT2_MENTIONS);
    const gz = tmp.path('m.gz');
    writeFileSync(gz, gzipSync(data));
    const zip = tmp.path('m.zip');
    writeZip(zip, [{ name: 'whatever.txt', data }]);
    for (const f of [GDELT2_MENTIONS, gz, zip]) assert.equal((await sniffFile(f)).mentions, true, f);
    assert.equal((await sniffFile(GDELT2)).mentions, undefined);
    assert.equal((await sniffFile(GDELT2)).format, 'gdelt2');
  });
});
