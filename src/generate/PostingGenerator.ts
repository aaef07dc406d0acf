import type { EducationRequirement } from '../records/fields.ts';
import type { Envelope, PayloadOf } from '../records/envelope.ts';
import {
  REQUIREMENT_WEIGHTS,
  TIER_MINIMUM_WAGE,
  TIER_WAGE_FACTOR,
  type CityTier,
  type EducationBand,
  type Occupation,
} from './catalogue.ts';
import { EmployerPool, type Employer } from './EmployerPool.ts';
import type { GenerationContext } from './GenerationContext.ts';
import { Random, WeightedTable } from './Random.ts';
import { STREAM } from './streams.ts';

type PostingPayload = PayloadOf<'posting'>;

export interface PostingGeneratorOptions {
  count: number;
  /** Employers behind the postings (default: one per 6 postings, at least 20). */
  employers?: number;
}

const REQUIREMENTS = Object.fromEntries(
  Object.entries(REQUIREMENT_WEIGHTS).map(([band, pairs]) => [band, WeightedTable.of(pairs)]),
) as Record<EducationBand, WeightedTable<EducationRequirement>>;

const SOURCES = WeightedTable.of([
  ['pes_portal', 0.45],
  ['job_fair', 0.2],
  ['enterprise_direct', 0.2],
  ['community_station', 0.1],
  ['jobboard', 0.05],
] as const);
const BENEFITS = [
  '五险一金',
  '五险',
  '包吃住',
  '包住',
  '餐补',
  '交通补贴',
  '带薪年假',
  '节日福利',
  '年终奖',
  '周末双休',
  '绩效奖金',
  '加班补贴',
  '岗前培训',
  '全勤奖',
];
const EDUCATION_TEXT: Record<EducationRequirement, string> = {
  any: '学历不限',
  none: '学历不限',
  primary: '小学及以上',
  junior_high: '初中及以上',
  senior_high: '高中及以上',
  secondary_vocational: '中专/技校及以上',
  associate: '大专及以上',
  bachelor: '本科及以上',
  master: '硕士及以上',
  doctorate: '博士',
};
const DUTIES: Record<Occupation['segment'], string> = {
  professional: '完成部门安排的专业技术工作，参与项目推进',
  clerical: '完成部门日常事务及台账资料整理',
  service: '按服务规范接待客户，完成门店或部门安排的工作',
  trade: '按图纸和工艺要求完成作业，遵守安全操作规程',
  operative: '按岗位操作规程完成生产或配送任务，服从班组安排',
  agriculture: '按农时完成种植养殖作业，做好生产记录',
};
const VALIDITY_DAYS = WeightedTable.of([
  [30, 0.3],
  [60, 0.35],
  [90, 0.3],
  [180, 0.05],
] as const);

/** What a posting offers and where, without the text: enough to score it against a seeker. */
export interface PostingCore {
  r: Random;
  employerIndex: number;
  occupation: Occupation;
  tier: CityTier;
  expMin: number;
  expMax: number | null;
  postedDay: number;
  occupation_code: string | null;
  industry_code: string;
  region_code: string;
  education_required: EducationRequirement;
  salary_min: number;
  salary_max: number | null;
  employment_type: PostingPayload['employment_type'];
  posted_date: string;
}

/** Posting ids are stable across runs and seeds: P000000042 is always posting 42. */
export function postingId(index: number): string {
  return `P${String(index).padStart(9, '0')}`;
}

/**
 * Job postings: employer first (industry, county), then an occupation that industry hires,
 * salary from the occupation's wage scaled by city tier, seasonal posting dates and a status
 * that follows from the posting's age (old postings are filled, expired or withdrawn).
 */
export class PostingGenerator implements Iterable<Envelope<'posting'>> {
  readonly count: number;
  readonly employers: EmployerPool;

  constructor(
    private readonly ctx: GenerationContext,
    options: PostingGeneratorOptions,
  ) {
    if (!Number.isInteger(options.count) || options.count < 0)
      throw new RangeError(`posting count must be a non-negative integer, got ${options.count}`);
    this.count = options.count;
    this.employers = new EmployerPool(ctx, options.employers ?? Math.max(20, Math.round(options.count / 6)));
  }

  *[Symbol.iterator](): Iterator<Envelope<'posting'>> {
    for (let i = 0; i < this.count; i++) yield this.at(i);
  }

  /**
   * The fields that decide who a posting suits (drawn first, cheaply): outcomes score several
   * candidate postings per referral and only build the full record for the one they keep.
   */
  core(index: number): PostingCore {
    const ctx = this.ctx;
    const r = Random.forRecord(ctx.seed, STREAM.posting, index);
    // Skewed towards low indices: a few employers post a lot, most post once or twice.
    const employerIndex = Math.floor(this.employers.size * r.next() ** 1.3);
    const { industry, county } = this.employers.placeAt(employerIndex);
    const occupation = ctx.occupationsFor(industry.code).pick(r);
    const tier = county.tier;

    const employmentType = pickEmploymentType(r, occupation, industry.code);
    const expMin = r.chance(0.35) ? 0 : r.int(occupation.experience[0], occupation.experience[1]);
    const expMax = r.chance(0.4) ? null : expMin + r.int(1, 5);
    let base = occupation.wage * TIER_WAGE_FACTOR[tier] * r.logNormal(0.18) * (1 + 0.04 * expMin);
    if (employmentType === 'part_time') base *= 0.5;
    else if (employmentType === 'internship') base *= 0.6;
    const minimumWage = TIER_MINIMUM_WAGE[tier];
    let salaryMin: number;
    let salaryMax: number | null;
    if (employmentType === 'public_welfare') {
      salaryMin = minimumWage;
      salaryMax = round100(minimumWage * (1 + r.next() * 0.15));
    } else {
      salaryMin = Math.max(employmentType === 'part_time' ? 1000 : minimumWage, round100(base * 0.85));
      salaryMax = r.chance(0.06) ? null : round100(salaryMin * (1.15 + r.next() * 0.6));
    }
    const education = REQUIREMENTS[occupation.education].pick(r);
    const postedDay = ctx.postingDays.pick(r);
    return {
      r,
      employerIndex,
      occupation,
      tier,
      expMin,
      expMax,
      postedDay,
      occupation_code: r.chance(0.92) ? occupation.code : null,
      industry_code: industry.code,
      region_code: county.code,
      education_required: education,
      salary_min: salaryMin,
      salary_max: salaryMax,
      employment_type: employmentType,
      posted_date: ctx.date(postedDay),
    };
  }

