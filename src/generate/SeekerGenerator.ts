import type { EducationLevel, KeyGroup } from '../records/fields.ts';
import { EDUCATION_RANK } from '../records/fields.ts';
import type { Envelope, PayloadOf } from '../records/envelope.ts';
import { idNumberCheckChar } from '../validation/idNumber.ts';
import {
  ATTAINMENT_WEIGHTS,
  GENERAL_SKILLS,
  NATIONAL_DESTINATIONS,
  PROVINCE_DESTINATIONS,
  TIER1_CITY_CODES,
  TIER_MINIMUM_WAGE,
  TIER_WAGE_FACTOR,
  TRADE_NAME_PARTS,
  type CityTier,
  type EducationBand,
  type Occupation,
  type Segment,
} from './catalogue.ts';
import type { County, GenerationContext } from './GenerationContext.ts';
import { Random, WeightedTable } from './Random.ts';
import { STREAM } from './streams.ts';

type SeekerPayload = PayloadOf<'seeker'>;
type Status = SeekerPayload['employment_status'];

/** Who the seeker is, before any field is drawn; key-group flags follow from it. */
export type Persona = 'graduate' | 'migrant' | 'urban' | 'older' | 'laid_off' | 'veteran' | 'disabled' | 'poverty' | 'youth';

interface PersonaSpec {
  share: number;
  segments: readonly (readonly [Segment, number])[];
  statuses: readonly (readonly [Status, number])[];
  relocate: number;
}

/** Shares are of all seekers on a PES register (graduates and migrants dominate new registrations). */
export const PERSONAS: Record<Persona, PersonaSpec> = {
  graduate: {
    share: 0.17,
    relocate: 0.4,
    segments: [
      ['professional', 0.55],
      ['clerical', 0.25],
      ['service', 0.2],
    ],
    statuses: [
      ['unemployed_unregistered', 0.35],
      ['unemployed_registered', 0.25],
      ['student', 0.15],
      ['employed', 0.2],
      ['flexible_employed', 0.05],
    ],
  },
  migrant: {
    share: 0.22,
    relocate: 0.6,
    segments: [
      ['operative', 0.35],
      ['trade', 0.3],
      ['service', 0.25],
      ['agriculture', 0.1],
    ],
    statuses: [
      ['employed', 0.35],
      ['flexible_employed', 0.2],
      ['unemployed_registered', 0.2],
      ['unemployed_unregistered', 0.25],
    ],
  },
  urban: {
    share: 0.3,
    relocate: 0.15,
    segments: [
      ['professional', 0.2],
      ['clerical', 0.2],
      ['service', 0.3],
      ['trade', 0.15],
      ['operative', 0.15],
    ],
    statuses: [
      ['employed', 0.35],
      ['flexible_employed', 0.1],
      ['unemployed_registered', 0.35],
      ['unemployed_unregistered', 0.2],
    ],
  },
  older: {
    share: 0.11,
    relocate: 0.05,
    segments: [
      ['service', 0.35],
      ['operative', 0.4],
      ['agriculture', 0.15],
      ['trade', 0.1],
    ],
    statuses: [
      ['unemployed_registered', 0.5],
      ['employed', 0.2],
      ['flexible_employed', 0.15],
      ['unemployed_unregistered', 0.1],
      ['out_of_labour_force', 0.05],
    ],
  },
  laid_off: {
    share: 0.05,
    relocate: 0.2,
    segments: [
      ['trade', 0.35],
      ['operative', 0.35],
      ['clerical', 0.15],
      ['service', 0.15],
    ],
    statuses: [
      ['unemployed_registered', 0.7],
      ['flexible_employed', 0.15],
      ['employed', 0.15],
    ],
  },
  veteran: {
    share: 0.025,
    relocate: 0.3,
    segments: [
      ['service', 0.3],
      ['operative', 0.3],
      ['trade', 0.2],
      ['clerical', 0.2],
    ],
    statuses: [
      ['unemployed_registered', 0.4],
      ['employed', 0.35],
      ['unemployed_unregistered', 0.25],
    ],
  },
  disabled: {
    share: 0.015,
    relocate: 0.05,
    segments: [
      ['clerical', 0.3],
      ['service', 0.4],
      ['operative', 0.3],
    ],
    statuses: [
      ['unemployed_registered', 0.55],
      ['employed', 0.25],
      ['flexible_employed', 0.1],
      ['out_of_labour_force', 0.1],
    ],
  },
  poverty: {
    share: 0.04,
    relocate: 0.45,
    segments: [
      ['operative', 0.4],
      ['agriculture', 0.3],
      ['service', 0.2],
      ['trade', 0.1],
    ],
    statuses: [
      ['employed', 0.35],
      ['flexible_employed', 0.2],
      ['unemployed_registered', 0.3],
      ['unemployed_unregistered', 0.15],
    ],
  },
  youth: {
    share: 0.03,
    relocate: 0.2,
    segments: [
      ['service', 0.5],
      ['operative', 0.5],
    ],
    statuses: [
      ['unemployed_registered', 0.4],
      ['unemployed_unregistered', 0.4],
      ['student', 0.2],
    ],
  },
};

