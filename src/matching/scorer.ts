import { FACTOR_NAMES, type FactorName, type MatchingConfig } from './MatchingConfig.ts';
import { inPrefix, type PostingFeatures, type SeekerFeatures } from './features.ts';

/**
 * The match score: a weighted sum of factor scores in [0, 1], divided by the weight total, so
 * it is itself in [0, 1] and every point of it can be attributed to one named factor. The same
 * function serves the exact path, the fast path and the explanation. No factor reads gender,
 * ethnicity, marital or childbearing status, or age.
 */
export type FilterReason =
  | 'posting_inactive'
  | 'unreachable_region'
  | 'education_gap'
  | 'experience_gap'
  | 'public_welfare_reserved'
  | 'not_relevant';

export const FACTOR_INDEX: Record<FactorName, number> = Object.fromEntries(FACTOR_NAMES.map((f, i) => [f, i])) as Record<
  FactorName,
  number
>;

export interface ScoringContext {
  weights: Float64Array;
  weightSum: number;
  unknown: number;
  maxEducationGap: number;
  maxExperienceGapYears: number;
  freshnessDays: number;
  today: number;
  minRelevance: number;
  /**
   * Every posting's skills and title bigrams in two flat arrays (offsets by posting index): one
   * contiguous block instead of two small arrays per posting keeps the hot loop in cache.
   */
  skillOffsets: Int32Array;
  skillValues: Int32Array;
  gramOffsets: Int32Array;
  gramValues: Uint32Array;
}

export function scoringContext(config: MatchingConfig, today: number, postings: readonly PostingFeatures[]): ScoringContext {
  const weights = Float64Array.from(FACTOR_NAMES.map((f) => config.weights[f]));
  const flatten = <A extends Int32Array | Uint32Array>(get: (p: PostingFeatures) => A, make: (n: number) => A) => {
    const offsets = new Int32Array(postings.length + 1);
    for (const p of postings) offsets[p.index + 1] = get(p).length;
    for (let i = 0; i < postings.length; i++) offsets[i + 1]! += offsets[i]!;
    const values = make(offsets[postings.length]!);
    for (const p of postings) values.set(get(p), offsets[p.index]!);
    return { offsets, values };
  };
  const skills = flatten(
    (p) => p.skills,
    (n) => new Int32Array(n),
  );
  const grams = flatten(
    (p) => p.grams,
    (n) => new Uint32Array(n),
  );
  return {
    weights,
    weightSum: weights.reduce((a, b) => a + b, 0),
    unknown: config.unknownFactor,
    maxEducationGap: config.maxEducationGap,
    maxExperienceGapYears: config.maxExperienceGapYears,
    freshnessDays: config.freshnessDays,
    today,
    minRelevance: config.minRelevance,
    skillOffsets: skills.offsets,
    skillValues: skills.values,
    gramOffsets: grams.offsets,
    gramValues: grams.values,
  };
}

/** |a ∩ b| for sorted arrays. Typed per array kind so the hot loop stays monomorphic. */
export function intersectCount(a: Int32Array, b: Int32Array): number {
  return rangeIntersect(a, 0, a.length, b);
}

function intersectCountU32(a: Uint32Array, b: Uint32Array): number {
  return rangeIntersectU32(a, 0, a.length, b);
}

