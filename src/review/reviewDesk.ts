import { z } from 'zod';
import { RequestError } from '../core/PipelineError.ts';
import { Logger } from '../core/Logger.ts';
import { commitmentNotice } from './commitmentMark.ts';
import type { DuckDBStore } from '../store/DuckDBStore.ts';
import { Regions } from '../validation/Regions.ts';
import { type Actor, actorScopePrefix, parseInput } from './Actor.ts';
import { type DeskStoreLike, deskStore } from './DeskStore.ts';
import { ReviewFinding } from './ReviewFinding.ts';
import { sqlFile } from '../store/sqlFile.ts';

/** The review states of a posting version (policy: posting-review: reviewed before publication; only `approved` is matched and pushed). */
export const REVIEW_STATES = ['pending', 'approved', 'rejected', 'returned'] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

export const REVIEW_STATE_LABELS: Readonly<Record<ReviewState, { zh: string; en: string }>> = {
  pending: { zh: '待审核', en: 'pending review' },
  approved: { zh: '审核通过', en: 'approved' },
  rejected: { zh: '审核不通过', en: 'rejected' },
  returned: { zh: '退回修改', en: 'returned for correction' },
};

/** A posting version as the reviewer sees it: the posting, its automatic findings (zh and en), its state. */
export interface ReviewItem {
  posting_id: string;
  posting_version: number;
  state: ReviewState;
  state_label: { zh: string; en: string };
  /** A `block` finding: it waits for a person whatever the source; approving it needs a reason. */
  blocking: boolean;
  findings: ReviewFinding[];
  categories: string[];
  source: string | null;
  ingest_source: string | null;
  trusted_source: string | null;
  auto_approved: boolean;
  /** Accepted on a written commitment (policy: commitment-acceptance), with the mark's wording. */
  commitment_accepted: boolean;
  commitment_notice: { zh: string; en: string } | null;
  submitted_at: string;
  reviewed_at: string;
  /** Hours since this version arrived. */
  waiting_hours: number;
  decided_by: string | null;
  decided_at: string | null;
  reason: string | null;
  posting: {
    title: string;
    employer_name: string | null;
    employer_credit_code: string;
    region_code: string;
    region_name: string | null;
    salary_min: number;
    salary_max: number | null;
    employment_type: string;
    status: string;
    headcount: number;
    posted_date: string;
    expiry_date: string | null;
    expired: boolean;
    description: string;
  };
}

export interface ReviewDecision {
  decision_id: number;
  posting_id: string;
  posting_version: number;
  action: 'auto_approve' | 'approve' | 'reject' | 'return';
  state_before: ReviewState;
  state_after: ReviewState;
  actor: string;
  reason: string | null;
  decided_at: string;
}

interface ReviewRow {
  posting_id: string;
  posting_version: number;
  state: ReviewState;
  blocking: boolean;
  findings: string;
  categories: string[];
  source: string | null;
  ingest_source: string | null;
  trusted_source: string | null;
  auto_approved: boolean;
  commitment_accepted: boolean;
  submitted_ms: number;
  reviewed_ms: number;
  decided_by: string | null;
  decided_ms: number | null;
  reason: string | null;
  title: string;
  employer_name: string | null;
  employer_credit_code: string;
  region_code: string;
  salary_min: number;
  salary_max: number | null;
  employment_type: string;
  status: string;
  headcount: number;
  posted_date: string;
  expiry_date: string | null;
  description: string;
  expired: boolean;
  total: number;
}

const iso = (ms: number) => new Date(Number(ms)).toISOString();

