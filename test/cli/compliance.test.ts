// `intermestic compliance` and `intermestic recommendations` on the bundled registry: the tables, the
// public JSON (values from data/north-america/*.yaml, worked out by hand), the shared parameters, and
// that export, import and CSV carry the assessments and the histories.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { cli, tempDir } from '../support/cli.ts';
import { bundledRegistryFile } from '../support/stores.ts';
import { REPO } from '../support/paths.ts';
import type { Compliance, Recommendations } from '../../src/app/contracts.ts';

const DIR = join(REPO, 'data', 'north-america');
const ASSESSMENTS = parseYaml(readFileSync(join(DIR, 'assessments.yaml'), 'utf8')) as { id: string; commitment: string; kind: string; score: number | null; sources: string[] }[];
const db = await bundledRegistryFile(join(tempDir(), 'compliance.db'));

describe('intermestic compliance', () => {
  test('a table per commitment and party, then the aggregates', async () => {
    const r = await cli(['compliance'], { db });
    assert.equal(r.status, 0, r.stderr);
    // The MPP expansion's final (2021-01-20) scores +1 on five sources.
    const final = ASSESSMENTS.find((a) => a.id === 'jd2019-usa-mpp-expansion-final-2021-01-20')!;
    assert.equal(final.sources.length, 5);
    assert.match(r.stdout, /jd2019-usa-mpp-expansion\s+USA\s+final\s+assessed\s+\+1\s+2021-01-20\s+5\s+interim 0 → final \+1\n/);
    assert.match(r.stdout, /jd2019-mex-safe-third-country-trigger\s+MEX\s+final\s+no-evidence\s+—\s+2019-09-05\s+2\s+interim no-evidence → final no-evidence\n/);
    // Twelve obligations, eleven scored (6 full, 4 partial, 1 none): mean 5/11, G20 % (5/11 + 1) / 2 = 72.73.
    assert.match(r.stdout, /all\s+12\s+11\s+1\s+0\s+6\/4\/1\s+\+0\.45\s+72\.73 %/);
    assert.match(r.stdout, /party MEX\s+7\s+6\s+1\s+0\s+4\/1\/1\s+\+0\.50\s+75 %/);
    assert.match(r.stdout, /party USA\s+5\s+5\s+0\s+0\s+2\/3\/0\s+\+0\.40\s+70 %/);
    assert.match(r.stdout, /never as 0/);
  });

  test('--party MEX --json: Mexico\'s seven commitments and their figures', async () => {
    const r = await cli(['compliance', '--party', 'mex', '--json'], { db });
    assert.equal(r.status, 0, r.stderr);
    const report = JSON.parse(r.stdout) as Compliance;
    assert.equal(report.party, 'MEX');
    assert.equal(report.standings.length, 7);
    assert.ok(report.standings.every((s) => s.party === 'MEX'));
    const o = report.aggregates.overall;
    assert.deepEqual([o.commitments, o.scored, o.noEvidence, o.mean, o.g20Percent], [7, 6, 1, 0.5, 75]);
    assert.deepEqual(report.aggregates.byParty.map((p) => p.party), ['MEX']);
    const talks = report.standings.find((s) => s.commitment === 'jd2019-mex-refugee-agreement-talks')!;
    assert.deepEqual([talks.score, talks.history.map((h) => h.id)], [-1, ASSESSMENTS.filter((a) => a.commitment === 'jd2019-mex-refugee-agreement-talks').map((a) => a.id)]);
  });

  test('--at 2019-07-22: the interims', async () => {
    const report = JSON.parse((await cli(['compliance', '--at', '2019-07-22', '--json'], { db })).stdout) as Compliance;
    assert.ok(report.standings.every((s) => s.basis === 'interim'));
    const usa = report.aggregates.byParty.find((p) => p.party === 'USA')!;
    assert.deepEqual([usa.scored, usa.noEvidence, usa.mean, usa.g20Percent], [3, 2, 0, 50]);
  });

  test('--at 2019-07-01, before the first interim: every obligation "not assessed", no mean and no percentage', async () => {
    const report = JSON.parse((await cli(['compliance', '--at', '2019-07-01', '--json'], { db })).stdout) as Compliance;
    assert.ok(report.standings.every((s) => s.basis === 'none' && s.status === 'not-assessed' && s.score === null && s.history.length === 0));
    const o = report.aggregates.overall;
    assert.deepEqual([o.commitments, o.scored, o.notAssessed, o.noEvidence, o.mean, o.g20Percent], [12, 0, 12, 0, null, null]);
  });

  test('a recalibration: the new score counts, the earlier one stays in the history with the reason', async () => {
    // Synthetic, for this test only: a later final that revises Mexico's MPP-entry score.
    const dir = tempDir();
    const exported = await cli(['export', '--format', 'json'], { db: await bundledRegistryFile(join(dir, 'a.db')) });
    const doc = JSON.parse(exported.stdout) as { assessments: Record<string, unknown>[] };
    const earlier = doc.assessments.find((a) => a.id === 'jd2019-mex-mpp-entry-final-2021-01-20')!;
    doc.assessments.push({
      ...earlier, id: 'test-recalibration', date: '2021-06-30', score: 1, recalibrates: earlier.id, recalibrationReason: 'test: a later report',
    });
    const file = join(dir, 'recalibrated.json');
    writeFileSync(file, JSON.stringify(doc));
    const imported = await cli(['import', file], { db: join(dir, 'b.db') });
    assert.equal(imported.status, 0, imported.stderr);
    const report = JSON.parse((await cli(['compliance', '--party', 'MEX', '--json'], { db: join(dir, 'b.db') })).stdout) as Compliance;
    const s = report.standings.find((x) => x.commitment === 'jd2019-mex-mpp-entry')!;
    assert.deepEqual([s.assessment, s.score], ['test-recalibration', 1]);
    assert.deepEqual(s.history.map((h) => [h.id, h.score, h.recalibratedBy, h.recalibrationReason]), [
      ['jd2019-mex-mpp-entry-interim-2019-07-22', 0, null, null],
      ['jd2019-mex-mpp-entry-final-2021-01-20', 0, 'test-recalibration', null],
      ['test-recalibration', 1, null, 'test: a later report'],
    ]);
    // Mexico: 5 full, 0 partial, 1 none of 6 scored → mean 4/6, G20 % 83.33.
    assert.deepEqual([report.aggregates.overall.mean, report.aggregates.overall.g20Percent], [0.6667, 83.33]);
    const table = await cli(['compliance', '--party', 'MEX'], { db: join(dir, 'b.db') });
    assert.match(table.stdout, /test-recalibration revises jd2019-mex-mpp-entry-final-2021-01-20 \(final 0 → final \+1\): test: a later report/);
  });

  test('bad or unknown parameters exit 2 naming the flag', async () => {
    const bad = await cli(['compliance', '--party', 'MX'], { db });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--party: expected ISO 3166-1 alpha-3/);
    const unknown = await cli(['compliance', '--party', 'FRA'], { db });
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /--party: unknown FRA \(known: USA, MEX, CAN\)/);
    const day = await cli(['recommendations', '--at', '2026-02-30'], { db });
    assert.equal(day.status, 2);
    assert.match(day.stderr, /--at: expected a calendar day/);
  });
});

