import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoreConfig } from '../../src/config/config.ts';
import { configureLogging } from '../../src/core/Logger.ts';
import { ingestFiles } from '../../src/ingest/ingestFiles.ts';
import { runMatchJob } from '../../src/matching/runMatchJob.ts';
import { defaultMatchingConfig } from '../../src/matching/MatchingConfig.ts';
import { approvePosting, postingReview, rejectPosting, returnPosting, reviewQueue } from '../../src/review/reviewDesk.ts';
import { withStore } from '../../src/store/DuckDBStore.ts';
import { StoreHost } from '../../src/store/StoreHost.ts';
import { completeCreditCode } from '../../src/validation/creditCode.ts';
import { posting, seeker } from '../matching/fixtures.ts';

/**
 * The reviewer's scenario the browser test will run later, at library level on a real DuckDB
 * file: nothing is matched before review; a reviewer approves one posting and rejects another;
 * the next match run recommends the approved one only, and pushes carry the commitment mark.
 */
const EMPLOYER = completeCreditCode('91510100MA6C1234X');
const NOW = new Date('2026-06-30T12:00:00Z');
const REVIEWER = { name: 'rv-li', region: '510100' }; // 成都市
const OTHER_REVIEWER = { name: 'rv-zhao', region: '130500' }; // 邢台市

let dir: string;
let db: string;

const env = (type: string, id: string, payload: unknown, version = 1, time = '2026-06-25T08:00:00+08:00') =>
  JSON.stringify({ type, id, version, event_time: time, payload });
const postingPayload = (o: Record<string, unknown> = {}) => {
  const { id: _id, ...p } = posting(o as never);
  return { employer_credit_code: EMPLOYER, employer_name: '成都精工机械有限公司', source: 'job_fair', ...p };
};
const seekerPayload = (o: Record<string, unknown> = {}) => {
  const { id: _id, ...s } = seeker(o as never);
  return s;
};

async function ingest(lines: string[], name: string) {
  const file = join(dir, name);
  await writeFile(file, `${lines.join('\n')}\n`);
  await withStore({ path: db }, (store) => ingestFiles({ store, from: [file], progress: false }));
}

async function match() {
  return runMatchJob({
    core: CoreConfig.parse({ db, outboxDir: join(dir, 'outbox') }),
    config: defaultMatchingConfig(),
    mode: 'full',
    now: NOW,
  });
}

async function withHost<T>(fn: (host: StoreHost) => Promise<T>): Promise<T> {
  const host = await StoreHost.open({ path: db });
  try {
    return await fn(host);
  } finally {
    await host.close();
  }
}

const recommendedPostings = (runId: string) =>
  withStore({ path: db }, async (s) =>
    (
      await s.all<{ posting_id: string }>('SELECT DISTINCT posting_id FROM recommendations WHERE run_id = $run_id ORDER BY 1', {
        run_id: runId,
      })
    ).map((r) => r.posting_id),
  );

