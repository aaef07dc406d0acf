import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { configureLogging } from '../../src/core/Logger.ts';
import { importPostings } from '../../src/import/importPostings.ts';
import { loadMappingSync } from '../../src/import/loadMapping.ts';
import { ingestFiles } from '../../src/ingest/ingestFiles.ts';
import { PostingReviewStep, sweepUnreviewedPostings } from '../../src/review/automaticReview.ts';
import { ReviewConfig } from '../../src/review/ReviewConfig.ts';
import { reviewQueue } from '../../src/review/reviewDesk.ts';
import type { DuckDBStore } from '../../src/store/DuckDBStore.ts';
import { StoreHost } from '../../src/store/StoreHost.ts';
import { completeCreditCode } from '../../src/validation/creditCode.ts';
import { ndjson, posting } from '../helpers/envelopes.ts';
import { tempDir, withDuckDB } from '../helpers/withDuckDB.ts';

interface ReviewRow {
  posting_id: string;
  posting_version: number;
  state: string;
  blocking: boolean;
  categories: string[];
  trusted_source: string | null;
  auto_approved: boolean;
  findings: string;
  decided_by: string | null;
}

const reviews = (store: DuckDBStore) =>
  store.all<ReviewRow>('SELECT *, CAST(findings AS VARCHAR) AS findings FROM posting_reviews ORDER BY posting_id, posting_version');
const byId = async (store: DuckDBStore) => new Map((await reviews(store)).map((r) => [r.posting_id, r]));

const TRUST_PORTAL = ReviewConfig.parse({ trustedSources: ['pes_portal'] });
const REVIEWER = { name: 'reviewer-xt', region: '130500' };

beforeAll(() => configureLogging({ level: 'warn' }));

