import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../pipelines/cli/main.ts';
import { withStore } from '../../src/store/DuckDBStore.ts';
import { completeCreditCode } from '../../src/validation/creditCode.ts';
import { configureLogging } from '../../src/core/Logger.ts';
import { posting, seeker } from './fixtures.ts';

/**
 * End to end on a real DuckDB file: envelopes go through `labourflow ingest`, then
 * `labourflow match` scores the approved postings (a trusted feed here), writes recommendations,
 * tiers, the caseworker queue and cases, and pushes T1/T2 recommendations to the NDJSON outbox.
 */
const EMPLOYER = completeCreditCode('91510100MA6C1234X');
let dir: string;
let db: string;
let outbox: string;

const env = (type: string, id: string, payload: unknown, version = 1, eventTime = '2026-06-25T08:00:00+08:00') =>
  JSON.stringify({ type, id, version, event_time: eventTime, payload });
function postingPayload(overrides: Record<string, unknown> = {}) {
  const { id: _id, ...p } = posting(overrides as never);
  return { employer_credit_code: EMPLOYER, employer_name: '成都精工机械有限公司', ...p };
}
function seekerPayload(overrides: Record<string, unknown> = {}) {
  const { id: _id, ...s } = seeker(overrides as never);
  return s;
}

async function ingest(lines: string[], name: string) {
  const file = join(dir, name);
  await writeFile(file, `${lines.join('\n')}\n`);
  // Only approved postings are matched (policy: posting-review): this office trusts its test feed, so clean postings are approved at ingest.
  const config = join(dir, 'trust.json');
  await writeFile(config, JSON.stringify({ review: { trustedSources: [{ ingest: '*' }] } }));
  expect(await runCli(['ingest', '--from', file, '--db', db, '--config', config, '--quiet'])).toBe(0);
}

async function match(...args: string[]) {
  return runCli(['match', '--db', db, '--outbox-dir', outbox, '--as-of', '2026-06-30', ...args]);
}

const q = <T = Record<string, unknown>>(sql: string) => withStore({ path: db }, (s) => s.all<T>(sql));