function toItem(r: ReviewRow, now: number): ReviewItem {
  return {
    posting_id: r.posting_id,
    posting_version: Number(r.posting_version),
    state: r.state,
    state_label: REVIEW_STATE_LABELS[r.state],
    blocking: r.blocking,
    findings: z.array(ReviewFinding).parse(JSON.parse(r.findings)),
    categories: r.categories,
    source: r.source,
    ingest_source: r.ingest_source,
    trusted_source: r.trusted_source,
    auto_approved: r.auto_approved,
    commitment_accepted: r.commitment_accepted,
    commitment_notice: commitmentNotice(r.commitment_accepted),
    submitted_at: iso(r.submitted_ms),
    reviewed_at: iso(r.reviewed_ms),
    waiting_hours: Math.max(0, Math.floor((now - Number(r.submitted_ms)) / 3_600_000)),
    decided_by: r.decided_by,
    decided_at: r.decided_ms === null ? null : iso(r.decided_ms),
    reason: r.reason,
    posting: {
      title: r.title,
      employer_name: r.employer_name,
      employer_credit_code: r.employer_credit_code,
      region_code: r.region_code,
      region_name: Regions.get().name(r.region_code) ?? null,
      salary_min: r.salary_min,
      salary_max: r.salary_max,
      employment_type: r.employment_type,
      status: r.status,
      headcount: r.headcount,
      posted_date: r.posted_date,
      expiry_date: r.expiry_date,
      expired: r.expired,
      description: r.description,
    },
  };
}

export const ReviewQueueQuery = z
  .object({
    states: z
      .array(z.enum(['pending', 'returned', 'approved', 'rejected']))
      .min(1)
      .default(['pending']),
    /** Only versions with a block finding. */
    blockingOnly: z.boolean().default(false),
    limit: z.number().int().min(1).max(1000).default(50),
    offset: z.number().int().min(0).default(0),
  })
  .strict();
export type ReviewQueueQuery = z.input<typeof ReviewQueueQuery>;

/**
 * The reviewer's queue (policy: posting-review): current versions of the postings of their region awaiting a
 * decision, oldest first, each with its automatic findings explained in Chinese and English.
 * Postings the source has filled, withdrawn or expired are not shown.
 */
export async function reviewQueue(
  target: DeskStoreLike,
  actor: Actor,
  query: ReviewQueueQuery = {},
): Promise<{ total: number; items: ReviewItem[] }> {
  const prefix = actorScopePrefix(actor);
  const q = parseInput(ReviewQueueQuery, query, 'review queue query');
  const rows = await deskStore(target).read(async (store) =>
    store.all<ReviewRow>(await sqlFile('review/queue'), {
      prefix,
      states: JSON.stringify(q.states),
      blocking_only: q.blockingOnly,
      limit: q.limit,
      offset: q.offset,
    }),
  );
  const now = Date.now();
  return { total: Number(rows[0]?.total ?? 0), items: rows.map((r) => toItem(r, now)) };
}

/** One posting's current review and every decision on it (all versions), or not_found outside the actor's region. */
export async function postingReview(
  target: DeskStoreLike,
  actor: Actor,
  postingId: string,
): Promise<{ review: ReviewItem; decisions: ReviewDecision[] }> {
  const prefix = actorScopePrefix(actor);
  return deskStore(target).read(async (store) => {
    const review = await currentReview(store, prefix, postingId);
    const decisions = await store.all<Omit<ReviewDecision, 'decided_at'> & { decided_ms: number }>(await sqlFile('review/decisions'), {
      posting_id: postingId,
    });
    return {
      review,
      decisions: decisions.map(({ decided_ms, ...d }) => ({
        ...d,
        posting_version: Number(d.posting_version),
        decided_at: iso(decided_ms),
      })),
    };
  });
}

async function currentReview(store: DuckDBStore, prefix: string, postingId: string): Promise<ReviewItem> {
  const [row] = await store.all<ReviewRow>(await sqlFile('review/posting_review'), { posting_id: postingId, prefix });
  if (!row) {
    throw new RequestError('not_found', `posting ${postingId} not found`, {
      code: 'POSTING_NOT_FOUND',
      hint: 'only postings of your region that have been through the automatic review can be reviewed',
    });
  }
  return toItem(row, Date.now());
}

