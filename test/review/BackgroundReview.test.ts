import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { configureLogging } from '../../src/core/Logger.ts';
import { ingestFiles } from '../../src/ingest/ingestFiles.ts';
import { sweepUnreviewedPostings } from '../../src/review/automaticReview.ts';
import { BackgroundReview } from '../../src/review/BackgroundReview.ts';
import { ReviewConfig } from '../../src/review/ReviewConfig.ts';
import type { DuckDBStore } from '../../src/store/DuckDBStore.ts';
import { completeCreditCode } from '../../src/validation/creditCode.ts';
import { ndjson, posting, seeker } from '../helpers/envelopes.ts';
import { withDuckDB } from '../helpers/withDuckDB.ts';

const TRUST_PORTAL = ReviewConfig.parse({ trustedSources: ['pes_portal'] });

/** Everything a review row says about its posting, without the clock (reviewed_at, decided_at, submitted_at). */
const verdicts = (store: DuckDBStore) =>
  store.all<Record<string, unknown>>(
    `SELECT posting_id, posting_version, region_code, state, CAST(findings AS VARCHAR) AS findings, blocking, categories, source,
            ingest_batch_id, trusted_source, auto_approved, commitment_accepted, decided_by, reason
     FROM posting_reviews ORDER BY posting_id, posting_version`,
  );

/**
 * 120 postings and 120 seekers interleaved, so each batch holds both. Every tenth from the 30th repeats
 * the title of one 20 earlier, same employer (a duplicate across batches, hence across review steps); some carry
 * a blocking requirement; every third comes from the trusted portal.
 */
function mixedFeed(): string {
  const employers = [completeCreditCode('91130500MA0ABCDE1'), completeCreditCode('91130500MA0XYWQT1')];
  const lines: unknown[] = [];
  for (let i = 0; i < 120; i++) {
    const repeat = i >= 30 && i % 10 === 0;
    lines.push(
      posting(`P-${String(i).padStart(3, '0')}`, {
        title: repeat ? `数控车床操作工${i - 20}` : `数控车床操作工${i}`,
        employer_credit_code: employers[i % 2],
        description: i % 7 === 0 ? '仅限男性，35岁以下。操作数控车床。' : '操作数控车床，按图纸加工零件。',
        source: i % 3 === 0 ? 'pes_portal' : 'jobboard',
      }),
    );
    lines.push(seeker(`S-${String(i).padStart(3, '0')}`));
  }
  return ndjson(lines);
}

beforeAll(() => configureLogging({ level: 'warn' }));

describe('BackgroundReview: the posting review beside a file ingest', () => {
  it('reviews in steps while the batches commit, exactly as one review after the ingest would', async () => {
    const beside = await withDuckDB(async (store, dir) => {
      const file = join(dir, 'feed.ndjson');
      writeFileSync(file, mixedFeed());
      const result = await ingestFiles({
        store,
        from: [file],
        progress: false,
        batchSize: 20,
        parallel: false,
        review: TRUST_PORTAL,
        reviewEvery: 30,
      });
      expect(result.review).toMatchObject({ reviewed: 120 });
      expect(result.review!.blocking).toBeGreaterThan(0);
      expect(result.review!.autoApproved).toBeGreaterThan(0);
      // Each chunk of a step stamps its own reviewed_at: several stamps mean several steps.
      const stamps = await store.all<{ steps: number }>('SELECT count(DISTINCT reviewed_at) AS steps FROM posting_reviews');
      expect(stamps[0]!.steps).toBeGreaterThan(2);
      return verdicts(store);
    });
    const after = await withDuckDB(async (store, dir) => {
      const file = join(dir, 'feed.ndjson');
      writeFileSync(file, mixedFeed());
      await ingestFiles({ store, from: [file], progress: false, batchSize: 20, parallel: false, review: false });
      expect(await store.all('SELECT * FROM posting_reviews')).toHaveLength(0);
      await sweepUnreviewedPostings(store, TRUST_PORTAL);
      return verdicts(store);
    });
    expect(beside).toHaveLength(120);
    expect(beside).toEqual(after);
    const duplicates = beside.filter((r) => (r.categories as string[]).includes('duplicate')).map((r) => r.posting_id);
    expect(duplicates).toContain('P-030');
    expect(duplicates).not.toContain('P-010');
  });

  it('starts no step before enough records are stored, and finish reviews the rest and returns null when nothing was stored', async () => {
    await withDuckDB(async (store, dir) => {
      const review = await BackgroundReview.create(store, TRUST_PORTAL, { every: 1_000 });
      const file = join(dir, 'two.ndjson');
      writeFileSync(file, ndjson([posting('P-1', { source: 'pes_portal' }), posting('P-2', { title: '挡车工' })]));
      await ingestFiles({ store, from: [file], progress: false, review: false });
      review.committed(2);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await store.all('SELECT * FROM posting_reviews')).toHaveLength(0);
      expect(await review.finish()).toMatchObject({ reviewed: 2, autoApproved: 1 });
      expect(await store.all('SELECT * FROM posting_reviews')).toHaveLength(2);

      const idle = await BackgroundReview.create(store, TRUST_PORTAL);
      expect(await idle.finish()).toBeNull();
    });
  });
  it('for a stream, reviews what fewer than `every` records left within maxDelayMs, without waiting for finish', async () => {
    await withDuckDB(async (store, dir) => {
      const review = await BackgroundReview.create(store, TRUST_PORTAL, { every: 1_000_000, maxDelayMs: 30 });
      try {
        const file = join(dir, 'one.ndjson');
        writeFileSync(file, ndjson([posting('P-1', { source: 'pes_portal' })]));
        await ingestFiles({ store, from: [file], progress: false, review: false });
        review.committed(1);
        let rows: unknown[] = [];
        for (let waited = 0; rows.length === 0 && waited < 5_000; waited += 20) {
          await new Promise((resolve) => setTimeout(resolve, 20));
          rows = await store.all('SELECT * FROM posting_reviews');
        }
        expect(rows).toHaveLength(1);
      } finally {
        expect(await review.finish()).toMatchObject({ reviewed: 1, autoApproved: 1 });
      }
    });
  });
});