beforeAll(async () => {
  configureLogging({ level: (process.env.LF_TEST_LOG as 'info') ?? 'warn' });
  dir = await mkdtemp(join(tmpdir(), 'lf-match-'));
  db = join(dir, 'lf.duckdb');
  outbox = join(dir, 'outbox');
  await ingest(
    [
      env('posting', 'P-cnc-1', postingPayload({ headcount: 1 })),
      env('posting', 'P-cnc-2', postingPayload({ title: '数控车床操作工', region_code: '510105', skills: ['车床操作', '看图纸'] })),
      env('posting', 'P-weld', postingPayload({ title: '电焊工', occupation_code: '6-18-02-04', skills: ['电焊', '看图纸'] })),
      env('posting', 'P-biased', postingPayload({ title: '数控车工（限男性，35岁以下）', description: '要求本地户口' })),
      env('posting', 'P-filled', postingPayload({ status: 'filled' })),
      env(
        'posting',
        'P-welfare',
        postingPayload({
          title: '社区公益性岗位',
          occupation_code: '4-07-01-01',
          employment_type: 'public_welfare',
          skills: [],
          education_required: 'any',
          experience_min_years: 0,
        }),
      ),
      env('seeker', 'S-ok', seekerPayload({})),
      env('seeker', 'S-male', seekerPayload({ gender: 'male' })),
      env('seeker', 'S-sms', seekerPayload({ contact_channel: 'sms' })),
      env(
        'seeker',
        'S-hard',
        seekerPayload({
          birth_year: 1972,
          education: 'primary',
          skills: ['车床操作'],
          registration_date: '2024-01-10',
          key_groups: ['disabled', 'older_4050', 'zero_employment_household'],
          failed_referrals: 4,
        }),
      ),
      env('seeker', 'S-away', seekerPayload({ residence_region: '510703' })),
      env('seeker', 'S-out', seekerPayload({ employment_status: 'out_of_labour_force', registration_date: null })),
    ],
    'batch1.ndjson',
  );
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('labourflow match (end to end on DuckDB)', () => {
  it('writes graded, tiered recommendations with explanations and pushes T1/T2 ones to the outbox', async () => {
    expect(await match('--full')).toBe(0);
    const runs = await q<{ status: string; mode: string; recommendations: number; pushed: number; postings_flagged: number }>(
      'SELECT * FROM match_runs',
    );
    expect(runs).toHaveLength(1);
    // The discriminatory posting was held at review (a block finding), so the run never saw it.
    expect(runs[0]).toMatchObject({ status: 'succeeded', mode: 'full', postings_flagged: 0 });

    const recs = await q<{
      seeker_id: string;
      posting_id: string;
      grade: string;
      tier: string;
      channel: string;
      explanation: string;
      explanation_en: string;
      skills_gap: string[];
      policy_hints: string;
      pushed: boolean;
      score: number;
    }>('SELECT * FROM recommendations ORDER BY seeker_id, rank');
    const ids = new Set(recs.map((r) => r.posting_id));
    expect(ids.has('P-biased')).toBe(false);
    expect(ids.has('P-filled')).toBe(false);
    expect(recs.some((r) => r.seeker_id === 'S-out')).toBe(false);
    expect(recs.some((r) => r.seeker_id === 'S-away')).toBe(false); // Mianyang, not relocating: nothing in reach

    const ok = recs.filter((r) => r.seeker_id === 'S-ok');
    expect(ok[0]!.posting_id).toBe('P-cnc-1');
    expect(ok[0]!.grade).toBe('A');
    expect(ok[0]!.channel).toBe('app');
    expect(ok[0]!.explanation).toMatch(/^A级匹配/);
    expect(ok[0]!.explanation_en).toMatch(/^grade A/);
    expect(ok[0]!.skills_gap).toEqual(['看图纸']);
    const factors = JSON.parse((ok[0] as unknown as { factors: string }).factors) as {
      factor: string;
      value: number;
      contribution: number;
    }[];
    expect(factors.map((f) => f.factor)).toEqual([
      'skills',
      'title',
      'occupation',
      'industry',
      'salary',
      'education',
      'experience',
      'location',
      'freshness',
    ]);
    expect(factors.reduce((a, f) => a + f.contribution, 0)).toBeCloseTo(ok[0]!.score, 3);
    expect(recs.find((r) => r.seeker_id === 'S-sms')!.channel).toBe('sms');

    // Gender is not a factor: the male twin of S-ok gets exactly the same scores.
    const male = recs.filter((r) => r.seeker_id === 'S-male');
    expect(male.map((r) => [r.posting_id, r.score])).toEqual(ok.map((r) => [r.posting_id, r.score]));

    // Hard case: T4, caseworker queue with reasons, public-welfare post allowed, subsidy named.
    const hard = recs.filter((r) => r.seeker_id === 'S-hard');
    expect(hard.every((r) => r.tier === 'T4' && r.channel === 'caseworker' && !r.pushed)).toBe(true);
    expect(hard.some((r) => r.posting_id === 'P-welfare')).toBe(true);
    expect(recs.filter((r) => r.seeker_id !== 'S-hard').some((r) => r.posting_id === 'P-welfare')).toBe(false);
    const hint = JSON.parse(hard.find((r) => r.posting_id !== 'P-welfare')!.policy_hints as unknown as string);
    expect(hint.map((h: { policy: string }) => h.policy)).toContain('one_time_hiring_subsidy');
    const queue = await q<{ seeker_id: string; tier: string; reasons: string; status: string }>('SELECT * FROM caseworker_queue');
    expect(queue).toEqual([expect.objectContaining({ seeker_id: 'S-hard', tier: 'T4', status: 'open' })]);
    expect(queue[0]!.reasons).toContain('残疾人 +3');

    const held = await q<{ posting_id: string; state: string; categories: string[] }>(
      'SELECT posting_id, state, list_sort(categories) AS categories FROM posting_reviews WHERE blocking ORDER BY posting_id',
    );
    expect(held.find((r) => r.posting_id === 'P-biased')).toEqual({
      posting_id: 'P-biased',
      state: 'pending',
      categories: expect.arrayContaining(['age', 'gender', 'origin']),
    });
    expect(held.every((r) => r.state === 'pending')).toBe(true);
    expect(await q('SELECT * FROM posting_flags')).toEqual([]);

    // Capacity: P-cnc-1 has headcount 1, k = 5, so at most 5 seekers get it in one run.
    expect(recs.filter((r) => r.posting_id === 'P-cnc-1').length).toBeLessThanOrEqual(5);

    const files = await readdir(join(outbox, 'recommendations'));
    expect(files).toHaveLength(1);
    const lines = (await readFile(join(outbox, 'recommendations', files[0]!), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.length).toBe(recs.filter((r) => r.pushed).length);
    expect(
      lines.every((l) => l.key === l.value.seeker_id && l.value.channel !== 'caseworker' && l.topic === 'labourflow.recommendations'),
    ).toBe(true);
    expect(lines[0].value.posting.title).toBeTruthy();
  });

  it('respects the cooldown and outcomes: nothing is pushed twice, declined postings never again', async () => {
    await ingest(
      [env('outcome', 'O1', { seeker_id: 'S-ok', posting_id: 'P-cnc-2', event: 'declined', date: '2026-06-29' })],
      'outcomes.ndjson',
    );
    expect(await match('--full')).toBe(0);
    const second = await q<{ n: number }>(
      `SELECT count(*)::INT AS n FROM recommendations WHERE run_id = (SELECT run_id FROM match_runs ORDER BY started_at DESC LIMIT 1)`,
    );
    expect(second[0]!.n).toBe(0);
    // After the cooldown the pairs come back, except the declined one.
    expect(await runCli(['match', '--full', '--db', db, '--outbox-dir', outbox, '--as-of', '2026-07-20'])).toBe(0);
    const third = await q<{ seeker_id: string; posting_id: string }>(
      `SELECT seeker_id, posting_id FROM recommendations WHERE run_id = (SELECT run_id FROM match_runs ORDER BY started_at DESC LIMIT 1)`,
    );
    expect(third.length).toBeGreaterThan(0);
    expect(third.some((r) => r.seeker_id === 'S-ok' && r.posting_id === 'P-cnc-2')).toBe(false);
  });

  it('incremental runs score only what changed since the last run', async () => {
    await ingest([env('seeker', 'S-new', seekerPayload({ residence_region: '510105' }), 1, '2026-06-29T08:00:00+08:00')], 'batch2.ndjson');
    expect(await runCli(['match', '--incremental', '--db', db, '--outbox-dir', outbox, '--as-of', '2026-07-20', '--json'])).toBe(0);
    const last = await q<{ mode: string; seekers_scored: number }>(
      'SELECT mode, seekers_scored FROM match_runs ORDER BY started_at DESC LIMIT 1',
    );
    expect(last[0]).toEqual({ mode: 'incremental', seekers_scored: 1 });
    const recs = await q<{ seeker_id: string }>(
      `SELECT DISTINCT seeker_id FROM recommendations WHERE run_id = (SELECT run_id FROM match_runs ORDER BY started_at DESC LIMIT 1)`,
    );
    expect(recs.map((r) => r.seeker_id)).toEqual(['S-new']);
  });

  it('audits exposure by gender and age band', async () => {
    expect(await runCli(['match', 'audit', '--db', db, '--json'])).toBe(0);
  });

  it('tiers with the points table named by matching.pointsFile, and stores its version with the run', async () => {
    const runs = () => q<{ points_version: string }>('SELECT points_version FROM match_runs ORDER BY started_at');
    expect((await runs()).map((r) => r.points_version)).toEqual(expect.arrayContaining(['2026.1']));
    const table = JSON.parse(await readFile(new URL('../../reference/tier-points.json', import.meta.url), 'utf8'));
    // An office's stricter instrument: one point is already expert focused service (T4).
    table.version = 'office-2026.2';
    table.tiers[1].min_points = 0.5;
    const file = join(dir, 'points.json');
    const config = join(dir, 'points-config.json');
    await writeFile(config, JSON.stringify({ matching: { pointsFile: file } }));
    // Invalid (T2 at half a point): refused before any run starts.
    await writeFile(file, JSON.stringify(table));
    const before = (await runs()).length;
    expect(await match('--full', '--config', config)).toBe(2);
    expect((await runs()).length).toBe(before);
    table.tiers = table.tiers.map((t: object, i: number) => ({ ...t, min_points: [0, 1, 2, 3][i] }));
    await writeFile(file, JSON.stringify(table));
    expect(await match('--full', '--config', config)).toBe(0);
    const last = await q<{ run_id: string; points_version: string }>(
      'SELECT run_id, points_version FROM match_runs ORDER BY started_at DESC LIMIT 1',
    );
    expect(last[0]!.points_version).toBe('office-2026.2');
    // Tiers follow the office's thresholds (T2 from 1 point, T3 from 2, T4 from 3), not the shipped ones (3, 6, 9).
    const tiers = await q<{ tier: string; points: number }>(`SELECT tier, points FROM seeker_tiers WHERE run_id = '${last[0]!.run_id}'`);
    expect(tiers.length).toBeGreaterThan(0);
    for (const t of tiers) expect(t.tier).toBe(['T1', 'T2', 'T3', 'T4'][Math.min(3, Number(t.points))]);
    expect(tiers.some((t) => Number(t.points) >= 1 && Number(t.points) < 9)).toBe(true);
  });

  it('fails clearly on bad flags and bad config', async () => {
    expect(await runCli(['match', '--full', '--incremental', '--db', db])).toBe(2);
    expect(await runCli(['match', '--top', 'ten', '--db', db])).toBe(2);
    expect(await runCli(['match', 'explode', '--db', db])).toBe(2);
    // Not a day of the calendar (Date.parse would roll it over to 2 March).
    expect(await runCli(['match', '--full', '--db', db, '--as-of', '2026-02-30'])).toBe(2);
    const bad = join(dir, 'bad.json');
    await writeFile(bad, JSON.stringify({ matching: { grades: { A: 0.4, B: 0.6, C: 0.5 } } }));
    expect(await runCli(['match', '--db', db, '--config', bad])).toBe(2);
    expect(await runCli(['match', 'audit', '--db', join(dir, 'empty.duckdb')])).toBe(2);
  });
});
