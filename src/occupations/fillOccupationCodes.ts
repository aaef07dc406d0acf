import type { TitleCoder } from './TitleCoder.ts';

/** What coding reads and fills: a posting's title and code, a seeker's desired titles and occupations. */
interface CodablePosting {
  title: string;
  occupation_code?: string | null;
}
interface CodableSeeker {
  desired_titles: string[];
  desired_occupations: string[];
}

export interface FillCounts {
  postings_coded: number;
  postings_uncoded: number;
  seekers_coded: number;
  seekers_uncoded: number;
}

/**
 * Gives postings without an occupation code, and seekers who name desired titles but no desired
 * occupations, the code their title maps to (src/occupations), when the coder is at
 * least `minScore` sure. Returns new records; the stored rows are not changed. Each distinct title
 * is coded once.
 */
export function fillOccupationCodes<P extends CodablePosting, S extends CodableSeeker>(
  postings: readonly P[],
  seekers: readonly S[],
  coder: TitleCoder,
  minScore: number,
): { postings: P[]; seekers: S[]; counts: FillCounts } {
  const cache = new Map<string, string | null>();
  const codeOf = (title: string): string | null => {
    let code = cache.get(title);
    if (code === undefined) {
      const best = coder.code(title, 1)[0];
      code = best && best.score >= minScore ? best.code : null;
      cache.set(title, code);
    }
    return code;
  };
  const titles = new Set<string>();
  for (const p of postings) if (!p.occupation_code) titles.add(p.title);
  for (const s of seekers) if (s.desired_occupations.length === 0) for (const t of s.desired_titles) titles.add(t);
  coder.prepare?.([...titles]);
  const counts: FillCounts = { postings_coded: 0, postings_uncoded: 0, seekers_coded: 0, seekers_uncoded: 0 };
  const outPostings = postings.map((p) => {
    if (p.occupation_code) return p;
    const code = codeOf(p.title);
    if (!code) {
      counts.postings_uncoded++;
      return p;
    }
    counts.postings_coded++;
    return { ...p, occupation_code: code };
  });
  const outSeekers = seekers.map((s) => {
    if (s.desired_occupations.length > 0 || s.desired_titles.length === 0) return s;
    const codes = [...new Set(s.desired_titles.map(codeOf).filter((c): c is string => c !== null))];
    if (codes.length === 0) {
      counts.seekers_uncoded++;
      return s;
    }
    counts.seekers_coded++;
    return { ...s, desired_occupations: codes };
  });
  return { postings: outPostings, seekers: outSeekers, counts };
}