describe('intermestic recommendations', () => {
  test('each recommendation with its status, history and the cadence evidence', async () => {
    const r = await cli(['recommendations', '--at', '2026-12-01'], { db });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /sarukhan-2021-resuscitate-nals \(2021\): not-addressed since 2025\n/);
    assert.match(r.stdout, /cadence of nals \(annual\) since 2021: 2 held \(2021-11-18, 2023-01-10\) of 5 the cadence called for; not held: 2022-12 postponed, 2024 postponed; at 2026-12-01 lapsed since 2025-01-11, last met 2023-01-10 \(1421 days before 2026-12-01\)/);
    assert.match(r.stdout, /cadence of un-consultations \(twice-a-year\) since 2021: none held of 11 the cadence called for; at 2026-12-01 ended/);
  });

  test('--json: the public shape, the summit recommendation argued from the meetings', async () => {
    const report = JSON.parse((await cli(['recommendations', '--at', '2026-12-01', '--json'], { db })).stdout) as Recommendations;
    assert.equal(report.at, '2026-12-01');
    assert.equal(report.recommendations.length, 7);
    const nals = report.recommendations.find((x) => x.id === 'sarukhan-2021-resuscitate-nals')!;
    assert.deepEqual([nals.status, nals.statusSince, nals.history.length], ['not-addressed', '2025', 5]);
    assert.deepEqual(nals.cadence.map((c) => [c.mechanism, c.held.map((m) => m.id), c.expected, c.status, c.lapsedFrom]), [
      ['nals', ['nals-2021-11-18', 'nals-2023-01-10'], 5, 'lapsed', '2025-01-11'],
    ]);
  });
});

describe('export and import carry the assessments and the histories', () => {
  test('JSON: the assessments as in assessments.yaml; every recommendation with its history', async () => {
    const dir = tempDir();
    const out = await cli(['export', '--format', 'json'], { db: await bundledRegistryFile(join(dir, 'a.db')) });
    assert.equal(out.status, 0, out.stderr);
    const doc = JSON.parse(out.stdout) as { assessments: { id: string; score: number | null; sources: string[] }[]; recommendations: { history: unknown[] }[] };
    assert.deepEqual(doc.assessments.map((a) => [a.id, a.score, a.sources]), ASSESSMENTS.map((a) => [a.id, a.score, a.sources]));
    assert.deepEqual(doc.recommendations.map((r) => r.history.length), [6, 6, 1, 5, 6, 5, 4]);
  });

  test('CSV: a history and a null score survive the round trip; a broken history cell names file, line and field', async () => {
    const dir = tempDir();
    const csvDir = join(dir, 'csv');
    assert.equal((await cli(['export', '--format', 'csv', '--out', csvDir], { db: await bundledRegistryFile(join(dir, 'a.db')) })).status, 0);
    const assessments = readFileSync(join(csvDir, 'assessments.csv'), 'utf8');
    assert.match(assessments.split('\n')[0]!, /^id,commitment,party,kind,date,status,score,assessor,rationale,recalibrates,recalibrationReason,confidence,sources/);
    assert.ok(assessments.includes(',no-evidence,null,'), 'a null score is written as null');
    const imported = await cli(['import', csvDir], { db: join(dir, 'b.db') });
    assert.equal(imported.status, 0, imported.stderr);
    assert.match(imported.stdout, / 24 assessments, 7 recommendations,/);
    const file = join(csvDir, 'recommendations.csv');
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[1] = lines[1]!.replace('""status"":""under-consideration""', '""status"":""shelved""');
    writeFileSync(file, lines.join('\n'));
    const bad = await cli(['validate', csvDir]);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /recommendations\.csv:2: recommendations "sarukhan-2021-northern-triangle" field history\[0\]\.status: /);
  });
});
