import { z } from 'zod';
import { Logger } from '../core/Logger.ts';
import { RequestError } from '../core/PipelineError.ts';
import { IsoDate } from '../records/fields.ts';
import { type Actor, actorScopePrefix, parseInput } from '../review/Actor.ts';
import { commitmentNotice } from '../review/commitmentMark.ts';
import { type DeskStoreLike, deskStore } from '../review/DeskStore.ts';
import { sqlFile } from '../store/sqlFile.ts';
import type { DuckDBStore } from '../store/DuckDBStore.ts';
import { Regions } from '../validation/Regions.ts';
import {
  CASE_OUTCOME_LABELS,
  CASE_OUTCOMES,
  CASE_STATUS_LABELS,
  CASE_STATUSES,
  type CaseOutcome,
  type CaseStatus,
  FINAL_STEP_STATUSES,
  PLAN_STEP_KINDS,
  PLAN_STEP_LABELS,
  PLAN_STEP_STATUS_LABELS,
  PLAN_STEP_STATUSES,
  type PlanStepKind,
  type PlanStepStatus,
} from './caseVocabulary.ts';

/** The service stage of each caseworker tier (the "five-way" model's last two stages, policy: five-way-service). */
export const TIER_STAGES: Readonly<Record<string, { zh: string; en: string }>> = {
  T3: { zh: '分级指导服务', en: 'graded guidance by a counsellor' },
  T4: { zh: '专家重点服务', en: 'expert focused service' },
};

/** Registered unemployed are contacted at least once a month (policy: monthly-follow-up): the default next contact and when one is due. */
export const CONTACT_INTERVAL_DAYS = 30;

export interface CaseSummary {
  case_id: string;
  seeker_id: string;
  office_region: string | null;
  office_name: string | null;
  status: CaseStatus;
  status_label: { zh: string; en: string };
  tier: string;
  stage: { zh: string; en: string } | null;
  points: number;
  reasons: { zh: string; en: string };
  runs_flagged: number;
  recommendations: number;
  assigned_to: string | null;
  assigned_at: string | null;
  opened_at: string;
  /** Whole days since the case was opened. */
  waiting_days: number;
  updated_at: string;
  last_contact_date: string | null;
  next_contact_date: string | null;
  /** Open, and the agreed next contact has come, or a month has passed without one (policy: monthly-follow-up). */
  contact_due: boolean;
  closed_at: string | null;
  closed_by: string | null;
  outcome: CaseOutcome | null;
  outcome_label: { zh: string; en: string } | null;
  outcome_note: string | null;
  open_steps: number;
  seeker: {
    residence_region: string;
    residence_name: string | null;
    employment_status: string;
    key_groups: string[];
    contact_channel: string;
    registration_date: string | null;
  };
}

export interface CaseEvent {
  event_id: number;
  kind: string;
  actor: string;
  happened_at: string;
  detail: Record<string, unknown>;
  run_id: string | null;
  follow_up_id: string | null;
  step_id: string | null;
}

export interface PlanStep {
  step_id: string;
  kind: PlanStepKind;
  kind_label: { zh: string; en: string };
  description: string;
  posting_id: string | null;
  run_id: string | null;
  due_date: string;
  status: PlanStepStatus;
  status_label: { zh: string; en: string };
  overdue: boolean;
  note: string | null;
  created_by: string;
  created_at: string;
  updated_by: string;
  updated_at: string;
}

export interface CaseDetail {
  case: CaseSummary;
  plan: PlanStep[];
  events: CaseEvent[];
}

/** A case row as the desk reads it (sql/cases/case.sql). */
export interface CaseRow {
  case_id: string;
  seeker_id: string;
  office_region: string | null;
  status: CaseStatus;
  tier: string;
  points: number;
  reasons: string;
  reasons_en: string;
  runs_flagged: number;
  recommendations: number;
  assigned_to: string | null;
  assigned_ms: number | null;
  opened_ms: number;
  updated_ms: number;
  last_contact_date: string | null;
  next_contact_date: string | null;
  closed_ms: number | null;
  closed_by: string | null;
  outcome: CaseOutcome | null;
  outcome_note: string | null;
  residence_region: string;
  employment_status: string;
  key_groups: string[];
  contact_channel: string;
  registration_date: string | null;
  open_steps: number;
  total: number;
}

const iso = (ms: number) => new Date(Number(ms)).toISOString();
const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));
/** The calendar day in China (UTC+8, no daylight saving) at `ms`: the offices' day, not UTC's. */
export const chinaDate = (ms: number = Date.now()) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
/** YYYY-MM-DD plus whole days. */
export const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

