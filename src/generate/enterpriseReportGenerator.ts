/**
 * Deterministic, seeded generator of `enterprise_report` envelopes (企业用工监测 monthly reports)
 * with injectable layoff events whose ground truth is known — the input of the layoff-risk
 * backtest, the demo and `labourflow generate`.
 *
 * For the generate command:
 * ```ts
 * import { generateEnterpriseReports } from './enterpriseReportGenerator.ts';
 * const { reports, groundTruth } = generateEnterpriseReports({ enterprises: 2000, months: 24, startPeriod: '2024-07', seed: 42 });
 * for (const envelope of reports) sink.write(JSON.stringify(envelope) + '\n'); // period-major order
 * ```
 * - `reports` is a re-iterable, lazy `Iterable<Envelope<'enterprise_report'>>`: period by period
 *   (all enterprises for the first month, then the next month …), constant memory at any size,
 *   every envelope passes `validateEnvelope`. `reportsFor(period)` yields one month only.
 * - Keep the last period at or before the current month: ingestion rejects `event_time` in the
 *   future, and each report is stamped the 10th of the following month
 *   (`defaultStartPeriod(months)` gives a start that ends last month).
 * - `events`: `'default'` (about 3% sudden mass layoffs, 3% gradual declines, 1.5% closures and
 *   5% seasonal dips that are NOT risk), `'none'`, or an explicit `EventSpec[]`.
 * - `groundTruth` lists every injected event (`risk: false` for seasonal dips).
 *
 * Same options + same seed ⇒ byte-identical output. Each value is a hash of
 * (seed, enterprise, month, stream), so no per-enterprise state is kept between reports.
 */
import type { Envelope } from '../records/envelope.ts';
import type { EnterpriseReportPayload } from '../records/enterpriseReport.ts';
import { completeCreditCode } from '../validation/creditCode.ts';
import { Regions } from '../validation/Regions.ts';
import { addMonths, isoDateAddDays, monthOf, periodFromIndex, periodIndex, periodStart } from '../core/periods.ts';
import { between, pick, pickWeighted, unit } from './layoffRandom.ts';

export const LAYOFF_EVENT_KINDS = ['mass_layoff', 'gradual_decline', 'closure', 'seasonal_dip'] as const;
export type LayoffEventKind = (typeof LAYOFF_EVENT_KINDS)[number];
/** Event kinds that are real layoff risk; a seasonal dip is not. */
export const RISK_EVENT_KINDS: readonly LayoffEventKind[] = ['mass_layoff', 'gradual_decline', 'closure'];
export type PlanFiling = 'on_time' | 'late' | 'none';

/** An event to inject. `period` is when it starts; `magnitude` is the share of staff lost (dip depth for seasonal). */
export interface EventSpec {
  kind: LayoffEventKind;
  /** Enterprise index, 0 … enterprises−1. */
  enterprise: number;
  period: string;
  magnitude?: number;
  /** Length of a gradual decline, in months (2–12). */
  months?: number;
  /** Whether a layoff plan is filed 30+ days ahead (on_time), later (late), or not at all. */
  plan?: PlanFiling;
}

/** One injected event with its known ground truth. */
export interface LayoffEvent {
  kind: LayoffEventKind;
  risk: boolean;
  enterprise: number;
  employer_credit_code: string;
  employer_name: string;
  region_code: string;
  industry_code: string;
  startPeriod: string;
  /** Month of the largest cumulative loss (layoff month, end of a decline, closure, bottom of a dip). */
  peakPeriod: string;
  endPeriod: string;
  magnitude: number;
  months: number;
  plan: PlanFiling;
  headcountBefore: number;
  jobsLost: number;
}

export interface EnterpriseReportOptions {
  enterprises: number;
  months: number;
  startPeriod: string;
  seed?: number;
  /** GB/T 2260 codes the enterprises are spread over (default: 30 districts of 成都, 杭州, 邯郸, 苏州, 武汉). */
  regions?: readonly string[];
  events?: 'none' | 'default' | readonly EventSpec[];
}

