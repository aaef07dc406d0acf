import type { ReviewFinding } from './ReviewFinding.ts';

/** What makes two postings the same job: employer, normalised title, region, and when each is live. */
export interface PostingFingerprint {
  posting_id: string;
  employer_credit_code: string;
  title_key: string;
  region_code: string;
  /** First day live (posted_date). */
  from: string;
  /** Last day live (expiry_date); null = open-ended. */
  to: string | null;
}

export type LivePostingIndex = ReadonlyMap<string, readonly PostingFingerprint[]>;

/**
 * A title reduced to the job it names: NFKC, lower case, bracketed asides ("（急招）", "【包吃住】")
 * and leading recruiting words (招聘, 急招, 诚聘 …, never a bare 招: 招商专员 stays) dropped, spaces and
 * punctuation removed.
 */
export function normalizeTitle(title: string): string {
  return title
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[(（[【<《{][^)）\]】>》}]*[)）\]】>》}]/g, '')
    .replace(/^\s*(?:高薪招聘|急招|急聘|诚聘|诚招|直招|招聘)\s*/, '')
    .replace(/[\s\p{P}\p{S}]+/gu, '');
}

export function postingFingerprint(p: {
  id: string;
  employer_credit_code: string;
  title: string;
  region_code: string;
  posted_date: string;
  expiry_date?: string | null;
}): PostingFingerprint {
  return {
    posting_id: p.id,
    employer_credit_code: p.employer_credit_code,
    title_key: normalizeTitle(p.title),
    region_code: p.region_code,
    from: p.posted_date,
    to: p.expiry_date ?? null,
  };
}

const keyOf = (f: Pick<PostingFingerprint, 'employer_credit_code' | 'region_code' | 'title_key'>) =>
  `${f.employer_credit_code}\u0000${f.region_code}\u0000${f.title_key}`;

/** Groups the live postings' fingerprints by employer, region and title, so a check is one lookup. */
export function indexLivePostings(fingerprints: Iterable<PostingFingerprint>): LivePostingIndex {
  const index = new Map<string, PostingFingerprint[]>();
  for (const f of fingerprints) {
    const key = keyOf(f);
    const list = index.get(key);
    if (list) list.push(f);
    else index.set(key, [f]);
  }
  return index;
}

/** Adds one fingerprint to an index built by indexLivePostings (the review step's postings, as they are reviewed). */
export function addToLiveIndex(index: Map<string, PostingFingerprint[]>, fingerprint: PostingFingerprint): void {
  const key = keyOf(fingerprint);
  const list = index.get(key);
  if (list) list.push(fingerprint);
  else index.set(key, [fingerprint]);
}

/** ISO dates compare as strings; an open end is later than every date. */
const overlaps = (a: PostingFingerprint, b: PostingFingerprint) => a.from <= (b.to ?? '9999-12-31') && b.from <= (a.to ?? '9999-12-31');

/**
 * A duplicate of a live posting: same employer credit code, same normalised title, same region,
 * and live windows that overlap. The posting's own earlier versions (same id) are not duplicates.
 * Duplicates inflate the demand side of supply-and-demand figures and reach seekers twice.
 */
export function checkDuplicatePosting(fingerprint: PostingFingerprint, live: LivePostingIndex): ReviewFinding[] {
  const same = (live.get(keyOf(fingerprint)) ?? []).filter((f) => f.posting_id !== fingerprint.posting_id && overlaps(f, fingerprint));
  if (same.length === 0) return [];
  const ids = same.map((f) => f.posting_id);
  const shown = ids.slice(0, 5).join(', ') + (ids.length > 5 ? ` … (${ids.length})` : '');
  return [
    {
      check: 'duplicate',
      category: 'duplicate',
      severity: 'block',
      label_zh: '重复岗位',
      label_en: 'duplicate posting',
      // biome-ignore format: Chinese text, split to keep each line within 160 bytes
      zh:
        `同一用人单位在同一地区已有在招的相同岗位（${shown}），招聘期相互重叠。` +
        `请确认是否重复发布，必要时合并或退回。`,
      en:
        `The same employer already has the same job live in the same region (${shown}) over an overlapping period. Confirm ` +
        `whether it is posted twice; merge or return it if so.`,
      evidence: ids.join(','),
    },
  ];
}
