// Cadence health, the summary and the calendar on the real bundled dataset (data/north-america).
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readRegistry } from '../../src/ingest/registry/files.ts';
import { mechanismHealth, frayingTimeline } from '../../src/domain/cadence/rules.ts';
import { healthReport } from '../../src/app/health.ts';
import { electoralCalendar, termAt } from '../../src/domain/calendar.ts';
import type { Registry } from '../../src/domain/registry/schema.ts';
import { daysBetween } from '../../src/domain/dates.ts';
import { REPO } from '../support/paths.ts';

let ds: Registry;
before(() => {
  ds = readRegistry(join(REPO, 'data', 'north-america'), REPO);
});

const mech = (id: string) => {
  const m = ds.mechanisms.find((x) => x.id === id);
  assert.ok(m, `mechanism ${id} is in the bundled dataset`);
  return m;
};

describe('bundled dataset: content the issue requires', () => {
  test('parties, mechanisms, recommendations and commitments are there, every record sourced', () => {
    assert.deepEqual(ds.parties.map((p) => p.id).sort(), ['CAN', 'MEX', 'USA']);
    for (const id of ['nals', 'hled', 'hlsd', 'merida', 'spp', 'jd2019']) mech(id);
    assert.equal(ds.recommendations.length, 7);
    assert.ok(ds.recommendations.every((r) => r.author.includes('Sarukhan')));
    const jd = ds.commitments.filter((c) => c.mechanism === 'jd2019' || c.id.startsWith('jd2019'));
    assert.ok(jd.length >= 6, `June 2019 declaration commitments: ${jd.length}`);
    assert.ok(jd.some((c) => c.owner === 'MEX') && jd.some((c) => c.owner === 'USA'));
    const seeds = ds.sources.filter((s) => s.kind === 'seed');
    assert.equal(seeds.length, 2);
    const cited = new Set([...ds.mechanisms, ...ds.meetings, ...ds.terms, ...ds.commitments, ...ds.recommendations, ...ds.issueAreas, ...ds.issueAreas.flatMap((i) => i.drivers)].flatMap((r) => r.sources));
    for (const s of seeds) assert.ok(cited.has(s.id), `seed ${s.id} is cited`);
  });

  test('the issue areas of the intermestic agenda, with sourced domestic drivers', () => {
    assert.deepEqual(ds.issueAreas.map((i) => i.id).sort(), [
      'border-infrastructure', 'climate-and-environment', 'cybersecurity-and-digital', 'energy', 'health', 'migration',
      'multilateral-and-global', 'security-and-illicit-trafficking', 'trade-and-competitiveness', 'water-and-biodiversity',
    ]);
    assert.ok(ds.issueAreas.find((i) => i.id === 'migration')!.drivers.length >= 2);
  });

  test('heads of government 1988–2030 of the three parties, without gaps or overlaps', () => {
    for (const party of ['USA', 'MEX', 'CAN']) {
      const terms = ds.terms.filter((t) => t.party === party).sort((a, b) => a.start.localeCompare(b.start));
      // A term ends on the day the next begins (US, Canada) or the day before (Mexico: 30 November → 1 December).
      for (let i = 1; i < terms.length; i++) {
        const gap = daysBetween(terms[i - 1]!.end!, terms[i]!.start);
        assert.ok(gap === 0 || gap === 1, `${party}: ${terms[i - 1]!.person} → ${terms[i]!.person}: ${gap} days`);
      }
    }
    assert.equal(termAt(ds, 'MEX', '1990-01-01')?.person, 'Carlos Salinas de Gortari');
    assert.equal(termAt(ds, 'USA', '2019-06-01')?.person, 'Donald Trump');
    assert.equal(termAt(ds, 'MEX', '2019-06-01')?.person, 'Andrés Manuel López Obrador');
    assert.equal(termAt(ds, 'CAN', '2019-06-01')?.person, 'Justin Trudeau');
    assert.equal(termAt(ds, 'MEX', '2029-01-01')?.person, 'Claudia Sheinbaum');
  });
});

