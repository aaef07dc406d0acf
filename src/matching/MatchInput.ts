import type { PointsTable } from '../tiering/PointsTable.ts';
import type { CandidateOptions } from './CandidateIndex.ts';
import type { SeekerCandidates } from './capacityAllocator.ts';
import type { MatchingConfig } from './MatchingConfig.ts';
import type { MatchHistory, MatchPosting, MatchSeeker } from './matchTypes.ts';

/** Everything one matching run works on: plain data, so the run can split across threads. */
export interface MatchInput {
  seekers: readonly MatchSeeker[];
  postings: readonly MatchPosting[];
  config: MatchingConfig;
  now: Date;
  history?: MatchHistory;
  points?: PointsTable;
  /**
   * Incremental runs: seekers in `changedSeekers` are scored against every posting, the others
   * only against postings in `changedPostings`. Omit both for a full run.
   */
  changedSeekers?: ReadonlySet<string>;
  changedPostings?: ReadonlySet<string>;
  /** Score every seeker against every posting (the exact baseline); default is the fast path. */
  exact?: boolean;
  candidateOptions?: CandidateOptions;
  /** Maps one written skill to canonical skill ids (synonyms); default: normalised text. */
  canonicalSkill?: (skill: string) => string[];
}

/** Ranked candidates of a range of seekers: what a score worker hands back. */
export interface ScoredRange {
  lists: SeekerCandidates[];
  pairs: number;
  seekers: number;
}