function contactDue(r: CaseRow, on: string): boolean {
  if (r.status === 'closed') return false;
  if (r.next_contact_date) return r.next_contact_date <= on;
  return r.last_contact_date === null || addDays(r.last_contact_date, CONTACT_INTERVAL_DAYS) <= on;
}

function toSummary(r: CaseRow, now: number): CaseSummary {
  const regions = Regions.get();
  return {
    case_id: r.case_id,
    seeker_id: r.seeker_id,
    office_region: r.office_region,
    office_name: r.office_region ? (regions.name(r.office_region) ?? null) : null,
    status: r.status,
    status_label: CASE_STATUS_LABELS[r.status],
    tier: r.tier,
    stage: TIER_STAGES[r.tier] ?? null,
    points: r.points,
    reasons: { zh: r.reasons, en: r.reasons_en },
    runs_flagged: r.runs_flagged,
    recommendations: r.recommendations,
    assigned_to: r.assigned_to,
    assigned_at: isoOrNull(r.assigned_ms),
    opened_at: iso(r.opened_ms),
    waiting_days: Math.max(0, Math.floor((now - Number(r.opened_ms)) / 86_400_000)),
    updated_at: iso(r.updated_ms),
    last_contact_date: r.last_contact_date,
    next_contact_date: r.next_contact_date,
    contact_due: contactDue(r, chinaDate(now)),
    closed_at: isoOrNull(r.closed_ms),
    closed_by: r.closed_by,
    outcome: r.outcome,
    outcome_label: r.outcome ? CASE_OUTCOME_LABELS[r.outcome] : null,
    outcome_note: r.outcome_note,
    open_steps: Number(r.open_steps),
    seeker: {
      residence_region: r.residence_region,
      residence_name: regions.name(r.residence_region) ?? null,
      employment_status: r.employment_status,
      key_groups: r.key_groups,
      contact_channel: r.contact_channel,
      registration_date: r.registration_date,
    },
  };
}

export const CaseQueueQuery = z
  .object({
    statuses: z.array(z.enum(CASE_STATUSES)).min(1).default(['open', 'in_progress']),
    tier: z.enum(['T3', 'T4']).optional(),
    /** A user name; 'me' for the actor; 'unassigned' for nobody. */
    assigned: z.string().min(1).max(64).optional(),
    limit: z.number().int().min(1).max(1000).default(50),
    offset: z.number().int().min(0).default(0),
  })
  .strict();
export type CaseQueueQuery = z.input<typeof CaseQueueQuery>;

/**
 * The office's case queue: the cases of seekers living in the actor's region, T4 before T3 and
 * longest waiting first, with counts by tier and status (graded, tiered service: policy: five-way-service, monthly-follow-up).
 */
export async function caseQueue(
  target: DeskStoreLike,
  actor: Actor,
  query: CaseQueueQuery = {},
): Promise<{
  total: number;
  counts: { tier: string; status: CaseStatus; cases: number; unassigned: number; longest_wait_days: number }[];
  items: CaseSummary[];
}> {
  const prefix = actorScopePrefix(actor);
  const q = parseInput(CaseQueueQuery, query, 'case queue query');
  const assigned = q.assigned === undefined ? '' : q.assigned === 'unassigned' ? '-' : q.assigned === 'me' ? actor.name : q.assigned;
  const statuses = JSON.stringify(q.statuses);
  return deskStore(target).read(async (store) => {
    const rows = await store.all<CaseRow>(await sqlFile('cases/queue'), {
      prefix,
      statuses,
      tier: q.tier ?? '',
      assigned,
      limit: q.limit,
      offset: q.offset,
    });
    const counts = await store.all<{ tier: string; status: CaseStatus; cases: number; unassigned: number; longest_wait_days: number }>(
      await sqlFile('cases/queue_counts'),
      { prefix, statuses },
    );
    const now = Date.now();
    return {
      total: Number(rows[0]?.total ?? 0),
      counts: counts.map((c) => ({
        ...c,
        cases: Number(c.cases),
        unassigned: Number(c.unassigned),
        longest_wait_days: Number(c.longest_wait_days),
      })),
      items: rows.map((r) => toSummary(r, now)),
    };
  });
}

/** One case with its plan and its full history; not_found when its seeker lives outside the actor's region. */
export async function getCase(target: DeskStoreLike, actor: Actor, caseId: string): Promise<CaseDetail> {
  const prefix = actorScopePrefix(actor);
  return deskStore(target).read((store) => caseDetail(store, prefix, caseId));
}

