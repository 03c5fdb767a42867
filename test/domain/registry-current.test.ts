// The bundled registry as brought up to 1 December 2026: the facts cadence health depends on, computed
// with the domain code on the real files in data/north-america (not on fixtures).
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BUNDLED_REGISTRY_DIR, registryFiles } from '../../src/ingest/registry/bundled.ts';
import { checkIntegrity } from '../../src/domain/registry/integrity.ts';
import { mechanismHealth } from '../../src/domain/cadence/rules.ts';
import { healthReport } from '../../src/app/health.ts';
import { developmentsOf } from '../../src/app/registry.ts';
import { addDays, precisionOf } from '../../src/domain/dates.ts';
import type { Registry } from '../../src/domain/registry/schema.ts';

let ds: Registry;
before(async () => {
  ds = await registryFiles.read(BUNDLED_REGISTRY_DIR);
});

const mech = (id: string) => {
  const m = ds.mechanisms.find((x) => x.id === id);
  assert.ok(m, `mechanism ${id} is in the bundled registry`);
  return m;
};
const meeting = (id: string) => {
  const m = ds.meetings.find((x) => x.id === id);
  assert.ok(m, `meeting ${id} is in the bundled registry`);
  return m;
};
const development = (id: string) => {
  const d = ds.developments.find((x) => x.id === id);
  assert.ok(d, `development ${id} is in the bundled registry`);
  return d;
};

describe('bundled registry at 2026-12-01: sound as a whole', () => {
  test('no integrity problem: every reference resolves, every cited source exists', () => {
    assert.deepEqual(checkIntegrity(ds), []);
  });

  test('the renamed USMCA deputies\' meeting has one id, and nothing cites the old one', () => {
    assert.equal(meeting('usmca-ftc-2023-01-26').date, '2023-01-26');
    assert.equal(ds.meetings.find((m) => m.id === 'usmca-ftc-2023-01'), undefined);
    const refs = [...ds.commitments.map((c) => c.meeting), ...ds.meetings.map((m) => m.id)];
    assert.ok(!refs.includes('usmca-ftc-2023-01'));
  });

  test('one source record per page (no address recorded twice)', () => {
    const page = (u: string) => { const x = new URL(u); return (x.hostname.replace(/^www\./, '').replace(/\.$/, '') + x.pathname.replace(/\/$/, '')).toLowerCase(); };
    const seen = new Map<string, string>();
    for (const s of ds.sources) {
      if (s.url === undefined) continue;
      const k = page(s.url);
      assert.equal(seen.get(k), undefined, `${s.id} and ${seen.get(k)} are the same page`);
      seen.set(k, s.id);
    }
    assert.ok(ds.sources.some((s) => s.id === 'rgv-2024-11-minute-331') && ds.sources.some((s) => s.id === 'rgv-2024-11-minute-331-signed'), 'two distinct RGV pages');
  });
});

describe('bundled registry at 2026-12-01: cadence health', () => {
  test('the USMCA Free Trade Commission is on schedule after its first joint review (2026-07-01)', () => {
    const review = meeting('usmca-ftc-2026-07-01');
    assert.equal(review.mechanism, 'usmca-ftc');
    assert.equal(review.status, 'held');
    assert.equal(review.confidence, 'uncertain'); // press reports only: no official text was read
    const h = mechanismHealth(mech('usmca-ftc'), ds.meetings, '2026-12-01');
    assert.equal(h.status, 'on-schedule');
    assert.equal(h.lastMeeting, '2026-07-01');
    assert.equal(h.nextExpected, '2027-07-01'); // annual: the joint review is now held every year
    // The day before, two years after the May 2024 Commission meeting (the 2025 one was not found, and
    // the meeting record is flagged partial), it counted as lapsed: the review restarts the clock.
    assert.equal(mechanismHealth(mech('usmca-ftc'), ds.meetings, '2026-06-30').status, 'lapsed');
    assert.equal(mech('usmca-ftc').meetingRecord, 'partial');
  });

  test('the North American Leaders\' Summit is still lapsed at 2026-12-01, last held 2023-01-10', () => {
    const h = mechanismHealth(mech('nals'), ds.meetings, '2026-12-01');
    assert.equal(h.status, 'lapsed');
    assert.equal(h.lastMeeting, '2023-01-10');
    // The 5 December 2025 encounter after the World Cup draw is a development, not a summit.
    assert.ok(!ds.meetings.some((m) => m.mechanism === 'nals' && m.date.startsWith('2025')));
    assert.deepEqual(development('2025-12-05-leaders-meet-at-world-cup-draw').mechanisms, []);
  });

  test('the Security Implementation Group is ad hoc: no stated interval, so neither on schedule nor due', () => {
    // The founding statement says only that the group will meet "regularly"; no cadence is invented.
    assert.equal(mech('sig').cadence.kind, 'ad-hoc');
    assert.equal(mech('sig').founded, '2025-09-03');
    const h = mechanismHealth(mech('sig'), ds.meetings, '2026-03-01');
    assert.equal(h.status, 'ad-hoc');
    assert.equal(h.lastMeeting, '2026-01-23');
    assert.equal(h.nextExpected, null);
    assert.deepEqual(h.gaps, []);
    assert.deepEqual(ds.meetings.filter((m) => m.mechanism === 'sig').map((m) => m.date).sort(), ['2025-09-26', '2025-12-11', '2026-01-23']);
    const report = healthReport(ds, '2026-03-01');
    assert.equal(report.mechanisms.find((m) => m.id === 'sig')?.status, 'ad-hoc');
  });

  test('the Trilateral Fentanyl Committee and the Canada–Mexico partnership are recorded, ad hoc', () => {
    assert.equal(mech('tfc').founded, '2023-01');
    assert.equal(precisionOf(mech('tfc').founded), 'month');
    assert.equal(mechanismHealth(mech('tfc'), ds.meetings, '2026-12-01').lastMeeting, '2024-02-07');
    assert.deepEqual(mech('can-mex-csp').parties, ['MEX', 'CAN']);
    assert.equal(mechanismHealth(mech('can-mex-csp'), ds.meetings, '2026-12-01').lastMeeting, '2025-09-18');
  });

  test('the foreign ministers\' meeting was founded 2009-07-16, with meetings in 2009 and 2010 and no ordinals', () => {
    assert.equal(mech('nafmm').founded, '2009-07-16');
    const dates = ds.meetings.filter((m) => m.mechanism === 'nafmm').map((m) => m.date);
    assert.ok(dates.includes('2009-07-16') && dates.includes('2010-12-13'), dates.join(', '));
    assert.ok(ds.meetings.filter((m) => m.mechanism === 'nafmm').every((m) => m.number === undefined));
    assert.equal(mechanismHealth(mech('nafmm'), ds.meetings, '2010-01-01').lastMeeting, '2009-07-16');
  });

  test('the IBWC was founded on the 1889 Convention\'s entry into force, 1890-12-24', () => {
    assert.equal(mech('ibwc').founded, '1890-12-24');
    assert.equal(mechanismHealth(mech('ibwc'), ds.meetings, '1890-12-23').status, 'not-yet-founded');
  });

  test('the safe-third-country trigger is due 45 days after 7 June 2019: 2019-07-22', () => {
    const c = ds.commitments.find((x) => x.id === 'jd2019-mex-safe-third-country-trigger');
    assert.ok(c);
    assert.equal(c.date, '2019-06-07');
    assert.equal(c.dueDate, '2019-07-22');
    assert.equal(addDays(c.date, 45), c.dueDate);
  });
});