const PERSONA_TABLE = WeightedTable.of(Object.entries(PERSONAS).map(([p, s]) => [p as Persona, s.share] as const));
const SEGMENT_TABLES = Object.fromEntries(Object.entries(PERSONAS).map(([p, s]) => [p, WeightedTable.of(s.segments)])) as Record<
  Persona,
  WeightedTable<Segment>
>;
const STATUS_TABLES = Object.fromEntries(Object.entries(PERSONAS).map(([p, s]) => [p, WeightedTable.of(s.statuses)])) as Record<
  Persona,
  WeightedTable<Status>
>;
const ATTAINMENT = Object.fromEntries(Object.entries(ATTAINMENT_WEIGHTS).map(([band, pairs]) => [band, WeightedTable.of(pairs)])) as Record<
  EducationBand,
  WeightedTable<EducationLevel>
>;
const YOUTH_EDUCATION = WeightedTable.of([
  ['junior_high', 0.5],
  ['senior_high', 0.2],
  ['secondary_vocational', 0.3],
] as const);
/** Age at leaving school by level. */
const SCHOOL_LEAVING_AGE: Record<EducationLevel, number> = {
  none: 14,
  primary: 14,
  junior_high: 16,
  senior_high: 19,
  secondary_vocational: 18,
  associate: 21,
  bachelor: 22,
  master: 25,
  doctorate: 29,
};
const EDUCATION_WAGE_FACTOR: Record<EducationLevel, number> = {
  none: 0.85,
  primary: 0.88,
  junior_high: 0.93,
  senior_high: 0.97,
  secondary_vocational: 1,
  associate: 1,
  bachelor: 1.08,
  master: 1.25,
  doctorate: 1.4,
};

/** Seeker ids are stable across runs and seeds: S000000042 is always seeker 42. */
export function seekerId(index: number): string {
  return `S${String(index).padStart(9, '0')}`;
}

/** Members of a zero-employment household occupy consecutive seeker indices in blocks of three. */
const HOUSEHOLD_BLOCK = 3;

export interface GeneratedSeeker {
  envelope: Envelope<'seeker'>;
  persona: Persona;
  occupation: Occupation;
  county: County;
  /** Day number the seeker found work after being registered (follow-ups end with `employed`). */
  reemployedDay: number | null;
}

/**
 * Job-seeker profiles on a PES register. Each seeker is drawn from a persona (graduate, rural
 * migrant, 4050, laid-off, …) whose shares, occupations, statuses and key-group flags are
 * documented in docs/generator.md; registered unemployed get registration dates that make
 * about a third of them long-term unemployed.
 */
export class SeekerGenerator implements Iterable<Envelope<'seeker'>> {
  constructor(
    private readonly ctx: GenerationContext,
    readonly count: number,
  ) {
    if (!Number.isInteger(count) || count < 0) throw new RangeError(`seeker count must be a non-negative integer, got ${count}`);
  }