async function caseRow(store: DuckDBStore, prefix: string, caseId: string): Promise<CaseRow> {
  const [row] = await store.all<CaseRow>(await sqlFile('cases/case'), { case_id: caseId, prefix });
  if (!row) {
    throw new RequestError('not_found', `case ${caseId} not found`, {
      code: 'CASE_NOT_FOUND',
      hint: 'only cases of seekers living in your region can be seen',
    });
  }
  return row;
}

async function openCaseRow(store: DuckDBStore, prefix: string, caseId: string): Promise<CaseRow> {
  const row = await caseRow(store, prefix, caseId);
  if (row.status === 'closed') {
    throw new RequestError('conflict', `case ${caseId} is closed`, {
      code: 'CASE_CLOSED',
      hint: 'a closed case changes no more; a later match run opens a new case if the seeker still needs help',
    });
  }
  return row;
}

export async function caseDetail(store: DuckDBStore, prefix: string, caseId: string): Promise<CaseDetail> {
  const row = await caseRow(store, prefix, caseId);
  const steps = await store.all<{
    step_id: string;
    kind: PlanStepKind;
    description: string;
    posting_id: string | null;
    run_id: string | null;
    due_date: string;
    status: PlanStepStatus;
    note: string | null;
    created_by: string;
    created_ms: number;
    updated_by: string;
    updated_ms: number;
    overdue: boolean;
  }>(await sqlFile('cases/steps'), { case_id: caseId });
  const events = await store.all<{
    event_id: number;
    kind: string;
    actor: string;
    happened_ms: number;
    detail: string;
    run_id: string | null;
    follow_up_id: string | null;
    step_id: string | null;
  }>(await sqlFile('cases/events'), { case_id: caseId });
  return {
    case: toSummary(row, Date.now()),
    plan: steps.map(({ created_ms, updated_ms, ...s }) => ({
      ...s,
      kind_label: PLAN_STEP_LABELS[s.kind],
      status_label: PLAN_STEP_STATUS_LABELS[s.status],
      created_at: iso(created_ms),
      updated_at: iso(updated_ms),
    })),
    events: events.map(({ happened_ms, detail, ...e }) => ({
      ...e,
      event_id: Number(e.event_id),
      happened_at: iso(happened_ms),
      detail: JSON.parse(detail) as Record<string, unknown>,
    })),
  };
}

/** Writes one case event: the who, when and what of every change (the one path changes are recorded by). */
export async function recordCaseEvent(
  store: DuckDBStore,
  c: Pick<CaseRow, 'case_id' | 'seeker_id'>,
  kind: string,
  actor: string,
  at: string,
  detail: Record<string, unknown>,
  refs: { followUpId?: string; stepId?: string } = {},
): Promise<void> {
  await store.run(await sqlFile('cases/insert_event'), {
    case_id: c.case_id,
    seeker_id: c.seeker_id,
    kind,
    actor,
    at,
    detail: JSON.stringify(detail),
    follow_up_id: refs.followUpId ?? null,
    step_id: refs.stepId ?? null,
  });
}

/** Runs a change to an open case in one write transaction and answers with the case as it now is. */
export async function changeOpenCase(
  target: DeskStoreLike,
  actor: Actor,
  caseId: string,
  change: (store: DuckDBStore, row: CaseRow, at: string) => Promise<void>,
): Promise<CaseDetail> {
  const prefix = actorScopePrefix(actor);
  return deskStore(target).write(async (store) => {
    const row = await openCaseRow(store, prefix, caseId);
    const at = new Date().toISOString();
    await change(store, row, at);
    return caseDetail(store, prefix, caseId);
  });
}

const UserName = z.string().min(1).max(64);

/** Assigns a case to a counsellor (a named counsellor for the hardest cases, policy: employment-assistance); an open case is then in progress. */
export async function assignCase(target: DeskStoreLike, actor: Actor, caseId: string, input: { assignee: string }): Promise<CaseDetail> {
  const { assignee } = parseInput(z.object({ assignee: UserName }).strict(), input, 'assignment');
  return changeOpenCase(target, actor, caseId, async (store, row, at) => {
    if (row.assigned_to === assignee) return;
    await store.run(await sqlFile('cases/assign'), { case_id: caseId, assignee, at });
    await recordCaseEvent(store, row, 'assigned', actor.name, at, { from: row.assigned_to, to: assignee });
    Logger.for('cases').info('case_assigned', { case_id: caseId, to: assignee, by: actor.name });
  });
}

