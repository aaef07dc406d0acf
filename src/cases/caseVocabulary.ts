/** Where a case stands: handed over by a run (open), worked by a counsellor (in_progress), closed with an outcome. */
export const CASE_STATUSES = ['open', 'in_progress', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CASE_STATUS_LABELS: Readonly<Record<CaseStatus, { zh: string; en: string }>> = {
  open: { zh: '待接案', en: 'open' },
  in_progress: { zh: '服务中', en: 'in progress' },
  closed: { zh: '已结案', en: 'closed' },
};

/**
 * The steps of an individual assistance plan for the hardest cases (policy: employment-assistance): skills
 * training, a public-welfare post when the market cannot place them, a referral to a posting, an
 * application for a subsidy (e.g. the one-time hiring subsidy, policy: one-time-hiring-subsidy).
 */
export const PLAN_STEP_KINDS = ['training', 'public_welfare_post', 'referral', 'subsidy_application'] as const;
export type PlanStepKind = (typeof PLAN_STEP_KINDS)[number];

export const PLAN_STEP_LABELS: Readonly<Record<PlanStepKind, { zh: string; en: string }>> = {
  training: { zh: '职业技能培训', en: 'skills training' },
  public_welfare_post: { zh: '公益性岗位安置', en: 'public-welfare post' },
  referral: { zh: '岗位推荐', en: 'referral to a posting' },
  subsidy_application: { zh: '补贴申领', en: 'subsidy application' },
};

export const PLAN_STEP_STATUSES = ['planned', 'in_progress', 'done', 'cancelled'] as const;
export type PlanStepStatus = (typeof PLAN_STEP_STATUSES)[number];

export const PLAN_STEP_STATUS_LABELS: Readonly<Record<PlanStepStatus, { zh: string; en: string }>> = {
  planned: { zh: '计划中', en: 'planned' },
  in_progress: { zh: '进行中', en: 'in progress' },
  done: { zh: '已完成', en: 'done' },
  cancelled: { zh: '已取消', en: 'cancelled' },
};

/** A step that is done or cancelled changes no more. */
export const FINAL_STEP_STATUSES: ReadonlySet<PlanStepStatus> = new Set(['done', 'cancelled']);

/** How a case ends. */
export const CASE_OUTCOMES = [
  'employed',
  'public_welfare_post',
  'self_employed',
  'training',
  'moved_away',
  'declined_service',
  'unreachable',
  'other',
] as const;
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];

export const CASE_OUTCOME_LABELS: Readonly<Record<CaseOutcome, { zh: string; en: string }>> = {
  employed: { zh: '实现就业', en: 'employed' },
  public_welfare_post: { zh: '公益性岗位安置', en: 'placed in a public-welfare post' },
  self_employed: { zh: '自主创业/灵活就业', en: 'self-employed or flexible work' },
  training: { zh: '转入培训', en: 'in training' },
  moved_away: { zh: '迁出本地', en: 'moved away' },
  declined_service: { zh: '本人拒绝服务', en: 'declined the service' },
  unreachable: { zh: '无法联系', en: 'unreachable' },
  other: { zh: '其他', en: 'other' },
};
