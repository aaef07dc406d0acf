import type { HeldOutTitle } from './holdoutSplit.ts';
import type { TitleCoder } from './TitleCoder.ts';

/** Accuracy at 1 and at 5 of a coder on held-out titles, and its throughput. */
export interface CoderScore {
  coder: string;
  titles: number;
  acc1: number;
  acc5: number;
  titlesPerSecond: number;
}

export function evaluateCoder(coder: TitleCoder, test: readonly HeldOutTitle[]): CoderScore {
  let hit1 = 0;
  let hit5 = 0;
  const start = performance.now();
  for (const { title, code } of test) {
    const codes = coder.code(title, 5).map((c) => c.code);
    if (codes[0] === code) hit1++;
    if (codes.includes(code)) hit5++;
  }
  const seconds = (performance.now() - start) / 1000;
  const n = Math.max(1, test.length);
  return { coder: coder.name, titles: test.length, acc1: hit1 / n, acc5: hit5 / n, titlesPerSecond: test.length / Math.max(seconds, 1e-9) };
}