  *[Symbol.iterator](): Iterator<Envelope<'seeker'>> {
    for (let i = 0; i < this.count; i++) yield this.at(i);
  }

  at(index: number): Envelope<'seeker'> {
    return this.detailed(index).envelope;
  }

  /** The seeker plus what follow-ups and outcomes need to stay consistent with it. */
  detailed(index: number): GeneratedSeeker {
    const ctx = this.ctx;
    const r = Random.forRecord(ctx.seed, STREAM.seeker, index);
    const household = this.household(index);

    let persona = PERSONA_TABLE.pick(r);
    if (household && (persona === 'graduate' || persona === 'migrant' || persona === 'veteran')) persona = 'urban';
    const spec = PERSONAS[persona];
    const county = household?.county ?? ctx.seekerCounties.pick(r);

    // Gender and age first: the 4050 definition is women 40+, men 50+.
    let gender: SeekerPayload['gender'] = r.chance(persona === 'migrant' ? 0.62 : 0.52) ? 'male' : 'female';
    if (r.chance(0.01)) gender = 'unspecified';
    const age = drawAge(r, persona, gender);
    const birthYear = ctx.endYear - age;

    const occupation = ctx.occupationsIn(SEGMENT_TABLES[persona].pick(r)).pick(r);
    let education: EducationLevel;
    if (persona === 'youth') education = YOUTH_EDUCATION.pick(r);
    else {
      education = ATTAINMENT[occupation.education].pick(r);
      if (persona === 'graduate' && EDUCATION_RANK[education] < EDUCATION_RANK.associate) education = 'associate';
      if (persona === 'older' && EDUCATION_RANK[education] > EDUCATION_RANK.associate && r.chance(0.7)) education = 'senior_high';
    }
    const leaving = SCHOOL_LEAVING_AGE[education];
    let graduationYear: number | null = null;
    if (persona === 'graduate') graduationYear = ctx.endYear - (r.chance(0.6) ? 0 : 1);
    else if (EDUCATION_RANK[education] >= EDUCATION_RANK.junior_high && r.chance(0.6))
      graduationYear = Math.min(ctx.endYear, birthYear + leaving);
    const careerYears = Math.max(0, age - Math.max(leaving, 16));
    let experience =
      persona === 'graduate' || persona === 'youth' ? (r.chance(0.7) ? 0 : 1) : Math.round(careerYears * (0.5 + r.next() * 0.5));
    experience = Math.max(0, Math.min(experience, ctx.endYear - birthYear - 14));

    let status = household ? 'unemployed_registered' : STATUS_TABLES[persona].pick(r);
    if (status === 'student' && persona === 'graduate' && graduationYear! < ctx.endYear) status = 'unemployed_unregistered';

    let registrationDay: number | null = null;
    let reemployedDay: number | null = null;
    if (status === 'unemployed_registered') {
      // Mean five months on the register: about a third are long-term (6+ months) unemployed.
      registrationDay = ctx.endDay - Math.min(720, Math.floor(r.exponential(persona === 'older' || household ? 240 : 140)));
    } else if ((status === 'employed' || status === 'flexible_employed') && r.chance(0.3)) {
      // Found work after registering: the follow-up ledger ends with an `employed` contact.
      registrationDay = ctx.endDay - r.int(60, 540);
      reemployedDay = Math.min(ctx.endDay - 1, registrationDay + 20 + Math.floor(r.exponential(100)));
    }
    const registeredDays = registrationDay == null ? 0 : ctx.endDay - registrationDay;

    const keyGroups = new Set<KeyGroup>();
    if (persona === 'graduate' && graduationYear != null && ctx.endYear - graduationYear <= 2) keyGroups.add('college_graduate');
    if (persona === 'migrant' || (persona === 'poverty' && r.chance(0.5))) keyGroups.add('rural_migrant');
    if (persona === 'poverty') keyGroups.add('poverty_alleviated');
    if (persona === 'laid_off') keyGroups.add('laid_off');
    if (persona === 'veteran') keyGroups.add('veteran');
    if (persona === 'disabled') keyGroups.add('disabled');
    const unemployed = status === 'unemployed_registered' || status === 'unemployed_unregistered';
    const is4050 = (gender === 'female' && age >= 40) || (gender === 'male' && age >= 50);
    if (persona === 'older' || (is4050 && unemployed && r.chance(0.5))) keyGroups.add('older_4050');
    if (household) keyGroups.add('zero_employment_household');
    if (status === 'unemployed_registered' && (persona === 'older' || persona === 'disabled' || household))
      keyGroups.add('employment_difficulty');
    if (status === 'unemployed_registered' && registeredDays >= 183) keyGroups.add('long_term_unemployed');
    if (status === 'unemployed_registered' && age < 20) keyGroups.add('under_20_unemployed');

    const drawsBenefit =
      (status === 'unemployed_registered' && registeredDays <= 720 && ['urban', 'laid_off', 'older'].includes(persona) && r.chance(0.4)) ||
      // Drawing benefit while employed is the abuse the cross-check looks for (policy: benefit-integrity).
      ((status === 'employed' || status === 'flexible_employed') && registrationDay != null && r.chance(0.03));
    const benefitSince = drawsBenefit && registrationDay != null ? Math.min(ctx.endDay, registrationDay + r.int(0, 15)) : null;

    const skills = r.sample(occupation.skills, r.int(2, Math.min(5, occupation.skills.length)));
    if (r.chance(0.5)) skills.push(r.pick(GENERAL_SKILLS));
    const title = r.pick(occupation.titles);
    const experienceText =
      experience > 0
        ? `${experience}年${occupation.name}相关工作经验，` +
          `曾在${county.cityShortName}${r.pick(TRADE_NAME_PARTS[0])}${r.pick(TRADE_NAME_PARTS[1])}公司担任${title}，` +
          `熟悉${skills.slice(0, 2).join('、')}。`
        : persona === 'graduate'
          ? `${graduationYear}届毕业生，所学专业与${occupation.name}相关，掌握${skills.slice(0, 2).join('、')}。`
          : '';

    const relocate = r.chance(spec.relocate);
    const desiredRegions = [county.code];
    if (r.chance(0.5)) desiredRegions.push(county.cityCode);
    let targetTier = county.tier;
    if (relocate) {
      const nearby = (PROVINCE_DESTINATIONS[county.code.slice(0, 2)] ?? []).filter((c) => c !== county.cityCode);
      const targets = [nearby.length > 0 ? r.pick(nearby) : r.pick(NATIONAL_DESTINATIONS)];
      if (r.chance(0.3)) targets.push(r.pick(NATIONAL_DESTINATIONS));
      for (const c of targets) {
        if (desiredRegions.includes(c)) continue;
        desiredRegions.push(c);
        targetTier = Math.min(targetTier, TIER1_CITY_CODES.includes(c) ? 1 : 2) as CityTier;
      }
    }
    const desiredMin = r.chance(0.1)
      ? null
      : Math.max(
          TIER_MINIMUM_WAGE[county.tier],
          round100(occupation.wage * TIER_WAGE_FACTOR[targetTier] * EDUCATION_WAGE_FACTOR[education] * r.logNormal(0.15) * 0.9),
        );
    const desiredMax = desiredMin == null || r.chance(0.3) ? null : round100(desiredMin * (1.25 + r.next() * 0.35));
    const desiredOccupations = [occupation.code];
    let second: Occupation | null = null;
    if (r.chance(0.25)) {
      second = ctx.occupationsIn(occupation.segment).pick(r);
      if (second.code !== occupation.code) desiredOccupations.push(second.code);
    }
    const desiredTitles = second && second.code !== occupation.code ? [title, r.pick(second.titles)] : [title];

    const older = age >= 45;
    const channel: SeekerPayload['contact_channel'] =
      persona === 'disabled' || older
        ? r.chance(0.5)
          ? 'phone'
          : r.chance(0.7)
            ? 'sms'
            : 'app'
        : r.chance(0.72)
          ? 'app'
          : r.chance(0.5)
            ? 'sms'
            : 'phone';

    const payload: SeekerPayload = {
      gender,
      residence_region: county.code,
      office_region: r.chance(0.92) ? county.code : null,
      birth_year: birthYear,
      education,
      graduation_year: graduationYear,
      experience_years: experience,
      skills,
      experience_text: experienceText,
      desired_titles: desiredTitles,
      desired_occupations: desiredOccupations,
      desired_industries: r.sample(occupation.industries, r.int(1, 2)),
      desired_regions: desiredRegions,
      desired_salary_min: desiredMin,
      desired_salary_max: desiredMax,
      willing_to_relocate: relocate,
      employment_status: status,
      registration_date: registrationDay == null ? null : ctx.date(registrationDay),
      draws_ui_benefit: drawsBenefit,
      ui_benefit_since: benefitSince == null ? null : ctx.date(benefitSince),
      household_id: household ? `HH${county.code}${String(household.block).padStart(8, '0')}` : null,
      key_groups: [...keyGroups],
      contact_channel: channel,
      failed_referrals: keyGroups.has('long_term_unemployed') ? Math.floor(r.exponential(1.5)) : r.chance(0.1) ? 1 : 0,
    };
    if (r.chance(ctx.idNumberShare)) payload.id_number = idNumber(r, county.code, birthYear, gender);

    const updatedDay = Math.max(registrationDay ?? 0, reemployedDay ?? 0, ctx.startDay + r.int(0, ctx.endDay - ctx.startDay));
    return {
      envelope: {
        type: 'seeker',
        id: seekerId(index),
        version: reemployedDay != null ? 2 : 1,
        event_time: ctx.timestamp(Math.min(updatedDay, ctx.endDay), r.int(8 * 3600, 18 * 3600)),
        payload,
      },
      persona,
      occupation,
      county,
      reemployedDay,
    };
  }

