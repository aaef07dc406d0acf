import { EDUCATION_RANK, type EducationLevel } from '../records/fields.ts';
import { SkillVocabulary } from '../text/SkillVocabulary.ts';
import type { MatchingConfig } from './MatchingConfig.ts';
import type { MatchPosting, MatchSeeker, Tier } from './matchTypes.ts';

/**
 * Records compiled once per run into compact numeric features, so the same factor functions
 * serve the exact (brute-force) path, the fast path and the explanation without re-parsing
 * strings per pair. Skills and title character bigrams become sorted integer arrays.
 */
export class Vocabulary {
  private readonly ids = new Map<string, number>();
  readonly labels: string[] = [];

  /**
   * `canonical` maps one written skill to canonical ids; the default uses the project's skill
   * vocabulary (src/text: "MySQL" → sql, "电焊" → welding) and falls back to the
   * normalised text for skills it does not know.
   */
  constructor(private readonly canonical: (skill: string) => string[] = canonicalSkill) {}

  private readonly cache = new Map<string, number[]>();

  /** Canonical ids of one written skill (cached; do not mutate). */
  idsOfOne(skill: string): readonly number[] {
    let ids = this.cache.get(skill);
    if (!ids) {
      ids = this.canonical(skill)
        .filter((s) => s.length > 0)
        .map((s) => this.intern(s));
      this.cache.set(skill, ids);
    }
    return ids;
  }

  idsOf(skills: readonly string[]): Int32Array {
    const out: number[] = [];
    for (const skill of skills) {
      let ids = this.cache.get(skill);
      if (!ids) {
        ids = this.canonical(skill)
          .filter((s) => s.length > 0)
          .map((s) => this.intern(s));
        this.cache.set(skill, ids);
      }
      out.push(...ids);
    }
    return sortedUnique(out);
  }

  private intern(key: string): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.labels.length;
      this.ids.set(key, id);
      this.labels.push(key);
    }
    return id;
  }
}

export function canonicalSkill(skill: string): string[] {
  const ids = SkillVocabulary.default().extract(skill);
  return ids.length > 0 ? ids : [normaliseSkill(skill)];
}

export function normaliseSkill(skill: string): string {
  return skill.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
}

function sortedUnique(values: number[]): Int32Array {
  const a = Int32Array.from(values).sort();
  let n = 0;
  for (let i = 0; i < a.length; i++) if (i === 0 || a[i] !== a[i - 1]) a[n++] = a[i]!;
  return a.slice(0, n);
}

/** Character bigrams of titles (punctuation dropped), as sorted 32-bit codes. */
export function titleGrams(texts: readonly string[]): Uint32Array {
  const grams: number[] = [];
  for (const text of texts) {
    const chars = [
      ...text
        .normalize('NFKC')
        .toLowerCase()
        .replace(/[\s\p{P}\p{S}]+/gu, ''),
    ];
    if (chars.length === 1) grams.push(chars[0]!.codePointAt(0)! >>> 0);
    for (let i = 0; i + 1 < chars.length; i++)
      grams.push(((chars[i]!.codePointAt(0)! & 0xffff) * 65536 + (chars[i + 1]!.codePointAt(0)! & 0xffff)) >>> 0);
  }
  const a = Uint32Array.from(grams).sort();
  let n = 0;
  for (let i = 0; i < a.length; i++) if (i === 0 || a[i] !== a[i - 1]) a[n++] = a[i]!;
  return a.slice(0, n);
}

/** `2-02-10-03` → 2021003; a group prefix `2-02` → 2020000 with level 2. */
export function encodeOccupation(code: string | null | undefined): { value: number; level: number } {
  if (!code) return { value: -1, level: 0 };
  const parts = code.split('-').map(Number);
  const [major = 0, middle = 0, minor = 0, unit = 0] = parts;
  return { value: major * 1_000_000 + middle * 10_000 + minor * 100 + unit, level: parts.length };
}

/** Digits shared by two region codes at province (2), city (4) or county (6) level. */
export function regionLevelOf(code: string): 2 | 4 | 6 {
  if (code.endsWith('0000')) return 2;
  if (code.endsWith('00')) return 4;
  return 6;
}

