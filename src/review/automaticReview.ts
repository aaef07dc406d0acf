import { BIGINT, BOOLEAN, DuckDBDataChunk, type DuckDBValue, LIST, listValue, VARCHAR } from '@duckdb/node-api';
import { Logger } from '../core/Logger.ts';
import type { DuckDBStore } from '../store/DuckDBStore.ts';
import { addToLiveIndex, indexLivePostings, type PostingFingerprint, postingFingerprint } from './checkDuplicatePosting.ts';
import { knownEmployerCodes } from './checkEmployerIdentity.ts';
import { type DeskStoreLike, deskStore } from './DeskStore.ts';
import { MinimumWages } from './MinimumWages.ts';
import { type ReviewConfig, trustMatcher } from './ReviewConfig.ts';
import { hasBlockingFinding } from './ReviewFinding.ts';
import { reviewPosting } from './reviewPosting.ts';
import { sqlFile } from '../store/sqlFile.ts';

/** Which postings a step reviews: those of the ingest batches in (afterBatch, upToBatch], or every posting (the sweep). */
export type ReviewSelection = { all: true } | { afterBatch: number; upToBatch: number };

export interface AutomaticReviewResult {
  /** Posting versions given a review row. */
  reviewed: number;
  /** Of those, approved automatically (trusted source, no block finding). */
  autoApproved: number;
  /** Of those, with a block finding (wait for a reviewer whatever the source). */
  blocking: number;
  /** Findings by category (gender, age, minimum_wage, duplicate, …). */
  byCategory: Record<string, number>;
  ms: number;
}

/** The columns of sql/review/unreviewed_postings.sql: what the checks and the trust rule read. */
type UnreviewedRow = {
  id: string;
  version: number;
  employer_credit_code: string;
  employer_name: string | null;
  title: string;
  region_code: string;
  salary_min: number;
  employment_type: string;
  status: string;
  posted_date: string;
  expiry_date: string | null;
  description: string;
  source: string | null;
  ingest_source: string | null;
};

/** review_stage's columns (sql/review/review_stage.sql), in order. */
const STAGE_TYPES = [VARCHAR, BIGINT, VARCHAR, VARCHAR, BOOLEAN, LIST(VARCHAR), VARCHAR, BOOLEAN];
/** DuckDB's vector size: the most rows one data chunk holds. */
const STAGE_CHUNK_ROWS = 2048;

/**
 * Versions reviewed per transaction: bounds memory and the write lock's hold. The step after
 * commits runs beside the ingest, where its chunk's texts add to the ingest's own peak (1M-record
 * file: 822 MiB peak RSS with 20,000, 739 with 5,000, no slower). Each chunk re-selects from every
 * unreviewed version, so the sweep of a whole store takes bigger ones (400k postings: 16.9 s in
 * chunks of 20,000, 20.8 s in chunks of 5,000).
 */
const STEP_CHUNK = 5_000;
const SWEEP_CHUNK = 20_000;

let wagesOnce: Promise<MinimumWages> | null = null;
const minimumWages = () => {
  wagesOnce ??= MinimumWages.load();
  return wagesOnce;
};

const mayGoLive = (status: string) => status === 'published' || status === 'pending_review';

/** The coarse employer-name key the known-employer read narrows by (see sql/review/known_employers.sql). */
export function coarseNameKey(name: string): string {
  return name.replace(/\s+/g, '').replaceAll('（', '(').replaceAll('）', ')').toUpperCase();
}

/**
 * The automatic review before publication (policy: posting-review; collect → review → publish → match, policy: posting-review):
 * every selected posting version without a review row gets one, with the findings of
 * `reviewPosting` (discrimination, minimum wage, credit code, employer identity, duplicates)
 * against what the store knows. A version from a trusted source with no block finding is approved
 * automatically, and the row and the decision history say so; every other version is pending.
 * Idempotent: a version reviewed once is never reviewed again, so a repeated or overlapping call
 * changes nothing.
 */