  at(index: number): Envelope<'posting'> {
    const ctx = this.ctx;
    const core = this.core(index);
    const { r, occupation, expMin, expMax, postedDay, employment_type: employmentType, education_required: education } = core;
    const employer = this.employers.at(core.employerIndex);
    const salaryMonths = occupation.segment === 'professional' && r.chance(0.12) ? (r.chance(0.8) ? 13 : 14) : null;

    const validity = r.chance(0.05) ? null : VALIDITY_DAYS.pick(r);
    const expiryDay = validity == null ? null : postedDay + validity;
    const age = ctx.endDay - postedDay;
    let status: PostingPayload['status'];
    let changedDay = postedDay;
    if (expiryDay != null && expiryDay < ctx.endDay) {
      const u = r.next();
      status = u < 0.45 ? 'expired' : u < 0.85 ? 'filled' : 'withdrawn';
      changedDay = status === 'expired' ? expiryDay : postedDay + r.int(1, Math.max(1, expiryDay - postedDay));
    } else if (age < 4 && r.chance(0.45)) {
      status = 'pending_review';
    } else {
      const u = r.next();
      status = u < 0.82 ? 'published' : u < 0.95 ? 'filled' : 'withdrawn';
      if (status !== 'published') changedDay = postedDay + r.int(1, Math.max(1, Math.min(age, 45)));
    }
    changedDay = Math.min(changedDay, ctx.endDay);

    const title = postingTitle(r, occupation);
    const skills = r.sample(occupation.skills, r.int(2, Math.min(5, occupation.skills.length)));
    const benefits = r.sample(BENEFITS, r.int(2, 4));
    const description =
      `岗位职责：从事${occupation.name}相关工作，${DUTIES[occupation.segment]}。` +
      `任职要求：${EDUCATION_TEXT[education]}，${expMin === 0 ? '经验不限，可接受应届生' : `${expMin}年以上相关经验`}，` +
      `掌握${skills.join('、')}。福利待遇：${benefits.join('、')}。工作地点：${employer.county.cityName}${employer.county.name}。`;

    const payload: PostingPayload = {
      employer_credit_code: employer.creditCode,
      employer_name: employer.name,
      title,
      occupation_code: core.occupation_code,
      industry_code: core.industry_code,
      region_code: core.region_code,
      salary_min: core.salary_min,
      salary_max: core.salary_max,
      salary_months: salaryMonths,
      education_required: education,
      experience_min_years: expMin,
      experience_max_years: expMax,
      headcount: headcount(r, occupation, employer),
      description,
      skills,
      employment_type: employmentType,
      status,
      posted_date: core.posted_date,
      expiry_date: expiryDay == null ? null : ctx.date(expiryDay),
      commitment_accepted: r.chance(employer.size < 20 || employmentType === 'flexible' ? 0.12 : 0.02),
      source: SOURCES.pick(r),
    };
    const version = status === 'published' || status === 'pending_review' ? 1 : 2;
    return {
      type: 'posting',
      id: postingId(index),
      version,
      event_time: ctx.timestamp(changedDay, r.int(8 * 3600, 18 * 3600)),
      payload,
    };
  }
}

function pickEmploymentType(r: Random, occupation: Occupation, industryCode: string): PostingPayload['employment_type'] {
  if (occupation.flexible && r.chance(0.6)) return 'flexible';
  if (occupation.publicWelfare && (industryCode === 'N78' || industryCode === 'S96' || industryCode === 'Q85') && r.chance(0.35))
    return 'public_welfare';
  if ((occupation.segment === 'professional' || occupation.segment === 'clerical') && r.chance(0.06)) return 'internship';
  if (occupation.segment === 'service' && r.chance(0.1)) return 'part_time';
  return 'full_time';
}

function postingTitle(r: Random, occupation: Occupation): string {
  const title = r.pick(occupation.titles);
  const u = r.next();
  if (u < 0.06) return `急招${title}`;
  if (u < 0.09) return `诚聘${title}`;
  if (u < 0.13 && (occupation.segment === 'operative' || occupation.segment === 'trade')) return `${title}（包吃住）`;
  return title;
}

function headcount(r: Random, occupation: Occupation, employer: Employer): number {
  const big = employer.size >= 150;
  switch (occupation.segment) {
    case 'operative':
      return big ? r.int(5, 60) : r.int(1, 10);
    case 'trade':
      return big ? r.int(2, 15) : r.int(1, 5);
    case 'service':
      return r.int(1, 8);
    case 'agriculture':
      return r.int(1, 20);
    default:
      return r.chance(0.6) ? 1 : r.int(2, 5);
  }
}

function round100(x: number): number {
  return Math.round(x / 100) * 100;
}