export interface PostingFeatures {
  index: number;
  record: MatchPosting;
  skills: Int32Array;
  grams: Uint32Array;
  occupation: number;
  occupationLevel: number;
  industry: string | null;
  salaryMin: number;
  /** Open-ended postings ("…以上") have no ceiling. */
  salaryMax: number;
  educationRank: number;
  experienceMin: number;
  region: number;
  city: number;
  province: number;
  postedDay: number;
  expiryDay: number;
  publicWelfare: boolean;
  /** Published, not expired, not filled, not flagged: may be recommended at all. */
  active: boolean;
  flagged: boolean;
}

export interface SeekerFeatures {
  index: number;
  record: MatchSeeker;
  skills: Int32Array;
  grams: Uint32Array;
  occupations: Int32Array;
  occupationLevels: Int8Array;
  industries: readonly string[];
  salaryMin: number;
  educationRank: number;
  experienceYears: number;
  region: number;
  city: number;
  province: number;
  /** Desired regions as [prefix value, prefix digits] pairs, e.g. 5101 with 4 digits for a city. */
  desired: { prefix: number; digits: 2 | 4 | 6 }[];
  /** Receiving regions of partner agreements that cover this seeker's residence. */
  partners: { prefix: number; digits: 2 | 4 | 6 }[];
  willingToRelocate: boolean;
  tier: Tier;
}

export const dayNumber = (iso: string): number => Math.floor(Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) / 86_400_000);

export function compilePosting(p: MatchPosting, index: number, vocab: Vocabulary, today: number, flagged: boolean): PostingFeatures {
  const occ = encodeOccupation(p.occupation_code);
  const region = Number(p.region_code);
  const expiryDay = p.expiry_date ? dayNumber(p.expiry_date) : Number.POSITIVE_INFINITY;
  return {
    index,
    record: p,
    skills: vocab.idsOf(p.skills),
    grams: titleGrams([p.title]),
    occupation: occ.value,
    occupationLevel: occ.level,
    industry: p.industry_code ?? null,
    salaryMin: p.salary_min,
    salaryMax: p.salary_max ?? Number.POSITIVE_INFINITY,
    educationRank: p.education_required === 'any' ? -1 : EDUCATION_RANK[p.education_required as EducationLevel],
    experienceMin: p.experience_min_years,
    region,
    city: Math.floor(region / 100),
    province: Math.floor(region / 10_000),
    postedDay: dayNumber(p.posted_date),
    expiryDay,
    publicWelfare: p.employment_type === 'public_welfare',
    active: p.status === 'published' && expiryDay >= today && !flagged,
    flagged,
  };
}

function prefixOf(code: string): { prefix: number; digits: 2 | 4 | 6 } {
  const digits = regionLevelOf(code);
  return { prefix: Math.floor(Number(code) / 10 ** (6 - digits)), digits };
}

export function compileSeeker(
  s: MatchSeeker,
  index: number,
  vocab: Vocabulary,
  tier: Tier,
  config: Pick<MatchingConfig, 'partnerRegions'>,
): SeekerFeatures {
  const occs = s.desired_occupations.map(encodeOccupation).filter((o) => o.value >= 0);
  const region = Number(s.residence_region);
  const partners = config.partnerRegions.filter((p) => inPrefix(region, prefixOf(p.from))).map((p) => prefixOf(p.to));
  const titles = s.desired_titles.length > 0 ? s.desired_titles : s.experience_text ? [s.experience_text.slice(0, 200)] : [];
  return {
    index,
    record: s,
    skills: vocab.idsOf(s.skills),
    grams: titleGrams(titles),
    occupations: Int32Array.from(occs.map((o) => o.value)),
    occupationLevels: Int8Array.from(occs.map((o) => o.level)),
    industries: s.desired_industries,
    salaryMin: s.desired_salary_min ?? Number.NaN,
    educationRank: EDUCATION_RANK[s.education],
    experienceYears: s.experience_years,
    region,
    city: Math.floor(region / 100),
    province: Math.floor(region / 10_000),
    desired: s.desired_regions.map(prefixOf),
    partners,
    willingToRelocate: s.willing_to_relocate,
    tier,
  };
}

const PREFIX_DIVISOR = [1, 1, 10_000, 1, 100, 1, 1];

export function inPrefix(region: number, p: { prefix: number; digits: 2 | 4 | 6 }): boolean {
  return ((region / PREFIX_DIVISOR[p.digits]!) | 0) === p.prefix;
}
