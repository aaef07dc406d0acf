import { csvField } from './parseCsv.ts';
import type { TitleCoder } from './TitleCoder.ts';

/**
 * Codes titles (one per line of `input`; blank lines skipped) and returns the CSV
 * `title,code,rank,score`: `top` rows per title (fewer only when the classification has fewer
 * entries), rank 1 = best. A title whose best candidate scores below `minScore` (default 0.1: a
 * few shared characters) is not coded: one row with an empty code and score 0, so every input
 * title appears in the output.
 */
export function codeTitlesCsv(
  coder: TitleCoder,
  input: string,
  top: number,
  minScore = 0.1,
): { csv: string; titles: number; uncoded: number } {
  const lines = ['title,code,rank,score'];
  let titles = 0;
  let uncoded = 0;
  const all = input
    .split(/\r?\n/)
    .map((raw) => raw.trim())
    .filter(Boolean);
  coder.prepare?.(all);
  for (const title of all) {
    titles++;
    // The title is coded when its best candidate reaches minScore; then all `top` candidates are
    // printed, the weaker ones with their low scores, so `--top N` gives N rows.
    const candidates = coder.code(title, top);
    const coded = (candidates[0]?.score ?? 0) >= minScore ? candidates : [];
    if (coded.length === 0) {
      uncoded++;
      lines.push(`${csvField(title)},,1,0`);
    }
    coded.forEach((c, i) => lines.push(`${csvField(title)},${c.code},${i + 1},${c.score.toFixed(4)}`));
  }
  return { csv: `${lines.join('\n')}\n`, titles, uncoded };
}
