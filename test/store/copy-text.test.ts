/** PostgreSQL COPY text encoding: what would break a field or a line is escaped, nothing else. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyLine, copyText } from '../../src/store/postgres/copy-text.ts';
import { EVENT_COLUMNS } from '../../src/store/sql/event-rows.ts';
import { events } from './fixtures.ts';

test('copyText escapes backslash, tab, newline and carriage return', () => {
  assert.equal(copyText('plain text, "quoted" ; ok'), 'plain text, "quoted" ; ok');
  assert.equal(copyText('a\\b\tc\nd\re'), 'a\\\\b\\tc\\nd\\re');
  assert.equal(copyText('\\N'), '\\\\N');
});

test('copyLine: one line per event, one field per column, \\N for NULL', () => {
  for (const e of events()) {
    const line = copyLine(e);
    assert.ok(line.endsWith('\n'));
    const fields = line.slice(0, -1).split('\t');
    assert.equal(fields.length, EVENT_COLUMNS.length, line);
    assert.ok(!line.slice(0, -1).includes('\n'));
  }
  const e13 = events()[12]!;
  const fields = copyLine(e13).slice(0, -1).split('\t');
  assert.equal(fields[EVENT_COLUMNS.indexOf('src_country')], '\\N');
  assert.equal(fields[EVENT_COLUMNS.indexOf('src_sectors')], '');
  assert.equal(fields[EVENT_COLUMNS.indexOf('tgt_sectors')], '|GOV|');
});