/** The actor takes the case themselves. */
export async function takeCase(target: DeskStoreLike, actor: Actor, caseId: string): Promise<CaseDetail> {
  return assignCase(target, actor, caseId, { assignee: actor.name });
}

export const PlanStepInput = z
  .object({
    kind: z.enum(PLAN_STEP_KINDS),
    description: z.string().trim().min(2).max(2000),
    dueDate: IsoDate,
    /** The posting of a referral (required) or of a public-welfare post (optional); it must be approved. */
    postingId: z.string().min(1).max(64).optional(),
    note: z.string().max(2000).optional(),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.kind === 'referral' && !s.postingId)
      ctx.addIssue({ code: 'custom', path: ['postingId'], message: 'a referral names its posting' });
  });
export type PlanStepInput = z.input<typeof PlanStepInput>;

/** Adds a step to the individual assistance plan (policy: employment-assistance). */
export async function addPlanStep(target: DeskStoreLike, actor: Actor, caseId: string, input: PlanStepInput): Promise<CaseDetail> {
  const step = parseInput(PlanStepInput, input, 'plan step');
  return changeOpenCase(target, actor, caseId, async (store, row, at) => {
    const runId = step.postingId ? await checkReferable(store, row.seeker_id, step.postingId, step.kind) : null;
    await insertStep(store, row, actor, at, { ...step, runId, status: 'planned' }, 'plan_step_added');
  });
}

async function insertStep(
  store: DuckDBStore,
  row: CaseRow,
  actor: Actor,
  at: string,
  s: {
    kind: PlanStepKind;
    description: string;
    dueDate: string;
    postingId?: string;
    runId: string | null;
    status: PlanStepStatus;
    note?: string;
  },
  eventKind: 'plan_step_added' | 'referral',
): Promise<string> {
  const [inserted] = await store.all<{ step_id: string }>(await sqlFile('cases/insert_step'), {
    case_id: row.case_id,
    seeker_id: row.seeker_id,
    kind: s.kind,
    description: s.description,
    posting_id: s.postingId ?? null,
    run_id: s.runId,
    due_date: s.dueDate,
    status: s.status,
    note: s.note ?? null,
    actor: actor.name,
    at,
  });
  const stepId = inserted!.step_id;
  await recordCaseEvent(
    store,
    row,
    eventKind,
    actor.name,
    at,
    { kind: s.kind, description: s.description, due_date: s.dueDate, posting_id: s.postingId ?? null, run_id: s.runId, status: s.status },
    { stepId },
  );
  await store.run(await sqlFile('cases/touch_case'), { case_id: row.case_id, at });
  return stepId;
}

/**
 * A posting a seeker may be referred or placed to: its current version approved; a public-welfare post must be one.
 * Returns the run that recommended it, if any.
 */
async function checkReferable(store: DuckDBStore, seekerId: string, postingId: string, kind: PlanStepKind): Promise<string | null> {
  const [p] = await store.all<{ id: string; employment_type: string; status: string; review_state: string | null; run_id: string | null }>(
    await sqlFile('cases/referable_posting'),
    { posting_id: postingId, seeker_id: seekerId },
  );
  if (!p) throw new RequestError('not_found', `posting ${postingId} not found`, { code: 'POSTING_NOT_FOUND' });
  if (p.review_state !== 'approved' || p.status !== 'published') {
    throw new RequestError(
      'conflict',
      `posting ${postingId} is not published (review: ${p.review_state ?? 'not reviewed'}, status: ${p.status})`,
      {
        code: 'POSTING_NOT_APPROVED',
        hint: 'only postings approved at the review desk are published, matched and referred to (001 §2)',
      },
    );
  }
  if (kind === 'public_welfare_post' && p.employment_type !== 'public_welfare') {
    throw new RequestError('invalid', `posting ${postingId} is not a public-welfare post`, {
      code: 'NOT_PUBLIC_WELFARE_POST',
      issues: [{ code: 'custom', path: 'postingId', message: `employment type is ${p.employment_type}` }],
    });
  }
  return p.run_id;
}

export const PlanStepUpdate = z
  .object({
    stepId: z.string().min(1).max(64),
    status: z.enum(PLAN_STEP_STATUSES).optional(),
    dueDate: IsoDate.optional(),
    note: z.string().max(2000).optional(),
  })
  .strict()
  .refine((u) => u.status !== undefined || u.dueDate !== undefined || u.note !== undefined, {
    message: 'change a status, a due date or a note',
  });
