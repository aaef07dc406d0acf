/**
 * Admission for readers of a shared store: at most `limit` run at once, the rest wait in
 * arrival order. Each DuckDB statement occupies one of libuv's few pool threads (4 by default)
 * and a core while it runs; without a bound, eight analysts' queries fill the pool and the
 * writer's statements queue behind them, so ingest stalls. The limit can change while running.
 */
export class ReadGate {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private max: number) {
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`reader limit must be a positive integer, got ${max}`);
  }

  get limit(): number {
    return this.max;
  }

  set limit(value: number) {
    this.max = Math.max(1, Math.floor(value));
    this.admit();
  }

  /** Readers running now. */
  get running(): number {
    return this.active;
  }

  /** Readers waiting for a slot. */
  get queued(): number {
    return this.waiting.length;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    const leave = await this.enter();
    try {
      return await fn();
    } finally {
      leave();
    }
  }

  /**
   * Waits for a slot and holds it until the returned function is called (once; later calls do
   * nothing): for a reader whose work outlives one call, such as a result streamed to a client.
   */
  async enter(): Promise<() => void> {
    if (this.active >= this.max) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.active--;
      this.admit();
    };
  }

  private admit(): void {
    while (this.active < this.max && this.waiting.length > 0) {
      this.active++;
      this.waiting.shift()!();
    }
  }
}
