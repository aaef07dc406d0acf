import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureLogging } from '../../src/core/Logger.ts';
import { ingestFiles } from '../../src/ingest/ingestFiles.ts';
import { withSession } from '../../src/query/AnalyticsSession.ts';
import { QueryPack } from '../../src/query/QueryPack.ts';
import { runNamedQuery } from '../../src/query/runNamedQuery.ts';
import { ReviewConfig } from '../../src/review/ReviewConfig.ts';
import { approvePosting, rejectPosting, returnPosting } from '../../src/review/reviewDesk.ts';
import { withStore } from '../../src/store/DuckDBStore.ts';
import { ndjson, posting } from '../helpers/envelopes.ts';

/**
 * The analysts' review queries read the review desk's states and decisions: worked out by hand
 * from a handful of postings in 南和区 (130506) and 信都区 (130503).
 */
let dir: string;
let db: string;
let pack: QueryPack;
const REVIEWER = { name: 'rv-xt', region: '130500' };

const rowsOf = async (name: string, params: Record<string, string> = {}, scope?: string) =>
  withSession({ db, scope }, async (s) => {
    const r = await runNamedQuery(s, pack.get(name), params);
    return r.rows.map((row) => Object.fromEntries(r.columns.map((c, i) => [c.name, row[i]]))) as Array<Record<string, unknown>>;
  });

beforeAll(async () => {
  configureLogging({ level: 'warn' });
  pack = await QueryPack.load();
  dir = await mkdtemp(join(tmpdir(), 'lf-review-queries-'));
  db = join(dir, 'lf.duckdb');
  const file = join(dir, 'in.ndjson');
  await writeFile(
    file,
    ndjson([
      // 南和区: one auto-approved on commitment, one approved by a person, one rejected, one returned, two waiting.
      posting('N-auto', { title: '装配工', source: 'pes_portal', commitment_accepted: true, posted_date: '2026-03-01' }),
      posting('N-ok', { title: '质检员', source: 'jobboard', posted_date: '2026-03-01' }),
      posting('N-no', { title: '仓管员', source: 'jobboard', posted_date: '2026-03-02' }),
      posting('N-back', { title: '叉车司机', source: 'jobboard', posted_date: '2026-03-02' }),
      posting('N-wait-old', { title: '保洁员', source: 'jobboard', posted_date: '2026-02-20', description: '不招信教人员，不招残疾人' }),
      posting('N-wait-new', { title: '厨师', source: 'jobboard', posted_date: '2026-03-09' }),
      // 信都区: one waiting.
      posting('X-wait', { title: '电工', source: 'jobboard', region_code: '130503', posted_date: '2026-03-05' }),
    ]),
  );
  await withStore({ path: db }, async (store) => {
    await ingestFiles({ store, from: [file], progress: false, review: ReviewConfig.parse({ trustedSources: ['pes_portal'] }) });
    await approvePosting(store, REVIEWER, { postingId: 'N-ok', version: 1 });
    await rejectPosting(store, REVIEWER, { postingId: 'N-no', version: 1, reason: '虚假招聘' });
    await returnPosting(store, REVIEWER, { postingId: 'N-back', version: 1, reason: '补充工作地点' });
  });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the review queries', () => {
  it('posting-review-backlog counts states from the decisions', async () => {
    const rows = await rowsOf('posting-review-backlog', { as_of: '2026-03-10', review_days: '3' });
    const nanhe = rows.find((r) => r.region_code === '130506')!;
    expect(nanhe).toMatchObject({
      awaiting_review: 2, // N-wait-old, N-wait-new
      awaiting_flagged: 1, // N-wait-old: religion, disability
      overdue: 1, // N-wait-old: 2026-02-20 < 2026-03-07
      returned: 1,
      rejected: 1,
      approved: 2,
      approved_automatically: 1,
      published_on_commitment: 1,
      reviewer_decisions: 3,
    });
    expect(String(nanhe.oldest_pending)).toBe('2026-02-20');
    expect(rows.find((r) => r.region_code === '130503')).toMatchObject({ awaiting_review: 1, approved: 0, reviewer_decisions: 0 });
    // A county's analyst sees their county only.
    expect((await rowsOf('posting-review-backlog', { as_of: '2026-03-10' }, '130503')).map((r) => r.region_code)).toEqual(['130503']);
  });

  it('flagged-postings lists the automatic findings, new kinds included, and the commitment and stale flags', async () => {
    const rows = await rowsOf('flagged-postings', { as_of: '2026-03-10' });
    const of = (id: string) => rows.filter((r) => r.posting_id === id).map((r) => r.flag);
    expect(of('N-wait-old')).toEqual(expect.arrayContaining(['discriminatory_religion', 'discriminatory_disability', 'stale_review']));
    expect(rows.find((r) => r.flag === 'discriminatory_disability')!.detail).toMatch(/^block: .*残疾/);
    expect(rows.find((r) => r.flag === 'discriminatory_disability')!.review_state).toBe('pending');
    expect(of('N-auto')).toEqual(['commitment']);
    expect(of('N-ok')).toEqual([]);
    expect(of('N-wait-new')).toEqual([]);
  });
});