const Reason = z.string().trim().min(2, { message: 'give a reason (at least 2 characters)' }).max(2000);

const DecisionInput = z
  .object({
    postingId: z.string().min(1).max(64),
    /** The version the reviewer saw: a decision on a version that has since been replaced is refused. */
    version: z.number().int().min(0),
    reason: Reason.optional(),
  })
  .strict();
export type DecisionInput = z.input<typeof DecisionInput>;

const ACTION_STATE = { approve: 'approved', reject: 'rejected', return: 'returned' } as const satisfies Record<string, ReviewState>;
type Action = keyof typeof ACTION_STATE;

/**
 * Approves a posting version for publication: from then on it is matched and pushed. Over a
 * block finding (e.g. a discriminatory requirement the reviewer judges lawful) a reason is required.
 */
export function approvePosting(target: DeskStoreLike, actor: Actor, input: DecisionInput): Promise<DecisionResult> {
  return decide(target, actor, 'approve', input);
}

/** Rejects a posting version, with the reason the employer is told (Employment Promotion Law arts. 26–31; policy: posting-review). */
export function rejectPosting(target: DeskStoreLike, actor: Actor, input: DecisionInput): Promise<DecisionResult> {
  return decide(target, actor, 'reject', input);
}

/** Returns a posting version to the employer for correction, with what to correct; the corrected version is reviewed anew. */
export function returnPosting(target: DeskStoreLike, actor: Actor, input: DecisionInput): Promise<DecisionResult> {
  return decide(target, actor, 'return', input);
}

export interface DecisionResult {
  /** false when the version was already in that state: nothing written. */
  changed: boolean;
  review: ReviewItem;
}

/** The one path by which a person changes a review: the state and a history row, in one transaction. */
async function decide(target: DeskStoreLike, actor: Actor, action: Action, raw: DecisionInput): Promise<DecisionResult> {
  const prefix = actorScopePrefix(actor);
  const input = parseInput(DecisionInput, raw, `${action} decision`);
  const to = ACTION_STATE[action];
  const result = await deskStore(target).write(async (store) => {
    const current = await currentReview(store, prefix, input.postingId);
    if (current.posting_version !== input.version) {
      throw new RequestError('conflict', `posting ${input.postingId} is at version ${current.posting_version}, not ${input.version}`, {
        code: 'REVIEW_VERSION_STALE',
        hint: 'the employer sent a new version since you opened it: review the current version',
      });
    }
    if (current.state === to) return { changed: false, review: current };
    if ((action === 'reject' || action === 'return') && !input.reason) {
      throw new RequestError('invalid', `a reason is required to ${action} a posting`, {
        code: 'REVIEW_REASON_REQUIRED',
        issues: [{ code: 'too_small', path: 'reason', message: 'required: the employer is told why' }],
      });
    }
    if (action === 'approve' && current.blocking && !input.reason) {
      throw new RequestError('invalid', `posting ${input.postingId} has a blocking finding: approving it needs a reason`, {
        code: 'REVIEW_REASON_REQUIRED',
        issues: [{ code: 'too_small', path: 'reason', message: 'required: why the finding does not stand' }],
        hint: `findings: ${current.findings
          .filter((f) => f.severity === 'block')
          .map((f) => f.label_en)
          .join(', ')}`,
      });
    }
    const at = new Date().toISOString();
    const common = { posting_id: input.postingId, posting_version: input.version, actor: actor.name, reason: input.reason ?? null, at };
    await store.run(await sqlFile('review/decide'), { ...common, state: to });
    await store.run(await sqlFile('review/insert_decision'), { ...common, action, state_before: current.state, state_after: to });
    return { changed: true, review: await currentReview(store, prefix, input.postingId) };
  });
  if (result.changed) {
    Logger.for('review').info('posting_decided', {
      posting_id: input.postingId,
      version: input.version,
      action,
      actor: actor.name,
    });
  }
  return result;
}
