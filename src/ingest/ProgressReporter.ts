/**
 * Progress on stderr for long runs: a rewritten line on a terminal, a line every few seconds
 * otherwise (CI logs), nothing for runs shorter than the first interval.
 */
export class ProgressReporter {
  private lastAt = 0;
  private readonly started = Date.now();
  private wroteInline = false;

  constructor(
    private readonly label: string,
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly intervalMs = stream.isTTY ? 250 : 5000,
  ) {}

  update(fields: { done: number; total?: number; unit?: string; extra?: string }): void {
    const now = Date.now();
    if (now - this.lastAt < this.intervalMs || now - this.started < 1000) return;
    this.lastAt = now;
    const seconds = (now - this.started) / 1000;
    const rate = Math.round(fields.done / Math.max(seconds, 0.001));
    const pct = fields.total ? ` ${((100 * fields.done) / fields.total).toFixed(1)}%` : '';
    const line =
      `${this.label}:${pct} ${fields.done.toLocaleString('en-US')} ${fields.unit ?? 'records'} ` +
      `(${rate.toLocaleString('en-US')}/s)${fields.extra ? ` ${fields.extra}` : ''}`;
    if (this.stream.isTTY) {
      this.stream.write(`\r${line}\x1b[K`);
      this.wroteInline = true;
    } else {
      this.stream.write(`${line}\n`);
    }
  }

  done(): void {
    if (this.wroteInline) this.stream.write('\r\x1b[K');
    this.wroteInline = false;
  }
}