export async function reviewUnreviewedPostings(
  target: DeskStoreLike,
  config: ReviewConfig,
  selection: ReviewSelection,
  options: { chunkSize?: number } = {},
): Promise<AutomaticReviewResult> {
  const started = performance.now();
  const desk = deskStore(target);
  const trusted = trustMatcher(config);
  const wages = await minimumWages();
  const chunk = options.chunkSize ?? ('all' in selection ? SWEEP_CHUNK : STEP_CHUNK);
  const total: AutomaticReviewResult = { reviewed: 0, autoApproved: 0, blocking: 0, byCategory: {}, ms: 0 };
  for (;;) {
    const done = await desk.write((store) => reviewChunk(store, selection, chunk, trusted, wages, total));
    if (done < chunk) break;
  }
  total.ms = Math.round(performance.now() - started);
  if (total.reviewed > 0) {
    Logger.for('review').info('postings_reviewed', {
      selection: 'all' in selection ? 'sweep' : `batches ${selection.afterBatch + 1}..${selection.upToBatch}`,
      reviewed: total.reviewed,
      auto_approved: total.autoApproved,
      blocking: total.blocking,
      by_category: total.byCategory,
      ms: total.ms,
    });
  }
  return total;
}

/** The sweep: every posting version still without a review row (a step lost to a crash, a store that predates the review). */
export function sweepUnreviewedPostings(target: DeskStoreLike, config: ReviewConfig): Promise<AutomaticReviewResult> {
  return reviewUnreviewedPostings(target, config, { all: true });
}

async function reviewChunk(
  store: DuckDBStore,
  selection: ReviewSelection,
  limit: number,
  trusted: ReturnType<typeof trustMatcher>,
  wages: MinimumWages,
  total: AutomaticReviewResult,
): Promise<number> {
  const all = 'all' in selection;
  const cols = await store.columns<UnreviewedRow>(await sqlFile('review/unreviewed_postings'), {
    all,
    after: all ? 0 : selection.afterBatch,
    upto: all ? 0 : selection.upToBatch,
    limit,
  });
  const count = cols.id.length;
  if (count === 0) return 0;
  const rows: UnreviewedRow[] = [];
  for (let i = 0; i < count; i++) {
    rows.push({
      id: cols.id[i]!,
      version: cols.version[i]!,
      employer_credit_code: cols.employer_credit_code[i]!,
      employer_name: cols.employer_name[i]!,
      title: cols.title[i]!,
      region_code: cols.region_code[i]!,
      salary_min: cols.salary_min[i]!,
      employment_type: cols.employment_type[i]!,
      status: cols.status[i]!,
      posted_date: cols.posted_date[i]!,
      expiry_date: cols.expiry_date[i]!,
      description: cols.description[i]!,
      source: cols.source[i]!,
      ingest_source: cols.ingest_source[i]!,
    });
  }
  const nameKeys = [...new Set(rows.flatMap((r) => (r.employer_name ? [coarseNameKey(r.employer_name)] : [])))];
  const known = knownEmployerCodes(
    await store.all<{ name: string; code: string }>(await sqlFile('review/known_employers'), { keys: JSON.stringify(nameKeys) }),
  );
  const pairKeys = [...new Set(rows.map((r) => `${r.employer_credit_code}|${r.region_code}`))];
  const live: PostingFingerprint[] = (
    await store.all<{
      id: string;
      employer_credit_code: string;
      title: string;
      region_code: string;
      posted_date: string;
      expiry_date: string | null;
    }>(await sqlFile('review/live_fingerprints'), { keys: JSON.stringify(pairKeys) })
  ).map(postingFingerprint);
  const liveIndex = indexLivePostings(live) as Map<string, PostingFingerprint[]>;
  const stage: DuckDBValue[][] = STAGE_TYPES.map(() => []);
  for (const r of rows) {
    const findings = reviewPosting(
      {
        id: r.id,
        employer_credit_code: r.employer_credit_code,
        employer_name: r.employer_name ?? undefined,
        title: r.title,
        region_code: r.region_code,
        salary_min: r.salary_min,
        employment_type: r.employment_type as never,
        posted_date: r.posted_date,
        expiry_date: r.expiry_date,
        description: r.description,
      },
      // A posting the source has filled, withdrawn or let expire duplicates nothing that matters.
      { minimumWages: wages, knownEmployerCodes: known, livePostings: mayGoLive(r.status) ? liveIndex : undefined },
    );
    const blocking = hasBlockingFinding(findings);
    // Later postings of this chunk are compared with the earlier ones that may go live (no block
    // finding, as in live_fingerprints.sql): the second of two is the duplicate.
    if (mayGoLive(r.status) && !blocking) {
      addToLiveIndex(liveIndex, postingFingerprint(r));
    }
    const trustedBy = trusted({ source: r.source, ingestSource: r.ingest_source });
    const autoApproved = trustedBy !== null && !blocking;
    total.reviewed++;
    if (autoApproved) total.autoApproved++;
    if (blocking) total.blocking++;
    for (const f of findings) total.byCategory[f.category] = (total.byCategory[f.category] ?? 0) + 1;
    const verdict: DuckDBValue[] = [
      r.id,
      BigInt(r.version),
      autoApproved ? 'approved' : 'pending',
      JSON.stringify(findings),
      blocking,
      listValue([...new Set(findings.map((f) => f.category))]),
      trustedBy,
      autoApproved,
    ];
    verdict.forEach((v, c) => stage[c]!.push(v));
  }
  await store.run(await sqlFile('review/review_stage'));
  await appendStage(store, stage);
  const now = new Date().toISOString();
  await store.run(await sqlFile('review/insert_reviews'), { now });
  await store.run(await sqlFile('review/insert_auto_decisions'), { now });
  return count;
}