  /** Zero-employment households: a block of three indices shares one, with two or three members. */
  private household(index: number): { block: number; county: County } | null {
    const block = Math.floor(index / HOUSEHOLD_BLOCK);
    const r = Random.forRecord(this.ctx.seed, STREAM.household, block);
    // A household block holds 2.5 members on average, so this many blocks give the wanted seeker share.
    if (!r.chance((this.ctx.zeroEmploymentShare * HOUSEHOLD_BLOCK) / 2.5)) return null;
    const members = r.chance(0.5) ? 2 : 3;
    if (index % HOUSEHOLD_BLOCK >= members) return null;
    return { block, county: this.ctx.seekerCounties.pick(r) };
  }
}

function drawAge(r: Random, persona: Persona, gender: SeekerPayload['gender']): number {
  switch (persona) {
    case 'graduate':
      return r.int(21, 25);
    case 'youth':
      return r.int(16, 19);
    case 'older':
      return gender === 'female' ? r.int(40, 54) : r.int(50, 59);
    case 'laid_off':
      return r.int(30, 55);
    case 'veteran':
      return r.int(22, 38);
    case 'migrant':
    case 'poverty':
      return Math.min(60, Math.max(18, Math.round(35 + 9 * r.normal())));
    default:
      return Math.min(60, Math.max(20, Math.round(36 + 9 * r.normal())));
  }
}

/** A GB 11643 number: residence county, birth date, sequence (odd for men), check character. */
function idNumber(r: Random, countyCode: string, birthYear: number, gender: SeekerPayload['gender']): string {
  const month = r.int(1, 12);
  const day = r.int(1, 28);
  let seq = r.int(0, 998);
  if (gender === 'male' && seq % 2 === 0) seq += 1;
  if (gender === 'female' && seq % 2 === 1) seq -= 1;
  const first17 = `${countyCode}${birthYear}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${String(seq).padStart(3, '0')}`;
  return first17 + idNumberCheckChar(first17);
}

function round100(x: number): number {
  return Math.round(x / 100) * 100;
}
