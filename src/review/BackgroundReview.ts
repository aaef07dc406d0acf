import { DuckDBStore } from '../store/DuckDBStore.ts';
import { type AutomaticReviewResult, addReviewResults, PostingReviewStep } from './automaticReview.ts';
import type { ReviewConfig } from './ReviewConfig.ts';

/**
 * Stored records between two review steps: a step has a fixed cost (the anti-join against every
 * review row, the live postings of the chunk's employers), so one per commit of 10,000 records
 * would spend more on that than on the postings themselves.
 */
export const BACKGROUND_REVIEW_EVERY = 50_000;

/**
 * The automatic posting review (policy: posting-review) running beside a file ingest instead of
 * after it, on a connection of its own to the same DuckDB instance. The review only reads the
 * postings the ingest commits and inserts review rows the ingest never touches, so the two never
 * conflict, and the review's work (reading postings back, the checks, its inserts) overlaps the
 * ingest's decoding and merging instead of adding to them: on a 1M-record file the review had
 * been half the command's wall time.
 *
 * Steps run one at a time, each over the batches committed since the last (PostingReviewStep), so
 * postings are still reviewed in batch order and the second of two duplicates is the one flagged,
 * as when the review ran after the ingest. `finish` reviews what the last step left.
 */
export class BackgroundReview {
  private running: Promise<void> | null = null;
  private sinceStep = 0;
  private timer: NodeJS.Timeout | null = null;
  private result: AutomaticReviewResult | null = null;

  private constructor(
    private readonly step: PostingReviewStep,
    private readonly connection: DuckDBStore,
    private readonly every: number,
    private readonly maxDelayMs: number | null,
  ) {}

  /**
   * `every`: stored records that start a step (default BACKGROUND_REVIEW_EVERY). `maxDelayMs`: for
   * a stream, which may never reach `every`, the longest a stored posting waits for its step.
   */
  static async create(
    store: DuckDBStore,
    config: ReviewConfig,
    options: { every?: number; maxDelayMs?: number } = {},
  ): Promise<BackgroundReview> {
    const connection = await DuckDBStore.onInstance(store.instance, store.path);
    try {
      const step = await PostingReviewStep.open(connection, config);
      return new BackgroundReview(step, connection, options.every ?? BACKGROUND_REVIEW_EVERY, options.maxDelayMs ?? null);
    } catch (error) {
      await connection.close();
      throw error;
    }
  }

  /** After a commit of `records` stored records: starts a step when enough have come since the last and none is running. */
  committed(records: number): void {
    this.sinceStep += records;
    this.schedule();
  }

  /** Waits for a running step, reviews every batch committed since, closes the connection; the steps' results together. */
  async finish(): Promise<AutomaticReviewResult | null> {
    this.clearTimer();
    this.sinceStep = 0;
    try {
      await this.running;
      await this.runStep();
      return this.result;
    } finally {
      this.clearTimer();
      await this.connection.close();
    }
  }

  private schedule(): void {
    if (this.running || this.sinceStep === 0) return;
    if (this.sinceStep >= this.every) {
      this.start();
    } else if (this.maxDelayMs !== null && !this.timer) {
      this.timer = setTimeout(() => {
        this.timer = null;
        if (!this.running && this.sinceStep > 0) this.start();
      }, this.maxDelayMs);
    }
  }

  private start(): void {
    this.clearTimer();
    this.sinceStep = 0;
    this.running = this.runStep().finally(() => {
      this.running = null;
      // What committed while the step ran: the next step now, or within maxDelayMs.
      this.schedule();
    });
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Never rejects: PostingReviewStep.afterCommit logs a failure and leaves the postings to the sweep. */
  private async runStep(): Promise<void> {
    const done = await this.step.afterCommit();
    if (done) this.result = this.result ? addReviewResults(this.result, done) : done;
  }
}
