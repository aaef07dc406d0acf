import { Regions } from '../validation/Regions.ts';
import {
  INDUSTRIES,
  MONTH_HIRING_WEIGHT,
  OCCUPATIONS,
  PROFILES,
  TIER_SEEKER_FACTOR,
  type CityTier,
  type Industry,
  type Occupation,
  type ProfileName,
  type Segment,
} from './catalogue.ts';
import { WeightedTable, seedFrom } from './Random.ts';
import { PipelineError } from '../core/PipelineError.ts';

export interface GeneratorOptions {
  /** Any integer or string; the same seed gives the same bytes. */
  seed?: number | string;
  /** Which cities the data covers (default `national`; `sample` is the data-samples/ area). */
  profile?: ProfileName;
  /** Last month of the window, YYYY-MM. Fixed by default so output never depends on today's date. */
  endMonth?: string;
  /** Length of the window in months (postings, follow-ups and outcomes fall inside it). */
  months?: number;
  /** Share of seekers that carry a raw `id_number` (exercises GB 11643 checking and hashing). */
  idNumberShare?: number;
  /** Share of seekers in zero-employment households (members share a household id). */
  zeroEmploymentShare?: number;
}

export const DEFAULT_END_MONTH = '2026-06';
export const DEFAULT_MONTHS = 12;

export interface County {
  code: string;
  name: string;
  /** Short place name used in employer names, e.g. 南和 for 南和区. */
  shortName: string;
  cityCode: string;
  cityName: string;
  cityShortName: string;
  tier: CityTier;
}

const DAY_MS = 86_400_000;

/**
 * Everything the generators share, resolved once: the seed, the date window, weighted tables
 * of counties, industries, occupations and posting days. Immutable after construction, so
 * generators built on the same context are independent and can run in any order.
 */
export class GenerationContext {
  readonly seed: number;
  readonly profile: ProfileName;
  readonly endMonth: string;
  readonly months: number;
  readonly idNumberShare: number;
  readonly zeroEmploymentShare: number;
  /** Day numbers (days since 1970-01-01, UTC) of the window's first and last day. */
  readonly startDay: number;
  readonly endDay: number;
  readonly endYear: number;

  readonly postingCounties: WeightedTable<County>;
  readonly seekerCounties: WeightedTable<County>;
  readonly industries: WeightedTable<Industry>;
  readonly postingDays: WeightedTable<number>;
  private readonly occupationsByIndustry = new Map<string, WeightedTable<Occupation>>();
  private readonly occupationsBySegment = new Map<Segment, WeightedTable<Occupation>>();
  private readonly industryByCode = new Map<string, Industry>();
  private readonly dateCache: string[] = [];
  private readonly dateCacheStart: number;