describe('the automatic review at ingest', () => {
  it('flags "女士勿扰，仅限40岁以下" on a pending posting before any match, and leaves a clean untrusted posting pending', async () => {
    await withDuckDB(async (store, dir) => {
      const file = join(dir, 'postings.ndjson');
      writeFileSync(
        file,
        ndjson([
          posting('P-biased', { status: 'pending_review', description: '女士勿扰，仅限40岁以下。操作数控车床。', source: 'jobboard' }),
          posting('P-clean', { title: '电焊工', source: 'jobboard' }),
        ]),
      );
      await ingestFiles({ store, from: [file], progress: false });
      const rows = await byId(store);
      const biased = rows.get('P-biased')!;
      expect(biased.state).toBe('pending');
      expect(biased.blocking).toBe(true);
      expect(biased.categories).toEqual(expect.arrayContaining(['gender', 'age']));
      const findings = JSON.parse(biased.findings) as { category: string; zh: string; en: string; evidence: string }[];
      const gender = findings.find((f) => f.category === 'gender')!;
      expect(gender.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(gender.en).toMatch(/Employment Promotion Law|women|gender/i);
      expect(rows.get('P-clean')).toMatchObject({ state: 'pending', blocking: false, auto_approved: false, trusted_source: null });
      expect(await store.all('SELECT * FROM match_runs')).toHaveLength(0);
      // The reviewer of the region sees both, oldest first, the flags explained.
      const queue = await reviewQueue(store, REVIEWER);
      expect(queue.items.map((i) => i.posting_id).sort()).toEqual(['P-biased', 'P-clean']);
      expect(
        queue.items
          .find((i) => i.posting_id === 'P-biased')!
          .findings.map((f) => f.label_zh)
          .join(),
      ).toMatch(/性别|年龄/);
      // Another county's reviewer sees neither.
      expect((await reviewQueue(store, { name: 'reviewer-bd', region: '130600' })).total).toBe(0);
    });
  });

  it("approves a trusted source's clean posting automatically and records it; a trusted posting with a block finding waits", async () => {
    await withDuckDB(async (store, dir) => {
      const file = join(dir, 'postings.ndjson');
      writeFileSync(
        file,
        ndjson([
          posting('P-portal', { source: 'pes_portal' }),
          posting('P-portal-biased', { title: '仓库管理员', description: '限男性，35岁以下', source: 'pes_portal' }),
          posting('P-board', { title: '装配工', source: 'jobboard' }),
        ]),
      );
      await ingestFiles({ store, from: [file], progress: false, review: TRUST_PORTAL });
      const rows = await byId(store);
      expect(rows.get('P-portal')).toMatchObject({
        state: 'approved',
        auto_approved: true,
        trusted_source: 'source=pes_portal',
        decided_by: 'system',
      });
      expect(rows.get('P-portal-biased')).toMatchObject({ state: 'pending', auto_approved: false, blocking: true });
      expect(rows.get('P-board')).toMatchObject({ state: 'pending', auto_approved: false, trusted_source: null });
      const decisions = await store.all<{ posting_id: string; action: string; actor: string; state_after: string }>(
        'SELECT posting_id, action, actor, state_after FROM posting_review_decisions',
      );
      expect(decisions).toEqual([{ posting_id: 'P-portal', action: 'auto_approve', actor: 'system', state_after: 'approved' }]);
    });
  });

  it('trusts by ingest source, with a pattern on where the batch came from', async () => {
    await withDuckDB(async (store, dir) => {
      const file = join(dir, 'trusted-feed.ndjson');
      writeFileSync(file, ndjson([posting('P-feed', { source: null })]));
      await ingestFiles({
        store,
        from: [file],
        progress: false,
        review: ReviewConfig.parse({ trustedSources: [{ ingest: '*/trusted-*.ndjson' }] }),
      });
      expect((await byId(store)).get('P-feed')).toMatchObject({ state: 'approved', trusted_source: 'ingest=*/trusted-*.ndjson' });
    });
  });

  it('a crash between a batch and its review (the step skipped) is caught by the sweep; the step and the sweep are idempotent', async () => {
    await withDuckDB(async (store, dir) => {
      const file = join(dir, 'postings.ndjson');
      writeFileSync(
        file,
        ndjson([posting('P-1', { source: 'pes_portal' }), posting('P-2', { title: '女工，限25岁以下', source: 'pes_portal' })]),
      );
      await ingestFiles({ store, from: [file], progress: false, review: false });
      expect(await reviews(store)).toHaveLength(0);
      const swept = await sweepUnreviewedPostings(store, TRUST_PORTAL);
      expect(swept).toMatchObject({ reviewed: 2, autoApproved: 1, blocking: 1 });
      const rows = await byId(store);
      expect(rows.get('P-1')!.state).toBe('approved');
      expect(rows.get('P-2')!.state).toBe('pending');
      expect((await sweepUnreviewedPostings(store, TRUST_PORTAL)).reviewed).toBe(0);
      const step = await PostingReviewStep.open(store, TRUST_PORTAL);
      expect(await step.afterCommit()).toBeNull();
      // A new version is reviewed anew: the earlier version's row stays as history.
      writeFileSync(file, ndjson([posting('P-1', { title: '数控车工（急招）', source: 'pes_portal' }, { version: 2 })]));
      await ingestFiles({ store, from: [file], progress: false, review: TRUST_PORTAL });
      const p1 = (await reviews(store)).filter((r) => r.posting_id === 'P-1');
      expect(p1.map((r) => [r.posting_version, r.state])).toEqual([
        [1, 'approved'],
        [2, 'approved'],
      ]);
      expect(await store.all('SELECT * FROM posting_review_decisions')).toHaveLength(2);
    });
  });

  it('flags the second of two identical postings as a duplicate, and an employer name known under another code', async () => {
    await withDuckDB(async (store, dir) => {
      const other = completeCreditCode('91130500MA0XYWQT1');
      await store.run(
        `INSERT INTO enterprise_reports (id, version, event_time, employer_credit_code, employer_name, region_code, industry_code, period,
           headcount_baseline, headcount_now, insured_headcount, layoffs_this_period, planned_layoffs, production_status, wage_arrears,
           closure_notice, ingested_at)
         VALUES ('E1', 1, now(), $code, '邢台市宏达纺织有限公司', '130506', 'C17', '2026-02', 100, 100, 90, 0, 0, 'normal', false, 'none', now())`,
        { code: other },
      );
      const file = join(dir, 'postings.ndjson');
      writeFileSync(
        file,
        ndjson([
          posting('P-a', { title: '招聘：数控车床操作工' }),
          posting('P-b', { title: '数控车床操作工（急招）' }),
          posting('P-borrowed', { title: '挡车工', employer_name: '邢台市宏达纺织有限公司' }),
        ]),
      );
      await ingestFiles({ store, from: [file], progress: false });
      const rows = await byId(store);
      expect(rows.get('P-a')!.categories).not.toContain('duplicate');
      expect(rows.get('P-b')!.categories).toContain('duplicate');
      expect(rows.get('P-borrowed')!.categories).toContain('employer_identity');
    });
  });

  it('reviews every posting importPostings stores', async () => {
    await withDuckDB(async (store) => {
      const result = await importPostings(store, {
        path: fileURLToPath(new URL('../import/fixtures/jobboard-sample.csv', import.meta.url)),
        mapping: loadMappingSync('jobboard'),
        postedDate: '2026-03-01',
      });
      expect(result.summary.stored).toBeGreaterThan(5);
      const [counts] = await store.all<{ postings: number; reviewed: number; pending: number }>(
        `SELECT (SELECT count(*) FROM postings) AS postings,
                (SELECT count(*) FROM posting_reviews r JOIN postings p ON p.id = r.posting_id AND p.version = r.posting_version) AS reviewed,
                (SELECT count(*) FROM posting_reviews WHERE state = 'pending') AS pending`,
      );
      expect(counts).toEqual({ postings: result.summary.stored, reviewed: result.summary.stored, pending: result.summary.stored });
    });
  });

  it("under serve, the step after a commit does not queue behind the analysts' readers at the read gate", async () => {
    const { dir, cleanup } = tempDir();
    const host = await StoreHost.open({ path: join(dir, 'serve.duckdb'), maxReaders: 1 });
    try {
      const step = await PostingReviewStep.open(host, TRUST_PORTAL);
      const file = join(dir, 'postings.ndjson');
      writeFileSync(file, ndjson([posting('P-gate', { source: 'pes_portal' })]));
      await host.write((store) => ingestFiles({ store, from: [file], progress: false, review: false }));
      // An analyst's long query holds the only reader slot for the whole step.
      const leave = await host.readGate.enter();
      try {
        const result = await Promise.race([step.afterCommit(), new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 5_000))]);
        expect(result).toMatchObject({ reviewed: 1, autoApproved: 1 });
        expect(host.readGate.queued).toBe(0);
      } finally {
        leave();
      }
    } finally {
      await host.close();
      cleanup();
    }
  });
});
