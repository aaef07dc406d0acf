import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoreConfig } from '../../src/config/config.ts';
import { configureLogging } from '../../src/core/Logger.ts';
import { ingestFiles } from '../../src/ingest/ingestFiles.ts';
import { auditExposure } from '../../src/matching/fairnessAudit.ts';
import { runMatchJob } from '../../src/matching/runMatchJob.ts';
import { MatchStore } from '../../src/matching/MatchStore.ts';
import { defaultMatchingConfig } from '../../src/matching/MatchingConfig.ts';
import { ReviewConfig } from '../../src/review/ReviewConfig.ts';
import { withStore } from '../../src/store/DuckDBStore.ts';
import { completeCreditCode } from '../../src/validation/creditCode.ts';
import { posting, seeker } from './fixtures.ts';

/**
 * The cap k·headcount per posting holds across runs: recommendations handed out inside the
 * cooldown and not closed by an outcome count against it, so a second run sends no more seekers
 * to a full posting than the first left room for, and a closed recommendation frees its place.
 */
const EMPLOYER = completeCreditCode('91510100MA6C1234X');
const NOW = new Date('2026-06-30T12:00:00Z');
const K = 2;
const SEEKERS = 12;
let dir: string;
let db: string;

const env = (type: string, id: string, payload: unknown) =>
  JSON.stringify({ type, id, version: 1, event_time: '2026-06-25T08:00:00+08:00', payload });

async function ingest(lines: string[], name: string) {
  const file = join(dir, name);
  await writeFile(file, `${lines.join('\n')}\n`);
  await withStore({ path: db }, (store) =>
    ingestFiles({ store, from: [file], progress: false, review: ReviewConfig.parse({ trustedSources: ['pes_portal'] }) }),
  );
}

const run = (now = NOW) =>
  runMatchJob({
    core: CoreConfig.parse({ db, outboxDir: join(dir, 'outbox') }),
    config: defaultMatchingConfig({ capacityFactor: K }),
    mode: 'full',
    now,
  });

const perPosting = (runId?: string) =>
  withStore({ path: db }, async (s) =>
    Object.fromEntries(
      (
        await s.all<{ posting_id: string; n: number }>(
          `SELECT posting_id, count(DISTINCT seeker_id)::INT AS n FROM recommendations WHERE $run_id = '' OR run_id = $run_id GROUP BY 1`,
          { run_id: runId ?? '' },
        )
      ).map((r) => [r.posting_id, r.n]),
    ),
  );

beforeAll(async () => {
  configureLogging({ level: 'warn' });
  dir = await mkdtemp(join(tmpdir(), 'lf-capacity-'));
  db = join(dir, 'lf.duckdb');
  const payload = (id: string, o: Record<string, unknown>) => {
    const { id: _id, ...p } = posting({ id, ...o } as never);
    return { employer_credit_code: EMPLOYER, employer_name: '成都精工机械有限公司', source: 'pes_portal', ...p };
  };
  const seekerPayload = () => {
    const { id: _id, ...s } = seeker();
    return s;
  };
  await ingest(
    [
      env('posting', 'P-a', payload('P-a', { headcount: 1 })),
      env('posting', 'P-b', payload('P-b', { headcount: 1, title: '数控车床操作工' })),
      ...Array.from({ length: SEEKERS }, (_, i) => env('seeker', `S-${String(i).padStart(2, '0')}`, seekerPayload())),
    ],
    'in.ndjson',
  );
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('capacity across runs', () => {
  it('a second run inside the cooldown sends no more seekers to a posting the first run filled', async () => {
    const first = await run();
    // Demand is well above the capacity: every posting is filled to k·headcount in the first run.
    expect(await perPosting(first.run_id)).toEqual({ 'P-a': K, 'P-b': K });
    const second = await run();
    expect(await perPosting(second.run_id)).toEqual({});
    expect(await perPosting()).toEqual({ 'P-a': K, 'P-b': K });
  });

  it("the audit of the second run reads the recommendations in force, not the cooldown's gaps", async () => {
    const audit = (runId: string) =>
      withStore({ path: db }, async (s) => {
        const store = new MatchStore(s);
        const [seekers, recs] = await Promise.all([store.seekersInRun(runId), store.exposureRows(runId, 14)]);
        return auditExposure(runId, seekers, recs, { minRatio: 0.8, minGroupSize: 1, now: NOW });
      });
    const runs = await withStore({ path: db }, (s) =>
      s.all<{ run_id: string }>("SELECT run_id FROM match_runs WHERE status = 'succeeded' ORDER BY started_at"),
    );
    const [first, second] = runs.map((r) => r.run_id);
    const a1 = await audit(first!);
    const a2 = await audit(second!);
    // The second run added nothing (all pairs in cooldown), yet its seekers hold the first run's recommendations.
    expect(a1.recommendations).toBe(2 * K);
    expect(a2.recommendations).toBe(a1.recommendations);
    expect(a2.groups.map((g) => [g.group, g.recommendations, g.ab_recommendations])).toEqual(
      a1.groups.map((g) => [g.group, g.recommendations, g.ab_recommendations]),
    );
    // Outside the cooldown window an earlier run's rows are not in force.
    const late = await withStore({ path: db }, (s) => new MatchStore(s).exposureRows(second!, 0));
    expect(late).toEqual([]);
  });

  it('an outcome that closes a recommendation frees its place for the next run', async () => {
    const [taken] = await withStore({ path: db }, (s) =>
      s.all<{ seeker_id: string }>("SELECT seeker_id FROM recommendations WHERE posting_id = 'P-a' ORDER BY seeker_id LIMIT 1"),
    );
    await ingest(
      [env('outcome', 'O-1', { seeker_id: taken!.seeker_id, posting_id: 'P-a', event: 'declined', date: '2026-06-30' })],
      'outcome.ndjson',
    );
    const third = await run();
    const fresh = await perPosting(third.run_id);
    expect(fresh).toEqual({ 'P-a': 1 });
    const all = await perPosting();
    expect(all['P-a']).toBe(K + 1); // one declined, K still open
  });

  it('after the cooldown the earlier recommendations no longer hold places', async () => {
    const later = await run(new Date('2026-07-20T12:00:00Z'));
    const counts = await perPosting(later.run_id);
    expect(counts['P-a']).toBe(K);
    expect(counts['P-b']).toBe(K);
  });
});