export interface EnterpriseProfile {
  index: number;
  creditCode: string;
  name: string;
  regionCode: string;
  industryCode: string;
  /** Headcount at the monitoring baseline (建档期). */
  base: number;
  /** Underlying monthly growth rate. */
  growth: number;
  insuredShare: number;
}

export interface GeneratedEnterpriseReports {
  reports: Iterable<Envelope<'enterprise_report'>>;
  groundTruth: LayoffEvent[];
  periods: string[];
  reportsFor(period: string): Iterable<Envelope<'enterprise_report'>>;
  profile(index: number): EnterpriseProfile;
}

const DEFAULT_CITIES = ['510100', '330100', '130400', '320500', '420100'];

/** GB/T 4754-2017 divisions used, with a weight and the word that goes into company names. */
const INDUSTRIES: readonly (readonly [string, number, string])[] = [
  ['C13', 8, '食品'],
  ['C18', 8, '服饰'],
  ['C36', 8, '汽车零部件'],
  ['C39', 10, '电子科技'],
  ['E47', 10, '建设工程'],
  ['F51', 6, '贸易'],
  ['F52', 10, '商贸'],
  ['G54', 8, '物流'],
  ['H61', 4, '酒店管理'],
  ['H62', 10, '餐饮管理'],
  ['I65', 8, '软件技术'],
  ['K70', 4, '房地产开发'],
];
const BRAND_CHARS = '华鑫瑞恒泰宏盛达锦新远德利通嘉丰源正隆安兴成昌和信益美永金天'.split('');
const SUFFIXES = ['有限公司', '有限公司', '有限公司', '股份有限公司', '有限责任公司'];
const BASE31 = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/**
 * Multiplicative seasonality by GB/T 4754 section and calendar month: the Spring Festival exodus
 * in manufacturing, construction and transport; retail peaks before the new year; summer for hotels.
 */
const SEASONALITY: Record<string, readonly number[]> = {
  C: [1.0, 0.95, 0.98, 1, 1, 1, 1, 1, 1, 1.01, 1.01, 1.01],
  E: [0.95, 0.9, 0.97, 1, 1.01, 1.01, 0.98, 0.98, 1.01, 1.02, 1.01, 0.98],
  F: [1.0, 0.97, 0.99, 1, 1, 1, 1, 1, 1, 1.01, 1.03, 1.04],
  G: [1.0, 0.96, 0.99, 1, 1, 1, 1, 1, 1, 1.01, 1.03, 1.03],
  H: [0.98, 1.01, 0.99, 1, 1.01, 1.02, 1.05, 1.05, 1.01, 1.02, 0.99, 0.99],
};
const FLAT = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1] as const;

// Hash streams: one per kind of draw so adding a draw never shifts another.
const S = {
  region: 1,
  industry: 2,
  size: 3,
  sizeIn: 4,
  growth: 5,
  insured: 6,
  brand1: 7,
  brand2: 8,
  suffix: 9,
  noiseH: 10,
  noiseI: 11,
  churn: 12,
  churnSize: 13,
  event: 14,
  eventTime: 15,
  eventMag: 16,
  eventLen: 17,
  eventPlan: 18,
  eventPlanDays: 19,
  eventStatus: 20,
  eventArrears: 21,
  orgOffset: 22,
} as const;

interface ResolvedEvent {
  kind: LayoffEventKind;
  t0: number; // start month offset
  magnitude: number;
  months: number;
  plan: PlanFiling;
}

