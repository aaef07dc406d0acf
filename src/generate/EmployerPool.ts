import { completeCreditCode } from '../validation/creditCode.ts';
import { COMPANY_FORMS, SURNAMES, TRADE_NAME_PARTS, type Industry } from './catalogue.ts';
import type { County, GenerationContext } from './GenerationContext.ts';
import { Random, WeightedTable } from './Random.ts';
import { STREAM } from './streams.ts';

export interface Employer {
  index: number;
  creditCode: string;
  name: string;
  industry: Industry;
  county: County;
  /** Headcount, used to size postings (and available to enterprise reports). */
  size: number;
}

const CACHE_SLOTS = 8192;
const CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];
const FORMS = WeightedTable.of(COMPANY_FORMS);
/** Names that already say what the body is get no company form appended. */
const NO_FORM = /(合作社|委员会|医院|卫生院|诊所|幼儿园|学校|养老院|中心)$/;

/**
 * A virtual pool of `size` employers: employer i is computed from (seed, i) on demand, so the
 * pool costs no memory at any scale and postings, reports and outcomes agree on who employer i is.
 */
export class EmployerPool {
  /** Direct-mapped cache: popular employers post many times, and building one costs two codes and a name. */
  private readonly cache: (Employer | undefined)[] = new Array(CACHE_SLOTS);

  constructor(
    private readonly ctx: GenerationContext,
    readonly size: number,
  ) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`employer pool size must be a positive integer, got ${size}`);
  }

  /** Industry and county of employer `index` (the first draws of `at`, so both always agree). */
  placeAt(index: number): { industry: Industry; county: County } {
    const r = Random.forRecord(this.ctx.seed, STREAM.employer, index);
    return { industry: this.ctx.industries.pick(r), county: this.ctx.postingCounties.pick(r) };
  }

  at(index: number): Employer {
    const slot = index & (CACHE_SLOTS - 1);
    const cached = this.cache[slot];
    if (cached !== undefined && cached.index === index) return cached;
    return (this.cache[slot] = this.build(index));
  }

  private build(index: number): Employer {
    const r = Random.forRecord(this.ctx.seed, STREAM.employer, index);
    const industry = this.ctx.industries.pick(r);
    const county = this.ctx.postingCounties.pick(r);
    const business = r.pick(industry.business);
    const trade = r.pick(TRADE_NAME_PARTS[0]) + r.pick(TRADE_NAME_PARTS[1]);
    const place = r.chance(0.55) ? county.cityShortName : county.shortName;
    const name = NO_FORM.test(business)
      ? `${place}${business.includes('委员会') ? `${r.pick(SURNAMES)}庄村` : trade}${business}`
      : `${place}${trade}${business}${FORMS.pick(r)}`;
    const size = Math.max(1, Math.round(industry.typicalSize * r.logNormal(0.9)));
    return { index, creditCode: creditCode(r, registrationPrefix(industry, business, r), county.code), name, industry, county, size };
  }
}

/** GB 32100 positions 1–2: registering authority and kind of body. */
function registrationPrefix(industry: Industry, business: string, r: Random): string {
  if (business.endsWith('委员会')) return '54';
  if (business.includes('合作社')) return '93';
  if (industry.code === 'P83' || industry.code === 'Q84') return r.chance(0.6) ? '12' : '52';
  if (industry.code === 'Q85') return r.chance(0.5) ? '52' : '91';
  return r.chance(0.93) ? '91' : '92';
}

/** Prefix + county code + a 9-character organisation code (GB 11714 check) + GB 32100 check. */
function creditCode(r: Random, prefix: string, countyCode: string): string {
  let body = '';
  if (r.chance(0.7)) {
    // Codes issued since 2015 start their organisation part with MA.
    body = 'MA';
    for (let k = 0; k < 6; k++) body += CODE_ALPHABET[r.int(0, 30)];
  } else {
    for (let k = 0; k < 8; k++) body += String(r.int(0, 9));
  }
  let sum = 0;
  for (let k = 0; k < 8; k++) sum += orgCodeValue(body[k]!) * ORG_WEIGHTS[k]!;
  const c = 11 - (sum % 11);
  body += c === 10 ? 'X' : c === 11 ? '0' : String(c);
  return completeCreditCode(prefix + countyCode + body);
}

/** GB 11714 values: digits as themselves, letters A=10 … Z=35. */
function orgCodeValue(ch: string): number {
  const code = ch.charCodeAt(0);
  return code <= 57 ? code - 48 : code - 55;
}