export type PlanStepUpdate = z.input<typeof PlanStepUpdate>;

/** Moves a plan step on (planned → in progress → done, or cancelled) or changes its due date; a done or cancelled step is final. */
export async function updatePlanStep(target: DeskStoreLike, actor: Actor, caseId: string, input: PlanStepUpdate): Promise<CaseDetail> {
  const u = parseInput(PlanStepUpdate, input, 'plan step update');
  return changeOpenCase(target, actor, caseId, async (store, row, at) => {
    const [step] = (await caseDetail(store, '', caseId)).plan.filter((s) => s.step_id === u.stepId);
    if (!step) throw new RequestError('not_found', `step ${u.stepId} is not on case ${caseId}`, { code: 'STEP_NOT_FOUND' });
    if (FINAL_STEP_STATUSES.has(step.status)) {
      throw new RequestError('conflict', `step ${u.stepId} is ${step.status}`, { code: 'STEP_FINAL', hint: 'add a new step instead' });
    }
    const next = { status: u.status ?? step.status, due_date: u.dueDate ?? step.due_date, note: u.note ?? step.note };
    if (next.status === step.status && next.due_date === step.due_date && next.note === step.note) return;
    await store.run(await sqlFile('cases/update_step'), { step_id: u.stepId, ...next, actor: actor.name, at });
    const changes: Record<string, unknown> = {};
    if (next.status !== step.status) changes.status = { from: step.status, to: next.status };
    if (next.due_date !== step.due_date) changes.due_date = { from: step.due_date, to: next.due_date };
    if (next.note !== step.note) changes.note = { from: step.note, to: next.note };
    await recordCaseEvent(store, row, 'plan_step_updated', actor.name, at, changes, { stepId: u.stepId });
    await store.run(await sqlFile('cases/touch_case'), { case_id: caseId, at });
  });
}

export interface SeekerRecommendation {
  run_id: string;
  posting_id: string;
  rank: number;
  score: number;
  grade: string;
  tier: string;
  channel: string;
  explanation: { zh: string; en: string };
  top_factors: string[];
  skills_gap: string[];
  policy_hints: { policy: string; zh: string; en: string; amount_cny: number | null }[];
  pushed: boolean;
  created_at: string;
  posting: {
    title: string | null;
    employer_name: string | null;
    region_code: string | null;
    region_name: string | null;
    salary_min: number | null;
    salary_max: number | null;
    employment_type: string | null;
    status: string | null;
    review_state: string | null;
    commitment_accepted: boolean;
    commitment_notice: { zh: string; en: string } | null;
  };
  /** A referral to this posting is on the seeker's plan (not cancelled). */
  referred: boolean;
}

/**
 * The case's seeker's recommendations of the `days` days up to their latest run (latest per
 * posting), with grades, explanations, skills gap and policy hints, each posting's review state
 * and commitment mark, and whether it is already a referral.
 */
export async function seekerRecommendations(
  target: DeskStoreLike,
  actor: Actor,
  caseId: string,
  options: { days?: number } = {},
): Promise<SeekerRecommendation[]> {
  const prefix = actorScopePrefix(actor);
  const { days } = parseInput(z.object({ days: z.number().int().min(1).max(366).default(30) }).strict(), options, 'options');
  return deskStore(target).read(async (store) => {
    const row = await caseRow(store, prefix, caseId);
    const rows = await store.all<{
      run_id: string;
      posting_id: string;
      rank: number;
      score: number;
      grade: string;
      tier: string;
      channel: string;
      explanation: string;
      explanation_en: string;
      top_factors: string[];
      skills_gap: string[];
      policy_hints: string;
      pushed: boolean;
      created_ms: number;
      title: string | null;
      employer_name: string | null;
      region_code: string | null;
      salary_min: number | null;
      salary_max: number | null;
      employment_type: string | null;
      posting_status: string | null;
      commitment_accepted: boolean;
      review_state: string | null;
      referred: boolean;
    }>(await sqlFile('cases/recommendations'), { seeker_id: row.seeker_id, days });
    return rows.map((r) => ({
      run_id: r.run_id,
      posting_id: r.posting_id,
      rank: r.rank,
      score: r.score,
      grade: r.grade,
      tier: r.tier,
      channel: r.channel,
      explanation: { zh: r.explanation, en: r.explanation_en },
      top_factors: r.top_factors,
      skills_gap: r.skills_gap,
      policy_hints: (JSON.parse(r.policy_hints) as { policy: string; zh: string; en: string; amount_cny: number | null }[]).map(
        ({ policy, zh, en, amount_cny }) => ({ policy, zh, en, amount_cny }),
      ),
      pushed: r.pushed,
      created_at: iso(r.created_ms),
      posting: {
        title: r.title,
        employer_name: r.employer_name,
        region_code: r.region_code,
        region_name: r.region_code ? (Regions.get().name(r.region_code) ?? null) : null,
        salary_min: r.salary_min,
        salary_max: r.salary_max,
        employment_type: r.employment_type,
        status: r.posting_status,
        review_state: r.review_state,
        commitment_accepted: r.commitment_accepted,
        commitment_notice: commitmentNotice(r.commitment_accepted),
      },
      referred: r.referred,
    }));
  });
}