export function defaultStartPeriod(months: number, now: Date = new Date()): string {
  const current = `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
  return addMonths(current, -months);
}

export function generateEnterpriseReports(options: EnterpriseReportOptions): GeneratedEnterpriseReports {
  const { enterprises, months, startPeriod } = options;
  const seed = options.seed ?? 1;
  if (!Number.isInteger(enterprises) || enterprises < 1) throw new RangeError('enterprises must be a positive integer');
  if (!Number.isInteger(months) || months < 1) throw new RangeError('months must be a positive integer');
  const start = periodIndex(startPeriod);
  const regionCodes = resolveRegions(options.regions);
  const periods = Array.from({ length: months }, (_, t) => addMonths(startPeriod, t));
  const orgOffset = Math.floor(unit(seed, S.orgOffset) * (31 ** 9 - enterprises - 1));

  const profile = (i: number): EnterpriseProfile => {
    if (!Number.isInteger(i) || i < 0 || i >= enterprises) throw new RangeError(`enterprise index ${i} is outside 0…${enterprises - 1}`);
    const regionCode = pick(regionCodes, seed, i, S.region);
    const [industryCode, , word] = pickWeighted(
      INDUSTRIES.map((x) => [x, x[1]] as const),
      seed,
      i,
      S.industry,
    );
    const [lo, hi] = pickWeighted<readonly [number, number]>(
      [
        [[10, 50], 45],
        [[50, 300], 35],
        [[300, 2000], 15],
        [[2000, 20000], 5],
      ],
      seed,
      i,
      S.size,
    );
    const base = Math.round(Math.exp(between(Math.log(lo), Math.log(hi), seed, i, S.sizeIn)));
    let body = '';
    for (let n = orgOffset + i, k = 0; k < 9; k++, n = Math.floor(n / 31)) body = BASE31[n % 31] + body;
    const city = Regions.get().lookup(regionCode);
    const cityName = Regions.get().name(city?.cityCode ?? city?.provinceCode ?? regionCode) ?? '';
    const name =
      `${cityName.replace(/(市|地区|自治州|盟)$/, '')}${pick(BRAND_CHARS, seed, i, S.brand1)}` +
      `${pick(BRAND_CHARS, seed, i, S.brand2)}${word}${pick(SUFFIXES, seed, i, S.suffix)}`;
    return {
      index: i,
      creditCode: completeCreditCode(`91${regionCode}${body}`),
      name,
      regionCode,
      industryCode,
      base,
      growth: between(-0.002, 0.005, seed, i, S.growth),
      insuredShare: between(0.8, 0.95, seed, i, S.insured),
    };
  };

  const explicit = new Map<number, ResolvedEvent>();
  if (Array.isArray(options.events)) {
    for (const spec of options.events as readonly EventSpec[]) explicit.set(spec.enterprise, resolveSpec(spec, start, months, enterprises));
  }
  const mode = Array.isArray(options.events) ? 'explicit' : (options.events ?? 'default');
  const eventOf = (i: number): ResolvedEvent | undefined => {
    if (mode === 'explicit') return explicit.get(i);
    if (mode === 'none') return undefined;
    return defaultEvent(seed, i, start, months);
  };

  const groundTruth: LayoffEvent[] = [];
  for (let i = 0; i < enterprises; i++) {
    const ev = eventOf(i);
    if (ev) groundTruth.push(describeEvent(profile(i), ev, start, seed));
  }

  function* forMonth(t: number): Generator<Envelope<'enterprise_report'>> {
    for (let i = 0; i < enterprises; i++) {
      const env = report(profile(i), eventOf(i), t, start, seed);
      if (env) yield env;
    }
  }

  return {
    periods,
    groundTruth,
    profile,
    reports: {
      *[Symbol.iterator]() {
        for (let t = 0; t < months; t++) yield* forMonth(t);
      },
    },
    reportsFor(period: string) {
      const t = periodIndex(period) - start;
      if (t < 0 || t >= months) throw new RangeError(`period ${period} is outside ${periods[0]}…${periods[months - 1]}`);
      return { [Symbol.iterator]: () => forMonth(t) };
    },
  };
}

function resolveRegions(regions: readonly string[] | undefined): string[] {
  const all = Regions.get();
  if (regions && regions.length > 0) {
    for (const code of regions) if (!all.has(code)) throw new RangeError(`region ${code} is not a GB/T 2260 code`);
    return [...regions];
  }
  const counties: string[] = [];
  for (const city of DEFAULT_CITIES) {
    const inCity = [...all.all()]
      .filter((r) => r.level === 'county' && r.cityCode === city)
      .map((r) => r.code)
      .sort();
    counties.push(...inCity.slice(0, 6));
  }
  return counties;
}

function resolveSpec(spec: EventSpec, start: number, months: number, enterprises: number): ResolvedEvent {
  if (!LAYOFF_EVENT_KINDS.includes(spec.kind)) throw new RangeError(`event kind must be one of ${LAYOFF_EVENT_KINDS.join(', ')}`);
  if (!Number.isInteger(spec.enterprise) || spec.enterprise < 0 || spec.enterprise >= enterprises) {
    throw new RangeError(`event enterprise ${spec.enterprise} is outside 0…${enterprises - 1}`);
  }
  const t0 = periodIndex(spec.period) - start;
  if (t0 < 1 || t0 >= months)
    throw new RangeError(`event period ${spec.period} must be after the first generated month and within the run`);
  const defaults: Record<LayoffEventKind, number> = { mass_layoff: 0.3, gradual_decline: 0.35, closure: 1, seasonal_dip: 0.2 };
  const magnitude = spec.magnitude ?? defaults[spec.kind];
  if (!(magnitude > 0 && magnitude <= 1)) throw new RangeError('event magnitude must be in (0, 1]');
  const len = spec.kind === 'gradual_decline' ? (spec.months ?? 5) : spec.kind === 'closure' ? 3 : 1;
  if (!(len >= 1 && len <= 12)) throw new RangeError('event months must be 1–12');
  return { kind: spec.kind, t0, magnitude, months: len, plan: spec.plan ?? 'none' };
}

function defaultEvent(seed: number, i: number, start: number, months: number): ResolvedEvent | undefined {
  if (months < 6) return undefined;
  const u = unit(seed, i, S.event);
  const r = (lo: number, hi: number) => lo + Math.floor(unit(seed, i, S.eventTime) * (hi - lo + 1));
  const mag = (lo: number, hi: number) => between(lo, hi, seed, i, S.eventMag);
  const plan = pickWeighted<PlanFiling>(
    [
      ['on_time', 0.5],
      ['late', 0.25],
      ['none', 0.25],
    ],
    seed,
    i,
    S.eventPlan,
  );
  if (u < 0.03) return { kind: 'mass_layoff', t0: r(3, months - 1), magnitude: mag(0.15, 0.45), months: 1, plan };
  if (u < 0.06) {
    const len = Math.min(4 + Math.floor(unit(seed, i, S.eventLen) * 4), months - 4);
    if (len < 2) return undefined;
    return { kind: 'gradual_decline', t0: r(3, months - len), magnitude: mag(0.25, 0.5), months: len, plan: 'none' };
  }
  if (u < 0.075) return { kind: 'closure', t0: r(4, months - 1) - 2, magnitude: 1, months: 3, plan: plan === 'late' ? 'none' : plan };
  if (u < 0.125) {
    // Spring Festival: the dip falls in February (or January) — the months seasonality already marks.
    const candidates: number[] = [];
    for (let t = 3; t < months; t++) if (monthOf(periodFromIndex(start + t)) === 2) candidates.push(t);
    if (candidates.length === 0) return undefined;
    const t0 = candidates[Math.floor(unit(seed, i, S.eventTime) * candidates.length)]!;
    return { kind: 'seasonal_dip', t0, magnitude: mag(0.12, 0.3), months: 1, plan: 'none' };
  }
  return undefined;
}

/** Share of the enterprise's underlying workforce still there at month t because of the event. */
function eventFactor(ev: ResolvedEvent | undefined, t: number): number {
  if (!ev || t < ev.t0) return 1;
  const k = t - ev.t0;
  switch (ev.kind) {
    case 'mass_layoff':
      return 1 - ev.magnitude;
    case 'gradual_decline':
      return (1 - ev.magnitude) ** (Math.min(k + 1, ev.months) / ev.months);
    case 'closure':
      return k === 0 ? 0.9 : k === 1 ? 0.7 : 0;
    case 'seasonal_dip':
      return k === 0 ? 1 - ev.magnitude : k === 1 ? 1 - ev.magnitude / 2 : 1;
  }
}

function insuredFactor(ev: ResolvedEvent | undefined, t: number): number {
  const f = eventFactor(ev, t);
  // Seasonal and temporary workers are rarely insured: their leaving barely moves the insured count.
  return ev?.kind === 'seasonal_dip' ? 1 - 0.1 * (1 - f) : f;
}

function closeMonth(ev: ResolvedEvent): number {
  return ev.t0 + 2;
}

interface MonthState {
  headcount: number;
  insured: number;
}

function state(p: EnterpriseProfile, ev: ResolvedEvent | undefined, t: number, start: number, seed: number): MonthState {
  const season = (SEASONALITY[p.industryCode[0]!] ?? FLAT)[(start + t) % 12]!;
  const core = p.base * (1 + p.growth) ** t;
  const h = core * season * eventFactor(ev, t) * (1 + between(-0.008, 0.008, seed, p.index, t, S.noiseH));
  const ins =
    core * p.insuredShare * (1 + (season - 1) * 0.2) * insuredFactor(ev, t) * (1 + between(-0.005, 0.005, seed, p.index, t, S.noiseI));
  return { headcount: Math.max(0, Math.round(h)), insured: Math.max(0, Math.round(ins)) };
}

function planFor(
  p: EnterpriseProfile,
  ev: ResolvedEvent,
  start: number,
  seed: number,
): { layoffPeriodT: number; filed: string; planned: number } | undefined {
  if (ev.plan === 'none' || (ev.kind !== 'mass_layoff' && ev.kind !== 'closure')) return undefined;
  const layoffT = ev.kind === 'closure' ? closeMonth(ev) : ev.t0;
  const layoffPeriod = periodFromIndex(start + layoffT);
  const extra = Math.floor(unit(seed, p.index, S.eventPlanDays) * 20);
  const filed = isoDateAddDays(periodStart(layoffPeriod), ev.plan === 'on_time' ? -(30 + extra) : -(5 + extra));
  const before = state(p, undefined, layoffT, start, seed).headcount;
  const planned = ev.kind === 'closure' ? before : Math.max(1, Math.round(before * ev.magnitude));
  return { layoffPeriodT: layoffT, filed, planned };
}

function describeEvent(p: EnterpriseProfile, ev: ResolvedEvent, start: number, seed: number): LayoffEvent {
  const at = (t: number) => periodFromIndex(start + t);
  const peakT = ev.kind === 'gradual_decline' ? ev.t0 + ev.months - 1 : ev.kind === 'closure' ? closeMonth(ev) : ev.t0;
  const endT = ev.kind === 'seasonal_dip' ? ev.t0 + 2 : peakT;
  const before = state(p, undefined, Math.max(0, ev.t0 - 1), start, seed).headcount;
  const atPeak = state(p, ev, peakT, start, seed).headcount;
  return {
    kind: ev.kind,
    risk: RISK_EVENT_KINDS.includes(ev.kind),
    enterprise: p.index,
    employer_credit_code: p.creditCode,
    employer_name: p.name,
    region_code: p.regionCode,
    industry_code: p.industryCode,
    startPeriod: at(ev.t0),
    peakPeriod: at(peakT),
    endPeriod: at(endT),
    magnitude: ev.magnitude,
    months: ev.months,
    plan: ev.plan,
    headcountBefore: before,
    jobsLost: Math.max(0, before - atPeak),
  };
}

const REASONS: Record<LayoffEventKind, string> = {
  mass_layoff: '订单大幅减少，生产线收缩',
  gradual_decline: '经营困难，逐月减员',
  closure: '企业拟关闭，依法解除劳动合同',
  seasonal_dip: '',
};

function report(
  p: EnterpriseProfile,
  ev: ResolvedEvent | undefined,
  t: number,
  start: number,
  seed: number,
): Envelope<'enterprise_report'> | undefined {
  if (ev?.kind === 'closure' && t > closeMonth(ev)) return undefined; // a closed enterprise stops reporting
  const period = periodFromIndex(start + t);
  const now = state(p, ev, t, start, seed);
  const prev = t > 0 ? state(p, ev, t - 1, start, seed) : now;
  const baseline = state(p, undefined, 0, start, seed).headcount;

  let layoffs = 0;
  let reason: string | null = null;
  let production: EnterpriseReportPayload['production_status'] = 'normal';
  let arrears = false;
  let closure: EnterpriseReportPayload['closure_notice'] = 'none';
  let planned = 0;
  let planDate: string | null = null;

  const drop = eventFactor(ev, t - 1) - eventFactor(ev, t);
  if (ev && ev.kind !== 'seasonal_dip' && t >= ev.t0 && drop > 0) {
    layoffs =
      ev.kind === 'closure' && t === closeMonth(ev)
        ? prev.headcount
        : Math.max(1, Math.min(prev.headcount, prev.headcount - now.headcount, Math.round(prev.headcount * drop)));
    reason = REASONS[ev.kind];
  } else if (p.base >= 500 && unit(seed, p.index, t, S.churn) < 0.08) {
    // Routine separations stay below the art. 41 scale: an economic layoff is what the events inject.
    layoffs = Math.min(12, Math.max(1, Math.round(now.headcount * between(0.001, 0.004, seed, p.index, t, S.churnSize))));
    reason = '岗位调整';
  }
  if (ev && t >= ev.t0 - 1) {
    const k = t - ev.t0;
    const roll = unit(seed, p.index, S.eventStatus);
    if (ev.kind === 'mass_layoff' && k === 0 && roll < 0.5) production = 'reduced';
    if (ev.kind === 'gradual_decline' && k >= 1 && k < ev.months) {
      production = 'reduced';
      arrears = k >= ev.months - 2 && unit(seed, p.index, S.eventArrears) < 0.4;
    }
    if (ev.kind === 'closure') {
      const c = closeMonth(ev);
      arrears = (t === c - 3 && roll < 0.6) || t >= c - 2;
      if (t === c - 2) production = 'reduced';
      if (t === c - 1) production = 'halted';
      if (t >= c - 1) closure = 'closure';
      if (t === c) production = 'closed';
    }
  }
  if (ev) {
    const plan = planFor(p, ev, start, seed);
    if (plan && period >= plan.filed.slice(0, 7) && t <= plan.layoffPeriodT) {
      planned = plan.planned;
      planDate = plan.filed;
    }
  }
  const nextMonth = addMonths(period, 1);
  const payload: EnterpriseReportPayload = {
    employer_credit_code: p.creditCode,
    employer_name: p.name,
    region_code: p.regionCode,
    industry_code: p.industryCode,
    period,
    headcount_baseline: baseline,
    headcount_now: now.headcount,
    insured_headcount: Math.min(now.insured, Math.floor(Math.max(now.headcount, baseline) * 1.5)),
    layoffs_this_period: layoffs,
    planned_layoffs: planned,
    plan_filed_date: planDate,
    production_status: production,
    wage_arrears: arrears,
    wage_arrears_amount: arrears ? Math.round(prev.headcount * between(3000, 6000, seed, p.index, t, S.eventArrears)) : null,
    closure_notice: closure,
    reduction_reason: reason,
  };
  return {
    type: 'enterprise_report',
    id: `er-${p.creditCode}-${period}`,
    version: 1,
    event_time: `${nextMonth}-10T09:00:00+08:00`,
    payload,
  };
}
