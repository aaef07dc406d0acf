import { DISCRIMINATION_KINDS, detectDiscrimination } from './detectDiscrimination.ts';

export interface ReviewLinesResult {
  /** CSV `line,flagged,categories`, header first. */
  csv: string;
  lines: number;
  flagged: number;
}

/**
 * The automatic text review on one posting text per line (`labourflow review check`): every
 * input line gets a row, blank lines included (flagged false), so `line` (from 1) always points
 * back at the input; categories are the detected kinds, `;`-separated, always in the order of
 * DISCRIMINATION_KINDS (gender, marital, ethnicity, religion, origin, health, disability, age) so
 * that two runs diff cleanly.
 */
export function reviewLinesCsv(input: string): ReviewLinesResult {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines.at(-1) === '') lines.pop(); // the newline ending the last line opens no new one
  const rows = ['line,flagged,categories'];
  let flagged = 0;
  lines.forEach((line, i) => {
    const found = new Set(detectDiscrimination(line).map((f) => f.kind));
    const kinds = DISCRIMINATION_KINDS.filter((k) => found.has(k));
    if (kinds.length > 0) flagged++;
    rows.push(`${i + 1},${kinds.length > 0},${kinds.join(';')}`);
  });
  return { csv: `${rows.join('\n')}\n`, lines: lines.length, flagged };
}