beforeAll(async () => {
  configureLogging({ level: 'warn' });
  dir = await mkdtemp(join(tmpdir(), 'lf-review-desk-'));
  db = join(dir, 'lf.duckdb');
  await ingest(
    [
      env('posting', 'P-good', postingPayload({ commitment_accepted: true })),
      env('posting', 'P-bad', postingPayload({ title: '数控车床操作工', region_code: '510105', skills: ['车床操作', '看图纸'] })),
      env('seeker', 'S-1', seekerPayload({})),
      env('seeker', 'S-2', seekerPayload({ contact_channel: 'sms' })),
    ],
    'in.ndjson',
  );
  // Arrives later: last in the queue.
  await ingest(
    [
      env(
        'posting',
        'P-biased',
        postingPayload({ title: '车床学徒', description: '女士勿扰，仅限40岁以下' }),
        1,
        '2026-06-26T08:00:00+08:00',
      ),
    ],
    'later.ndjson',
  );
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the review desk', () => {
  it('matches nothing before review: untrusted postings wait in the queue, oldest first, flags explained', async () => {
    const run = await match();
    expect(run.stats.postings).toBe(0);
    expect(await recommendedPostings(run.run_id)).toEqual([]);
    await withHost(async (host) => {
      const queue = await reviewQueue(host, REVIEWER);
      expect(queue.total).toBe(3);
      expect(queue.items.at(-1)!.posting_id).toBe('P-biased');
      const biased = queue.items.find((i) => i.posting_id === 'P-biased')!;
      expect(biased.blocking).toBe(true);
      expect(biased.findings.map((f) => f.category)).toEqual(expect.arrayContaining(['gender', 'age']));
      expect(biased.findings.every((f) => /[\u4e00-\u9fff]/.test(f.zh) && /[a-z]/i.test(f.en))).toBe(true);
      expect(queue.items.find((i) => i.posting_id === 'P-good')!.commitment_notice?.zh).toContain('书面承诺');
      expect((await reviewQueue(host, REVIEWER, { blockingOnly: true })).items.map((i) => i.posting_id)).toEqual(['P-biased']);
      expect((await reviewQueue(host, OTHER_REVIEWER)).total).toBe(0);
    });
  });

  it('a reviewer approves one posting and rejects another; the next match run recommends the approved one only', async () => {
    await withHost(async (host) => {
      const approved = await approvePosting(host, REVIEWER, { postingId: 'P-good', version: 1 });
      expect(approved).toMatchObject({ changed: true, review: { state: 'approved', decided_by: 'rv-li', auto_approved: false } });
      await expect(rejectPosting(host, REVIEWER, { postingId: 'P-bad', version: 1 })).rejects.toMatchObject({
        code: 'REVIEW_REASON_REQUIRED',
      });
      const rejected = await rejectPosting(host, REVIEWER, { postingId: 'P-bad', version: 1, reason: '单位资质未核实' });
      expect(rejected.review).toMatchObject({ state: 'rejected', reason: '单位资质未核实' });
      expect((await reviewQueue(host, REVIEWER)).items.map((i) => i.posting_id)).toEqual(['P-biased']);
    });
    const run = await match();
    expect(await recommendedPostings(run.run_id)).toEqual(['P-good']);
    // Pushes carry the commitment mark (policy: commitment-acceptance).
    const files = await readdir(join(dir, 'outbox', 'recommendations'));
    const lines = (await Promise.all(files.map((f) => readFile(join(dir, 'outbox', 'recommendations', f), 'utf8'))))
      .join('')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).value);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((m) => m.posting_id === 'P-good' && m.posting.commitment_accepted === true && m.commitment_notice.zh)).toBe(true);
  });

  it('keeps the history of every decision, refuses stale versions, and needs a reason to approve over a block finding', async () => {
    await withHost(async (host) => {
      await expect(approvePosting(host, REVIEWER, { postingId: 'P-biased', version: 1 })).rejects.toMatchObject({
        code: 'REVIEW_REASON_REQUIRED',
      });
      await expect(approvePosting(host, REVIEWER, { postingId: 'P-biased', version: 2, reason: 'x' })).rejects.toMatchObject({
        code: 'INPUT_INVALID',
      });
      await expect(approvePosting(host, REVIEWER, { postingId: 'P-biased', version: 2, reason: '已核实' })).rejects.toMatchObject({
        reason: 'conflict',
        code: 'REVIEW_VERSION_STALE',
      });
      await expect(approvePosting(host, OTHER_REVIEWER, { postingId: 'P-biased', version: 1 })).rejects.toMatchObject({
        reason: 'not_found',
      });
      const returned = await returnPosting(host, REVIEWER, { postingId: 'P-biased', version: 1, reason: '删除性别和年龄限制后重新提交' });
      expect(returned.review.state).toBe('returned');
      expect(
        (await returnPosting(host, REVIEWER, { postingId: 'P-biased', version: 1, reason: '删除性别和年龄限制后重新提交' })).changed,
      ).toBe(false);
      expect((await approvePosting(host, REVIEWER, { postingId: 'P-good', version: 1 })).changed).toBe(false);
    });
    // The corrected version comes in and is reviewed anew: clean now, pending for a person.
    await ingest(
      [
        env(
          'posting',
          'P-biased',
          postingPayload({ title: '车床学徒', description: '男女不限，有车床经验优先' }),
          2,
          '2026-06-28T08:00:00+08:00',
        ),
      ],
      'v2.ndjson',
    );
    await withHost(async (host) => {
      const { review, decisions } = await postingReview(host, REVIEWER, 'P-biased');
      expect(review).toMatchObject({ posting_version: 2, state: 'pending', blocking: false });
      expect(decisions.map((d) => [d.posting_version, d.action, d.state_before, d.state_after, d.actor])).toEqual([
        [1, 'return', 'pending', 'returned', 'rv-li'],
      ]);
      await approvePosting(host, REVIEWER, { postingId: 'P-biased', version: 2 });
      const after = await postingReview(host, REVIEWER, 'P-biased');
      expect(after.decisions.map((d) => d.action)).toEqual(['return', 'approve']);
    });
    const history = await withStore({ path: db }, (s) =>
      s.all<{ posting_id: string; action: string }>('SELECT posting_id, action FROM posting_review_decisions ORDER BY decision_id'),
    );
    expect(history).toEqual([
      { posting_id: 'P-good', action: 'approve' },
      { posting_id: 'P-bad', action: 'reject' },
      { posting_id: 'P-biased', action: 'return' },
      { posting_id: 'P-biased', action: 'approve' },
    ]);
  });
});
