import { mulberry32 } from '../core/mulberry32.ts';
import type { Occupation } from './Occupation.ts';

/**
 * Deterministic evaluation split of the aliases: within each occupation the aliases are
 * shuffled with a seeded generator (mulberry32 seeded from the seed and the code) and a share
 * `holdout` of them is held out; the fractional part is rounded at random (seeded), so
 * occupations with a single alias are held out about `holdout` of the time too. Held-out
 * aliases are removed from the training occupations entirely — the coders never see them.
 */
export interface HeldOutTitle {
  title: string;
  code: string;
}

export { mulberry32 };

function hash(text: string, seed: number): number {
  let h = 2166136261 ^ seed;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

export function holdoutSplit(
  occupations: readonly Occupation[],
  holdout: number,
  seed: number,
): { train: Occupation[]; test: HeldOutTitle[] } {
  if (!(holdout > 0 && holdout < 1)) throw new RangeError(`holdout must be in (0, 1), got ${holdout}`);
  const train: Occupation[] = [];
  const test: HeldOutTitle[] = [];
  for (const o of occupations) {
    const rng = mulberry32(hash(o.code, seed));
    const aliases = [...o.aliases];
    for (let i = aliases.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [aliases[i], aliases[j]] = [aliases[j]!, aliases[i]!];
    }
    const exact = aliases.length * holdout;
    const k = Math.floor(exact) + (rng() < exact - Math.floor(exact) ? 1 : 0);
    for (const title of aliases.slice(0, k)) test.push({ title, code: o.code });
    train.push({ ...o, aliases: aliases.slice(k) });
  }
  return { train, test };
}