/** Fills review_stage with the chunk's verdicts (columns in STAGE_TYPES order), a vector at a time. */
async function appendStage(store: DuckDBStore, stage: DuckDBValue[][]): Promise<void> {
  const appender = await store.connection.createAppender('review_stage', 'main', 'temp');
  try {
    const rows = stage[0]!.length;
    for (let start = 0; start < rows; start += STAGE_CHUNK_ROWS) {
      const end = Math.min(rows, start + STAGE_CHUNK_ROWS);
      const chunk = DuckDBDataChunk.create(STAGE_TYPES, end - start);
      stage.forEach((values, c) => chunk.setColumnValues(c, values.slice(start, end)));
      appender.appendDataChunk(chunk);
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

/**
 * The automatic review hooked after ingest commits (files, imports, each Kafka transaction):
 * `open` notes the newest batch already committed, `afterCommit` reviews the postings of the
 * batches committed since, then moves the mark on. It never fails the ingest it follows: the
 * rows are committed whatever happens here, and a posting left without a review row is not
 * approved (so never matched) until the sweep reviews it.
 */
export class PostingReviewStep {
  private readonly log = Logger.for('review');

  private constructor(
    private readonly target: DeskStoreLike,
    private readonly config: ReviewConfig,
    private mark: number,
  ) {}

  static async open(target: DeskStoreLike, config: ReviewConfig): Promise<PostingReviewStep> {
    const mark = await deskStore(target).read(async (store) => batchMark(store));
    return new PostingReviewStep(target, config, mark);
  }

  /** The newest batch this step has reviewed up to. */
  get reviewedThrough(): number {
    return this.mark;
  }

  async afterCommit(): Promise<AutomaticReviewResult | null> {
    try {
      // On the writer, not a reader: under `serve` readers wait at the read gate behind the
      // analysts' queries, and ingest waits for this step, so a read here would hold every
      // commit behind a queue of long queries (measured: ingest at a seventh of its speed).
      const upTo = await deskStore(this.target).write(async (store) => batchMark(store));
      if (upTo <= this.mark) return null;
      const result = await reviewUnreviewedPostings(this.target, this.config, { afterBatch: this.mark, upToBatch: upTo });
      this.mark = upTo;
      return result;
    } catch (error) {
      this.log.error('review_step_failed', {
        after_batch: this.mark,
        error: (error as Error).message ?? String(error),
        effect: 'the postings stay unreviewed (not matched) until the sweep reviews them: `labourflow review sweep`, or the next match run',
      });
      return null;
    }
  }
}

/** Two reviews' results as one (a command that stored several files reports them together). */
export function addReviewResults(a: AutomaticReviewResult, b: AutomaticReviewResult): AutomaticReviewResult {
  const byCategory = { ...a.byCategory };
  for (const [k, n] of Object.entries(b.byCategory)) byCategory[k] = (byCategory[k] ?? 0) + n;
  return {
    reviewed: a.reviewed + b.reviewed,
    autoApproved: a.autoApproved + b.autoApproved,
    blocking: a.blocking + b.blocking,
    byCategory,
    ms: a.ms + b.ms,
  };
}

/** One line for a command's output: what the automatic review did with the postings just stored. */
export function formatReviewLine(r: AutomaticReviewResult): string {
  return (
    `automatic review (001 §2): ${r.reviewed} posting version(s) reviewed, ${r.autoApproved} approved automatically ` +
    `(trusted source), ${r.reviewed - r.autoApproved} waiting for a reviewer (${r.blocking} with a blocking finding)\n`
  );
}

async function batchMark(store: DuckDBStore): Promise<number> {
  const rows = await store.all<{ mark: number }>(await sqlFile('review/batch_mark'));
  return Number(rows[0]?.mark ?? 0);
}