describe('bundled registry at 2026-12-01: key developments', () => {
  test('every year from 2017 to 2026 has at least one development', () => {
    for (let y = 2017; y <= 2026; y++) {
      const inYear = developmentsOf(ds, { from: `${y}-01-01`, to: `${y}-12-31` });
      assert.ok(inYear.length >= 1, `no development in ${y}`);
    }
    assert.equal(ds.developments.length, 80);
  });

  test('every development cites sources that exist, one of them official, or is uncertain', () => {
    const byId = new Map(ds.sources.map((s) => [s.id, s]));
    for (const d of ds.developments) {
      assert.ok(d.sources.length >= 1, d.id);
      for (const s of d.sources) assert.ok(byId.has(s), `${d.id} cites unknown source ${s}`);
      const official = d.sources.some((s) => byId.get(s)?.kind === 'official');
      assert.ok(official || d.confidence === 'uncertain', `${d.id} is confirmed without an official source`);
    }
  });

  test('dates are strings at their sources\' precision; ids begin with the date', () => {
    for (const d of ds.developments) {
      assert.equal(typeof d.date, 'string', d.id);
      assert.ok(d.id.startsWith(`${d.date}-`), `${d.id} does not start with its date ${d.date}`);
    }
    assert.equal(precisionOf(development('2020-10-minute-325').date), 'month');
    assert.equal(precisionOf(development('2026-01-usmca-formal-discussions-agreed').date), 'month');
  });

  test('specific developments, with their dates', () => {
    const ruling = development('2026-02-20-supreme-court-ieepa-ruling');
    assert.equal(ruling.date, '2026-02-20');
    assert.equal(ruling.kind, 'legal-ruling');
    assert.equal(ruling.confidence, 'uncertain'); // the opinion itself was not read

    const fto = development('2025-02-20-cartel-fto-designations');
    assert.equal(fto.date, '2025-02-20');
    assert.equal(fto.kind, 'security-action');
    assert.equal(fto.confidence, 'confirmed');

    assert.equal(development('2025-02-03-tariff-pause').date, '2025-02-03');
    assert.equal(development('2025-03-04-ieepa-tariffs-in-force').date, '2025-03-04');
    assert.equal(development('2019-06-07-joint-declaration-tariffs-lifted').date, '2019-06-07');
    assert.ok(development('2019-06-07-joint-declaration-tariffs-lifted').mechanisms.includes('jd2019'));
    assert.equal(development('2020-07-01-usmca-entry-into-force').date, '2020-07-01');
    const digital = development('2025-06-27-canada-talks-cut-over-digital-tax');
    assert.equal(digital.endDate, '2025-06-29');
    assert.equal(development('2025-12-12-water-arrangement').date, '2025-12-12');
  });

  test('developments that belong to a mechanism link it; the new mechanisms are filterable', () => {
    assert.deepEqual(developmentsOf(ds, { mechanism: 'sig' }).map((d) => d.id), ['2025-09-03-security-cooperation-statement', '2026-01-15-security-joint-statement']);
    assert.deepEqual(developmentsOf(ds, { mechanism: 'can-mex-csp' }).map((d) => d.id), ['2025-09-18-canada-mexico-strategic-partnership']);
    const review = development('2026-07-01-usmca-joint-review');
    assert.ok(review.mechanisms.includes('usmca-ftc'));
    assert.equal(review.date, meeting('usmca-ftc-2026-07-01').date);
  });
});
