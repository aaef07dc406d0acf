import { z } from 'zod';
import { CASE_OUTCOMES, CASE_STATUSES, PLAN_STEP_KINDS, PLAN_STEP_STATUSES } from '../../cases/caseVocabulary.ts';
import { REVIEW_STATES } from '../../review/reviewDesk.ts';
import { ReviewFinding } from '../../review/ReviewFinding.ts';

/**
 * The response shapes of the review desk and the caseworker console routes (review.ts,
 * cases.ts): what src/review/reviewDesk.ts and src/cases/caseDesk.ts answer, described for the
 * serializer and /openapi.json.
 */
export const Label = z.object({ zh: z.string(), en: z.string() });

export const ReviewItemBody = z.object({
  posting_id: z.string(),
  posting_version: z.number().int(),
  state: z.enum(REVIEW_STATES),
  state_label: Label,
  blocking: z.boolean().describe('a block finding: a person decides, and approving needs a reason'),
  findings: z.array(ReviewFinding).describe('the automatic review, each finding explained in Chinese (zh) and English (en)'),
  categories: z.array(z.string()),
  source: z.string().nullable(),
  ingest_source: z.string().nullable(),
  trusted_source: z.string().nullable(),
  auto_approved: z.boolean(),
  commitment_accepted: z.boolean().describe('accepted on a written commitment (001 §3)'),
  commitment_notice: Label.nullable(),
  submitted_at: z.string(),
  reviewed_at: z.string(),
  waiting_hours: z.number().int(),
  decided_by: z.string().nullable(),
  decided_at: z.string().nullable(),
  reason: z.string().nullable(),
  posting: z.object({
    title: z.string(),
    employer_name: z.string().nullable(),
    employer_credit_code: z.string(),
    region_code: z.string(),
    region_name: z.string().nullable(),
    salary_min: z.number(),
    salary_max: z.number().nullable(),
    employment_type: z.string(),
    status: z.string(),
    headcount: z.number(),
    posted_date: z.string(),
    expiry_date: z.string().nullable(),
    expired: z.boolean(),
    description: z.string(),
  }),
});

export const ReviewQueueBody = z.object({ total: z.number().int(), items: z.array(ReviewItemBody) });

export const ReviewDecisionBody = z.object({
  decision_id: z.number(),
  posting_id: z.string(),
  posting_version: z.number().int(),
  action: z.enum(['auto_approve', 'approve', 'reject', 'return']),
  state_before: z.enum(REVIEW_STATES),
  state_after: z.enum(REVIEW_STATES),
  actor: z.string(),
  reason: z.string().nullable(),
  decided_at: z.string(),
});

export const PostingReviewBody = z.object({ review: ReviewItemBody, decisions: z.array(ReviewDecisionBody) });
export const DecisionResultBody = z.object({
  changed: z.boolean().describe('false when the version was already in that state: nothing written'),
  review: ReviewItemBody,
});

export const CaseSummaryBody = z.object({
  case_id: z.string(),
  seeker_id: z.string(),
  office_region: z.string().nullable(),
  office_name: z.string().nullable(),
  status: z.enum(CASE_STATUSES),
  status_label: Label,
  tier: z.string(),
  stage: Label.nullable(),
  points: z.number(),
  reasons: Label,
  runs_flagged: z.number(),
  recommendations: z.number(),
  assigned_to: z.string().nullable(),
  assigned_at: z.string().nullable(),
  opened_at: z.string(),
  waiting_days: z.number().int(),
  updated_at: z.string(),
  last_contact_date: z.string().nullable(),
  next_contact_date: z.string().nullable(),
  contact_due: z.boolean(),
  closed_at: z.string().nullable(),
  closed_by: z.string().nullable(),
  outcome: z.enum(CASE_OUTCOMES).nullable(),
  outcome_label: Label.nullable(),
  outcome_note: z.string().nullable(),
  open_steps: z.number().int(),
  seeker: z.object({
    residence_region: z.string(),
    residence_name: z.string().nullable(),
    employment_status: z.string(),
    key_groups: z.array(z.string()),
    contact_channel: z.string(),
    registration_date: z.string().nullable(),
  }),
});

export const CaseQueueBody = z.object({
  total: z.number().int(),
  counts: z.array(
    z.object({
      tier: z.string(),
      status: z.enum(CASE_STATUSES),
      cases: z.number(),
      unassigned: z.number(),
      longest_wait_days: z.number(),
    }),
  ),
  items: z.array(CaseSummaryBody),
});

export const PlanStepBody = z.object({
  step_id: z.string(),
  kind: z.enum(PLAN_STEP_KINDS),
  kind_label: Label,
  description: z.string(),
  posting_id: z.string().nullable(),
  run_id: z.string().nullable(),
  due_date: z.string(),
  status: z.enum(PLAN_STEP_STATUSES),
  status_label: Label,
  overdue: z.boolean(),
  note: z.string().nullable(),
  created_by: z.string(),
  created_at: z.string(),
  updated_by: z.string(),
  updated_at: z.string(),
});

export const CaseEventBody = z.object({
  event_id: z.number(),
  kind: z.string(),
  actor: z.string(),
  happened_at: z.string(),
  detail: z.record(z.string(), z.unknown()),
  run_id: z.string().nullable(),
  follow_up_id: z.string().nullable(),
  step_id: z.string().nullable(),
});

export const CaseDetailBody = z.object({ case: CaseSummaryBody, plan: z.array(PlanStepBody), events: z.array(CaseEventBody) });

export const ContactResultBody = CaseDetailBody.extend({
  follow_up_id: z.string().describe('the follow-up ledger record written for this contact'),
  recorded: z.boolean().describe('false when the same request_id was recorded before: nothing written twice'),
});

export const SeekerRecommendationBody = z.object({
  run_id: z.string(),
  posting_id: z.string(),
  rank: z.number(),
  score: z.number(),
  grade: z.string(),
  tier: z.string(),
  channel: z.string(),
  explanation: Label,
  top_factors: z.array(z.string()),
  skills_gap: z.array(z.string()),
  policy_hints: z.array(z.object({ policy: z.string(), zh: z.string(), en: z.string(), amount_cny: z.number().nullable() })),
  pushed: z.boolean(),
  created_at: z.string(),
  posting: z.object({
    title: z.string().nullable(),
    employer_name: z.string().nullable(),
    region_code: z.string().nullable(),
    region_name: z.string().nullable(),
    salary_min: z.number().nullable(),
    salary_max: z.number().nullable(),
    employment_type: z.string().nullable(),
    status: z.string().nullable(),
    review_state: z.string().nullable(),
    commitment_accepted: z.boolean(),
    commitment_notice: Label.nullable(),
  }),
  referred: z.boolean(),
});
