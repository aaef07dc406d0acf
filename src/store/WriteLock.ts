/**
 * First come, first served exclusive access: the one writing connection of a store is used by
 * one holder at a time (an ingest batch, a match run's write, a user's action), so a writer
 * never fails on a lock and never runs a statement inside another's transaction.
 */
export class WriteLock {
  private tail: Promise<void> = Promise.resolve();
  private waiting = 0;

  /** Holders queued or running. */
  get queued(): number {
    return this.waiting;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.waiting++;
    try {
      await previous;
      return await fn();
    } finally {
      this.waiting--;
      release();
    }
  }
}