export const ReferralInput = z
  .object({
    postingId: z.string().min(1).max(64),
    /** When the seeker should have applied or been interviewed (default two weeks from today). */
    dueDate: IsoDate.optional(),
    note: z.string().max(2000).optional(),
  })
  .strict();
export type ReferralInput = z.input<typeof ReferralInput>;

/**
 * Marks a referral: the counsellor refers the seeker to an approved posting (usually one of their
 * recommendations). It becomes a 'referral' step of the plan, in progress, with the recommending
 * run; a posting already referred (not cancelled) is refused.
 */
export async function markReferral(target: DeskStoreLike, actor: Actor, caseId: string, input: ReferralInput): Promise<CaseDetail> {
  const r = parseInput(ReferralInput, input, 'referral');
  return changeOpenCase(target, actor, caseId, async (store, row, at) => {
    const runId = await checkReferable(store, row.seeker_id, r.postingId, 'referral');
    const existing = (await caseDetail(store, '', caseId)).plan.find(
      (s) => s.kind === 'referral' && s.posting_id === r.postingId && s.status !== 'cancelled',
    );
    if (existing) {
      throw new RequestError('conflict', `the seeker is already referred to posting ${r.postingId} (${existing.step_id})`, {
        code: 'ALREADY_REFERRED',
      });
    }
    const [posting] = await store.all<{ title: string; employer_name: string | null }>(
      'SELECT title, employer_name FROM postings WHERE id = $id',
      { id: r.postingId },
    );
    await insertStep(
      store,
      row,
      actor,
      at,
      {
        kind: 'referral',
        description: `推荐至岗位：${posting!.title}${posting!.employer_name ? `（${posting!.employer_name}）` : ''}`,
        dueDate: r.dueDate ?? addDays(chinaDate(), 14),
        postingId: r.postingId,
        runId,
        status: 'in_progress',
        note: r.note,
      },
      'referral',
    );
  });
}

export const CloseInput = z
  .object({
    outcome: z.enum(CASE_OUTCOMES),
    note: z.string().trim().max(2000).optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.outcome === 'other' && !c.note) ctx.addIssue({ code: 'custom', path: ['note'], message: 'say what the outcome was' });
  });
export type CloseInput = z.input<typeof CloseInput>;

/** Closes a case with its outcome; plan steps still open are cancelled, each change recorded. */
export async function closeCase(target: DeskStoreLike, actor: Actor, caseId: string, input: CloseInput): Promise<CaseDetail> {
  const c = parseInput(CloseInput, input, 'case closing');
  return changeOpenCase(target, actor, caseId, async (store, row, at) => {
    for (const step of (await caseDetail(store, '', caseId)).plan) {
      if (FINAL_STEP_STATUSES.has(step.status)) continue;
      await store.run(await sqlFile('cases/update_step'), {
        step_id: step.step_id,
        status: 'cancelled',
        due_date: step.due_date,
        note: step.note,
        actor: actor.name,
        at,
      });
      await recordCaseEvent(
        store,
        row,
        'plan_step_updated',
        actor.name,
        at,
        { status: { from: step.status, to: 'cancelled' }, why: 'case closed' },
        {
          stepId: step.step_id,
        },
      );
    }
    await store.run(await sqlFile('cases/close'), { case_id: caseId, actor: actor.name, outcome: c.outcome, note: c.note ?? null, at });
    await recordCaseEvent(store, row, 'closed', actor.name, at, { outcome: c.outcome, note: c.note ?? null, from: row.status });
    Logger.for('cases').info('case_closed', { case_id: caseId, outcome: c.outcome, by: actor.name });
  });
}
