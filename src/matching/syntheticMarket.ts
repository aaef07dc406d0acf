import type { MatchPosting, MatchSeeker } from './matchTypes.ts';
import { Regions } from '../validation/Regions.ts';
import { EDUCATION_LEVELS, KEY_GROUPS } from '../records/fields.ts';

/**
 * A compact seeded labour market for the matching benchmark and tests: one sending province
 * (Sichuan, 510000) and two receiving partner provinces (Zhejiang, Guangdong), a synthetic
 * occupation tree shaped like the 2022 classification (major-middle-small-unit) with a skill
 * pool per small group, and seekers whose wishes and skills cluster around nearby occupations.
 * Not a substitute for src/generate (the project's record generator); this one yields matcher
 * inputs directly and fast.
 */
/** mulberry32: small, seeded, the same on every machine. */
function rng(s: number) {
  let state = s | 0;
  const next = () => {
    let t = (state = (state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (a: number, b: number) => a + Math.floor(next() * (b - a + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  /** Skewed pick: low indices are more likely (a few big cities, common occupations). */
  const skew = <T>(xs: readonly T[]): T => xs[Math.floor(xs.length * next() ** 2)]!;
  return { next, int, pick, skew, chance: (p: number) => next() < p };
}

export const SYNTHETIC_NOW = new Date('2026-06-30T00:00:00Z');
const NOW = SYNTHETIC_NOW;
const iso = (daysAgo: number) => new Date(NOW.getTime() - daysAgo * 86_400_000).toISOString().slice(0, 10);

const regions = [...Regions.get().all()];
const countiesOf = (prov: string) => regions.filter((r) => r.level === 'county' && r.provinceCode === prov).map((r) => r.code);
const HOME = countiesOf('510000');
const PARTNERS = [...countiesOf('330000'), ...countiesOf('440000')];

const HAN =
  '车铣焊钳电装配检验仓储物流配送驾驶销售客服会计出纳文员行政人事护理保育家政餐饮' +
  '烹饪面点保安保洁绿化维修安装调试数控模具注塑包装质检采购营销策划设计编程测试运' +
  '维数据网络教培养老康复美容美发导购收银理货快递外卖';
const HEADS = ['工', '员', '师', '技术员', '专员', '主管', '助理', '工程师'];
const GENERIC = ['沟通能力', '团队协作', '办公软件', '吃苦耐劳', '驾驶证C1', '普通话'];

interface Occupation {
  code: string;
  title: string;
  skills: string[];
}
/** Shaped like the 2022 classification (79 middle, 449 small, 1,636 unit groups): 80 / 480 / 1,440 here. */
function catalogue(): Occupation[] {
  const r = rng(31);
  const out: Occupation[] = [];
  for (const major of [2, 3, 4, 5, 6])
    for (let middle = 1; middle <= 16; middle++)
      for (let minor = 1; minor <= 6; minor++) {
        const pool = Array.from({ length: 14 }, (_, k) => `技能${major}${middle}-${minor}-${k}`);
        for (let unit = 1; unit <= UNITS_PER_MINOR; unit++) {
          const stem = HAN.slice(r.int(0, HAN.length - 2)).slice(0, 2);
          out.push({
            code: `${major}-${String(middle).padStart(2, '0')}-${String(minor).padStart(2, '0')}-${String(unit).padStart(2, '0')}`,
            title: stem + r.pick(HEADS),
            skills: Array.from(new Set(Array.from({ length: 7 }, () => r.pick(pool)))),
          });
        }
      }
  return out;
}
const UNITS_PER_MINOR = 3;
const UNITS_PER_MIDDLE = 6 * UNITS_PER_MINOR;
const OCCS = catalogue();
const near = (r: ReturnType<typeof rng>, o: Occupation): Occupation => {
  const i = OCCS.indexOf(o);
  const j = r.chance(0.6)
    ? i - (i % UNITS_PER_MINOR) + r.int(0, UNITS_PER_MINOR - 1)
    : i - (i % UNITS_PER_MIDDLE) + r.int(0, UNITS_PER_MIDDLE - 1);
  return OCCS[Math.max(0, Math.min(OCCS.length - 1, j))]!;
};

export function generatePostings(n: number, s: number): MatchPosting[] {
  const r = rng(s);
  return Array.from({ length: n }, (_, i) => {
    const occ = r.skew(OCCS);
    const min = r.int(25, 120) * 100;
    const posted = r.int(0, 90);
    const roll = r.next();
    return {
      id: `P${i}`,
      title: (r.chance(0.3) ? r.pick(['高级', '初级', '熟练', '储备']) : '') + occ.title,
      occupation_code: r.chance(0.95) ? occ.code : null,
      industry_code: r.pick(['C', 'C13', 'C34', 'F', 'G', 'H', 'I', 'O', 'Q']),
      region_code: r.chance(0.08) ? r.pick(PARTNERS) : r.skew(HOME),
      salary_min: min,
      salary_max: r.chance(0.1) ? null : Math.round(min * (1.2 + r.next() * 0.6)),
      education_required: r.pick(['any', 'any', 'junior_high', 'senior_high', 'secondary_vocational', 'associate', 'bachelor'] as const),
      experience_min_years: r.pick([0, 0, 1, 2, 3, 5]),
      headcount: r.int(1, 8),
      skills: [...occ.skills.filter(() => r.chance(0.6)), ...(r.chance(0.4) ? [r.pick(GENERIC)] : [])],
      employment_type:
        roll < 0.03 ? 'public_welfare' : roll < 0.07 ? 'internship' : roll < 0.15 ? 'part_time' : roll < 0.2 ? 'flexible' : 'full_time',
      status: r.chance(0.85) ? 'published' : r.pick(['filled', 'expired', 'pending_review', 'withdrawn'] as const),
      posted_date: iso(posted),
      expiry_date: r.chance(0.9) ? iso(posted - r.int(30, 150)) : null,
      description: r.chance(0.02) ? r.pick(['限男性，35岁以下', '本地户口优先', '已婚已育']) : '岗位职责：按要求完成本职工作。',
    };
  });
}

export function generateSeekers(n: number, s: number): MatchSeeker[] {
  const r = rng(s);
  return Array.from({ length: n }, (_, i) => {
    const first = r.skew(OCCS);
    const wanted = [first, ...Array.from({ length: r.int(0, 2) }, () => near(r, first))];
    const skills = new Set<string>();
    for (const o of wanted) for (const sk of o.skills) if (r.chance(0.45)) skills.add(sk);
    if (r.chance(0.5)) skills.add(r.pick(GENERIC));
    const status = r.pick([
      'unemployed_registered',
      'unemployed_registered',
      'unemployed_unregistered',
      'employed',
      'flexible_employed',
      'student',
    ] as const);
    const home = r.skew(HOME);
    return {
      id: `S${i}`,
      gender: r.chance(0.5) ? 'female' : 'male',
      residence_region: home,
      birth_year: r.int(1966, 2006),
      education: r.pick(EDUCATION_LEVELS.slice(1, 7)),
      experience_years: r.int(0, 15),
      skills: [...skills],
      desired_titles: wanted.slice(0, 2).map((o) => o.title),
      desired_occupations: r.chance(0.9) ? wanted.map((o) => o.code) : [],
      desired_industries: r.chance(0.3) ? [r.pick(['C', 'F', 'G', 'I', 'Q'])] : [],
      desired_regions: r.chance(0.15) ? [r.chance(0.5) ? `${home.slice(0, 4)}00` : r.pick(['330000', '440100'])] : [],
      desired_salary_min: r.chance(0.6) ? r.int(25, 100) * 100 : null,
      desired_salary_max: null,
      willing_to_relocate: r.chance(0.3),
      employment_status: status,
      registration_date: status === 'unemployed_registered' ? iso(r.int(10, 900)) : null,
      key_groups: KEY_GROUPS.filter(() => r.chance(0.04)),
      contact_channel: r.pick(['app', 'app', 'app', 'sms', 'phone'] as const),
      failed_referrals: r.chance(0.2) ? r.int(1, 7) : 0,
    };
  });
}