describe('bundled dataset: cadence health shows the real history', () => {
  test('the North American Leaders\' Summit shows its lapses', () => {
    const h = mechanismHealth(mech('nals'), ds.meetings, '2019-06-01');
    assert.equal(h.status, 'lapsed');
    assert.equal(h.lastMeeting, '2016-06-29');
    const closed = mechanismHealth(mech('nals'), ds.meetings, '2023-06-01').gaps.filter((g) => !g.open).map((g) => [g.from, g.to, g.days]);
    assert.deepEqual(closed, [
      ['2006-03-31', '2007-08-20', 507],
      ['2008-04-22', '2009-08-09', 474],
      ['2009-08-10', '2012-04-02', 966],
      ['2012-04-02', '2014-02-19', 688],
      ['2014-02-19', '2016-06-29', 861],
      ['2016-06-29', '2021-11-18', 1968],
    ]);
    assert.equal(mechanismHealth(mech('nals'), ds.meetings, '2022-06-01').status, 'on-schedule');
    assert.equal(mechanismHealth(mech('nals'), ds.meetings, '2024-06-01').status, 'overdue');
  });

  test('postponed summits never count as held', () => {
    const postponed = ds.meetings.filter((m) => m.mechanism === 'nals' && m.status !== 'held');
    assert.ok(postponed.length >= 4, `planned-but-not-held summits: ${postponed.length}`);
    assert.equal(mechanismHealth(mech('nals'), ds.meetings, '2011-12-31').lastMeeting, '2009-08-09');
  });

  test('the economic dialogue was suspended 2016–2021, Mérida ended and was replaced', () => {
    const hled = mechanismHealth(mech('hled'), ds.meetings, '2019-06-01');
    assert.equal(hled.status, 'lapsed');
    assert.equal(hled.lastMeeting, '2016-02-25');
    assert.ok(mechanismHealth(mech('hled'), ds.meetings, '2023-12-31').gaps.some((g) => g.from === '2016-02-25' && g.to === '2021-09-09' && g.days === 2023));
    assert.equal(mechanismHealth(mech('merida'), ds.meetings, '2022-01-01').status, 'ended');
    assert.equal(mech('merida').replacedBy, 'hlsd');
  });

  test('the relationship summary frays in 2019 against 2014', () => {
    const r2014 = healthReport(ds, '2014-06-01').summary;
    const r2019 = healthReport(ds, '2019-06-01').summary;
    assert.ok(r2014.shareOnSchedule !== null && r2019.shareOnSchedule !== null);
    assert.ok(r2019.shareOnSchedule < r2014.shareOnSchedule, `2014 ${r2014.shareOnSchedule} vs 2019 ${r2019.shareOnSchedule}`);
    assert.ok(r2019.lapsed > r2014.lapsed);
    const fray = frayingTimeline(ds, '2005-01-01', '2024-01-01', 'year');
    assert.equal(fray.length, 20);
  });

  test('mechanisms with a known-incomplete meeting record are flagged, not silently called lapsed', () => {
    const report = healthReport(ds, '2019-06-01');
    const nadd = report.mechanisms.find((m) => m.id === 'nadd');
    assert.equal(nadd?.meetingRecord, 'partial');
    assert.ok(report.summary.partialRecords.includes('nadd'));
    assert.equal(report.mechanisms.find((m) => m.id === 'nals')?.meetingRecord, 'complete');
    assert.ok(!report.summary.partialRecords.includes('nals'));
  });

  test('the electoral calendar of the US and Mexico coincides every twelve years', () => {
    const cal = electoralCalendar(ds, ['USA', 'MEX'], 2000, 2040);
    assert.deepEqual(cal.coincidences, [2000, 2012, 2024, 2036]);
    const w = cal.transitionWindows.find((x) => x.party === 'MEX' && x.from.startsWith('2024'));
    assert.equal(w?.to, '2024-10-01');
    assert.equal(w?.days, 121);
  });
});