  constructor(options: GeneratorOptions = {}) {
    this.seed = seedFrom(options.seed ?? 1);
    this.profile = options.profile ?? 'national';
    this.endMonth = options.endMonth ?? DEFAULT_END_MONTH;
    this.months = options.months ?? DEFAULT_MONTHS;
    this.idNumberShare = options.idNumberShare ?? 0.02;
    this.zeroEmploymentShare = options.zeroEmploymentShare ?? 0.01;
    const match = /^(\d{4})-(\d{2})$/.exec(this.endMonth);
    if (!match || Number(match[2]) < 1 || Number(match[2]) > 12) throw new RangeError(`endMonth must be YYYY-MM, got ${this.endMonth}`);
    if (!Number.isInteger(this.months) || this.months < 1 || this.months > 120)
      throw new RangeError(`months must be 1..120, got ${this.months}`);
    const year = Number(match[1]);
    const month = Number(match[2]);
    this.endYear = year;
    this.endDay = Date.UTC(year, month, 0) / DAY_MS;
    this.startDay = Date.UTC(year, month - this.months, 1) / DAY_MS;

    const regions = Regions.get();
    const postingCounties: [County, number][] = [];
    const seekerCounties: [County, number][] = [];
    for (const city of PROFILES[this.profile]) {
      const cityCode = city.code.padEnd(6, '0');
      const cityName = regions.name(cityCode);
      if (!cityName) {
        throw new PipelineError(`profile ${this.profile}: city ${city.code} is not a GB/T 2260 division`, {
          code: 'GENERATE_CATALOGUE_INVALID',
          retriable: false,
          hint: 'fix the profile in src/generate (its cities must be GB/T 2260 city codes)',
        });
      }
      const cityShortName = shortPlaceName(cityName);
      const counties = [...regions.all()].filter(
        // Codes 7x are development zones, not places people give as their residence.
        (r) => r.level === 'county' && r.cityCode === cityCode && !/^7\d$/.test(r.code.slice(4)),
      );
      const weights = counties.map((c) => (c.name.endsWith('区') ? 2 : 1) * (city.focus?.[c.code] ?? 1));
      const total = weights.reduce((a, b) => a + b, 0);
      counties.forEach((c, k) => {
        const county: County = {
          code: c.code,
          name: c.name,
          shortName: shortPlaceName(c.name),
          cityCode,
          cityName,
          cityShortName,
          tier: city.tier,
        };
        const share = (city.weight * weights[k]!) / total;
        postingCounties.push([county, share]);
        seekerCounties.push([county, share * TIER_SEEKER_FACTOR[city.tier]]);
      });
    }
    this.postingCounties = WeightedTable.of(postingCounties);
    this.seekerCounties = WeightedTable.of(seekerCounties);

    this.industries = WeightedTable.of(INDUSTRIES.map((i) => [i, i.weight] as const));
    for (const industry of INDUSTRIES) {
      this.industryByCode.set(industry.code, industry);
      const fits = OCCUPATIONS.filter((o) => o.industries.includes(industry.code));
      if (fits.length === 0) {
        throw new PipelineError(`catalogue: industry ${industry.code} has no occupation`, {
          code: 'GENERATE_CATALOGUE_INVALID',
          retriable: false,
          hint: 'give the industry at least one occupation in the generator catalogue',
        });
      }
      this.occupationsByIndustry.set(industry.code, WeightedTable.of(fits.map((o) => [o, o.postingWeight] as const)));
    }
    for (const segment of new Set(OCCUPATIONS.map((o) => o.segment))) {
      const fits = OCCUPATIONS.filter((o) => o.segment === segment);
      this.occupationsBySegment.set(segment, WeightedTable.of(fits.map((o) => [o, o.seekerWeight] as const)));
    }

    // Posting days: seasonal month weight, a Spring Festival lull, and quiet weekends.
    const days: [number, number][] = [];
    for (let d = this.startDay; d <= this.endDay; d++) {
      const date = new Date(d * DAY_MS);
      const m = date.getUTCMonth();
      const dom = date.getUTCDate();
      const weekday = date.getUTCDay();
      let w = MONTH_HIRING_WEIGHT[m]!;
      if (isSpringFestivalLull(date.getUTCFullYear(), m, dom)) w *= 0.25;
      if (weekday === 0 || weekday === 6) w *= 0.35;
      days.push([d, w]);
    }
    this.postingDays = WeightedTable.of(days);

    this.dateCacheStart = this.startDay - 3 * 366;
    for (let d = this.dateCacheStart; d <= this.endDay + 400; d++) this.dateCache.push(new Date(d * DAY_MS).toISOString().slice(0, 10));
  }

  occupationsFor(industryCode: string): WeightedTable<Occupation> {
    return this.occupationsByIndustry.get(industryCode)!;
  }

  occupationsIn(segment: Segment): WeightedTable<Occupation> {
    return this.occupationsBySegment.get(segment)!;
  }

  industry(code: string): Industry | undefined {
    return this.industryByCode.get(code);
  }

  /** YYYY-MM-DD of a day number. */
  date(day: number): string {
    const k = day - this.dateCacheStart;
    return k >= 0 && k < this.dateCache.length ? this.dateCache[k]! : new Date(day * DAY_MS).toISOString().slice(0, 10);
  }

  /** ISO timestamp in China Standard Time, e.g. 2026-03-02T09:41:07+08:00. */
  timestamp(day: number, secondOfDay: number): string {
    const h = Math.floor(secondOfDay / 3600);
    const m = Math.floor((secondOfDay % 3600) / 60);
    const s = secondOfDay % 60;
    return `${this.date(day)}T${two(h)}:${two(m)}:${two(s)}+08:00`;
  }
}

export function dayOf(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / DAY_MS;
}

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Spring Festival (first day of the lunar year), 2015–2035; hiring stops from a week before to a week after. */
const SPRING_FESTIVAL: Readonly<Record<number, string>> = {
  2015: '02-19',
  2016: '02-08',
  2017: '01-28',
  2018: '02-16',
  2019: '02-05',
  2020: '01-25',
  2021: '02-12',
  2022: '02-01',
  2023: '01-22',
  2024: '02-10',
  2025: '01-29',
  2026: '02-17',
  2027: '02-06',
  2028: '01-26',
  2029: '02-13',
  2030: '02-03',
  2031: '01-23',
  2032: '02-11',
  2033: '01-31',
  2034: '02-19',
  2035: '02-08',
};

function isSpringFestivalLull(year: number, month0: number, dom: number): boolean {
  const md = SPRING_FESTIVAL[year];
  if (!md) return false;
  const festival = Date.UTC(year, Number(md.slice(0, 2)) - 1, Number(md.slice(3)));
  const offset = (Date.UTC(year, month0, dom) - festival) / DAY_MS;
  return offset >= -7 && offset <= 7;
}

const PLACE_SUFFIXES = ['土家族自治县', '羌族自治县', '自治县', '新区', '市', '区', '县'];

export function shortPlaceName(name: string): string {
  for (const suffix of PLACE_SUFFIXES) {
    if (name.length > suffix.length + 1 && name.endsWith(suffix)) return name.slice(0, -suffix.length);
  }
  return name;
}