/** |values[from, to) ∩ b|, values sorted. */
function rangeIntersect(values: Int32Array, from: number, to: number, b: Int32Array): number {
  let i = from,
    j = 0,
    n = 0;
  const lb = b.length;
  while (i < to && j < lb) {
    const x = values[i]!,
      y = b[j]!;
    if (x === y) {
      n++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return n;
}

function rangeIntersectU32(values: Uint32Array, from: number, to: number, b: Uint32Array): number {
  let i = from,
    j = 0,
    n = 0;
  const lb = b.length;
  while (i < to && j < lb) {
    const x = values[i]!,
      y = b[j]!;
    if (x === y) {
      n++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return n;
}

/** Share of what the posting asks for that the seeker has. */
export function coverage(postingSide: Int32Array, seekerSide: Int32Array, unknown: number): number {
  if (postingSide.length === 0 || seekerSide.length === 0) return unknown;
  return intersectCount(postingSide, seekerSide) / postingSide.length;
}

export function titleCoverage(postingSide: Uint32Array, seekerSide: Uint32Array, unknown: number): number {
  if (postingSide.length === 0 || seekerSide.length === 0) return unknown;
  return intersectCountU32(postingSide, seekerSide) / postingSide.length;
}

const OCCUPATION_BY_DEPTH = [0, 0.25, 0.5, 0.75, 1];
const DIVISORS = [1, 1_000_000, 10_000, 100, 1];

/** Same code 1; same small group 0.75; same middle 0.5; same major 0.25. A group the seeker names covers its members fully. */
export function occupationProximity(
  posting: number,
  postingLevel: number,
  wanted: Int32Array,
  wantedLevels: Int8Array,
  unknown: number,
): number {
  if (posting < 0 || wanted.length === 0) return unknown;
  let best = 0;
  for (let k = 0; k < wanted.length; k++) {
    const w = wanted[k]!;
    const maxDepth = Math.min(postingLevel, wantedLevels[k]!);
    let depth = 0;
    while (depth < maxDepth && ((posting / DIVISORS[depth + 1]!) | 0) === ((w / DIVISORS[depth + 1]!) | 0)) depth++;
    const value = depth === maxDepth ? 1 : OCCUPATION_BY_DEPTH[depth]!;
    if (value > best) best = value;
  }
  return best;
}

export function industryFit(posting: string | null | undefined, wanted: readonly string[], unknown: number): number {
  // A posting whose industry is unknown (an import that never invents one) fits as unknown.
  if (wanted.length === 0 || !posting) return unknown;
  let best = 0;
  for (const w of wanted) {
    if (posting.startsWith(w) || w.startsWith(posting)) return 1;
    if (posting[0] === w[0]) best = 0.6;
  }
  return best;
}

/** 1 when the posting can pay the seeker's minimum; falls to 0 when it pays half of it. */
export function salaryFit(postingMax: number, seekerMin: number, unknown: number): number {
  if (Number.isNaN(seekerMin)) return unknown;
  if (postingMax >= seekerMin) return 1;
  return Math.max(0, 1 - (2 * (seekerMin - postingMax)) / seekerMin);
}

export function educationFit(required: number, seeker: number): number {
  if (required < 0 || seeker >= required) return 1;
  return required - seeker === 1 ? 0.5 : 0;
}

export function experienceFit(requiredYears: number, seekerYears: number, maxGap: number): number {
  if (seekerYears >= requiredYears) return 1;
  return Math.max(0, 1 - (requiredYears - seekerYears) / (maxGap + 1));
}

/**
 * Same county 1; a region the seeker asked for 1; same city 0.8 (commutable); for seekers willing
 * to relocate, same province 0.5 and partner regions of organised labour transfer 0.4.
 * -1 = not reachable at all (a hard filter).
 */
export function locationFit(s: SeekerFeatures, p: PostingFeatures): number {
  if (p.region === s.region) return 1;
  const desired = s.desired;
  for (let k = 0; k < desired.length; k++) if (inPrefix(p.region, desired[k]!)) return 1;
  if (p.city === s.city) return 0.8;
  if (!s.willingToRelocate) return -1;
  if (p.province === s.province) return 0.5;
  const partners = s.partners;
  for (let k = 0; k < partners.length; k++) if (inPrefix(p.region, partners[k]!)) return 0.4;
  return -1;
}

export function freshness(postedDay: number, today: number, days: number): number {
  const age = today - postedDay;
  return age <= 0 ? 1 : Math.max(0, 1 - age / days);
}

/** Why a pair may not be recommended at all, or null. */
export function filterReason(s: SeekerFeatures, p: PostingFeatures, ctx: ScoringContext): FilterReason | null {
  if (!p.active) return 'posting_inactive';
  if (p.publicWelfare && s.tier !== 'T4') return 'public_welfare_reserved';
  if (p.educationRank - s.educationRank > ctx.maxEducationGap) return 'education_gap';
  if (p.experienceMin - s.experienceYears > ctx.maxExperienceGapYears) return 'experience_gap';
  if (locationFit(s, p) < 0) return 'unreachable_region';
  if (scorePair(s, p, ctx) < 0) return 'not_relevant';
  return null;
}

/**
 * Score of one pair, or -1 when a hard filter removes it. When `out` is given, the factor
 * scores are written to it in FACTOR_NAMES order (for explanations).
 */
export function scorePair(s: SeekerFeatures, p: PostingFeatures, ctx: ScoringContext, out?: Float64Array): number {
  if (!p.active) return -1;
  if (p.publicWelfare && s.tier !== 'T4') return -1;
  if (p.educationRank - s.educationRank > ctx.maxEducationGap) return -1;
  if (p.experienceMin - s.experienceYears > ctx.maxExperienceGapYears) return -1;
  const location = locationFit(s, p);
  if (location < 0) return -1;
  const u = ctx.unknown;
  const w = ctx.weights;
  const pi = p.index;
  const s0 = ctx.skillOffsets[pi]!,
    s1 = ctx.skillOffsets[pi + 1]!;
  const g0 = ctx.gramOffsets[pi]!,
    g1 = ctx.gramOffsets[pi + 1]!;
  const skillsKnown = s1 > s0 && s.skills.length > 0;
  const titleKnown = g1 > g0 && s.grams.length > 0;
  const occupationKnown = p.occupation >= 0 && s.occupations.length > 0;
  const skills = skillsKnown ? rangeIntersect(ctx.skillValues, s0, s1, s.skills) / (s1 - s0) : u;
  const occupation = occupationProximity(p.occupation, p.occupationLevel, s.occupations, s.occupationLevels, u);
  // The gate weighs only evidence both sides give: "unknown" must not make an unrelated posting relevant.
  // Public-welfare posts are the placement of last resort for T4 (policy: employment-assistance): suitability is the caseworker's call.
  const known = (skillsKnown ? w[0]! : 0) + (titleKnown ? w[1]! : 0) + (occupationKnown ? w[2]! : 0);
  const gated = known > 0 && !p.publicWelfare;
  const partial = (skillsKnown ? w[0]! * skills : 0) + (occupationKnown ? w[2]! * occupation : 0);
  // Most candidates fail the gate; skip the title comparison when even a perfect title could not save them.
  if (gated && partial + (titleKnown ? w[1]! : 0) < ctx.minRelevance * known) return -1;
  const title = titleKnown ? rangeIntersectU32(ctx.gramValues, g0, g1, s.grams) / (g1 - g0) : u;
  if (gated && partial + (titleKnown ? w[1]! * title : 0) < ctx.minRelevance * known) return -1;
  const industry = industryFit(p.industry, s.industries, u);
  const salary = salaryFit(p.salaryMax, s.salaryMin, u);
  const education = educationFit(p.educationRank, s.educationRank);
  const experience = experienceFit(p.experienceMin, s.experienceYears, ctx.maxExperienceGapYears);
  const fresh = freshness(p.postedDay, ctx.today, ctx.freshnessDays);
  if (out) {
    out[0] = skills;
    out[1] = title;
    out[2] = occupation;
    out[3] = industry;
    out[4] = salary;
    out[5] = education;
    out[6] = experience;
    out[7] = location;
    out[8] = fresh;
  }
  return (
    (w[0]! * skills +
      w[1]! * title +
      w[2]! * occupation +
      w[3]! * industry +
      w[4]! * salary +
      w[5]! * education +
      w[6]! * experience +
      w[7]! * location +
      w[8]! * fresh) /
    ctx.weightSum
  );
}
