import type { PostingFeatures, SeekerFeatures } from './features.ts';

/**
 * Fast-path candidate generation: instead of scoring every seeker against every posting (N×M),
 * postings are blocked by (occupation group, city) and (skill, city). A seeker looks up only the
 * cities it can reach (own city, desired regions, and when willing to relocate its province and
 * partner regions) crossed with its desired occupation groups and its skills. Postings without an
 * occupation code are blocked by city alone. The exact scorer then ranks the candidates; the
 * benchmark measures the recall of this path against brute force.
 */
export interface CandidateOptions {
  /** Stop adding skill-index candidates once this many have been visited for one seeker. */
  skillBudget: number;
  /**
   * Skills listed by more than this share of active postings ("communication", "office software")
   * are not used to find candidates: sharing one of them cannot pass the relevance gate on its own.
   * They are still scored.
   */
  maxSkillShare: number;
  /**
   * For those common skills, postings listing at most this many skills are still found through
   * them: sharing one of two listed skills can pass the relevance gate. See shortListLength().
   */
  shortList: number;
}

export const DEFAULT_CANDIDATE_OPTIONS: CandidateOptions = { skillBudget: 2000, maxSkillShare: 0.01, shortList: 2 };

/**
 * The longest skill list on which one shared skill (coverage 1/n), with a perfect title and no
 * occupation match, still passes the relevance gate: w_s/n + w_t ≥ minRelevance·(w_s + w_t + w_o).
 */
export function shortListLength(weights: { skills: number; title: number; occupation: number }, minRelevance: number): number {
  const need = minRelevance * (weights.skills + weights.title + weights.occupation) - weights.title;
  if (need <= 0) return Number.MAX_SAFE_INTEGER;
  return Math.floor(weights.skills / need);
}

const CITY_SPACE = 10_000;

export class CandidateIndex {
  private readonly byGroup = new Map<number, number[]>();
  private readonly bySkill = new Map<number, number[]>();
  private readonly shortBySkill = new Map<number, number[]>();
  private readonly uncoded = new Map<number, number[]>();
  private readonly uncodedBare = new Map<number, number[]>();
  private readonly bare = new Map<number, number[]>();
  private readonly bareByCity = new Map<number, number[]>();
  private readonly welfare = new Map<number, number[]>();
  private readonly byCity = new Map<number, number[]>();
  private readonly citiesByProvince = new Map<number, number[]>();
  private readonly skillDf = new Map<number, number>();
  private readonly allCities: number[];
  private readonly maxSkillDf: number;

  private constructor(
    readonly postings: readonly PostingFeatures[],
    private readonly options: CandidateOptions,
  ) {
    const cities = new Set<number>();
    for (const p of postings) {
      if (!p.active) continue;
      cities.add(p.city);
      push(this.byCity, p.city, p.index);
      if (p.occupation >= 0) {
        // One entry per granularity, so seekers naming a unit, small, middle or major group all find it.
        push(this.byGroup, groupKey(p.occupation, 4, p.city), p.index);
        push(this.byGroup, groupKey(Math.floor(p.occupation / 100), 3, p.city), p.index);
        push(this.byGroup, groupKey(Math.floor(p.occupation / 10_000), 2, p.city), p.index);
        push(this.byGroup, groupKey(Math.floor(p.occupation / 1_000_000), 1, p.city), p.index);
        // Without listed skills the skills factor is "unknown", so the relevance gate can pass on a major-group match alone.
        if (p.skills.length === 0) push(this.bare, groupKey(Math.floor(p.occupation / 1_000_000), 1, p.city), p.index);
      } else {
        push(this.uncoded, p.city, p.index);
        if (p.skills.length === 0) push(this.uncodedBare, p.city, p.index);
      }
      if (p.skills.length === 0) push(this.bareByCity, p.city, p.index);
      if (p.publicWelfare) push(this.welfare, p.city, p.index);
      for (const skill of p.skills) {
        push(this.bySkill, skill * CITY_SPACE + p.city, p.index);
        if (p.skills.length <= options.shortList) push(this.shortBySkill, skill * CITY_SPACE + p.city, p.index);
        this.skillDf.set(skill, (this.skillDf.get(skill) ?? 0) + 1);
      }
    }
    this.allCities = [...cities].sort((a, b) => a - b);
    this.maxSkillDf = Math.max(50, options.maxSkillShare * postings.filter((p) => p.active).length);
    for (const city of this.allCities) push(this.citiesByProvince, Math.floor(city / 100), city);
  }

  static build(postings: readonly PostingFeatures[], options: CandidateOptions = DEFAULT_CANDIDATE_OPTIONS): CandidateIndex {
    return new CandidateIndex(postings, options);
  }

  /** Cities (4-digit prefixes) holding active postings that this seeker can reach. */
  reachableCities(s: SeekerFeatures): number[] {
    const out = new Set<number>([s.city]);
    const addPrefix = (prefix: number, digits: 2 | 4 | 6) => {
      if (digits === 2) for (const c of this.citiesByProvince.get(prefix) ?? []) out.add(c);
      else out.add(digits === 4 ? prefix : Math.floor(prefix / 100));
    };
    for (const d of s.desired) addPrefix(d.prefix, d.digits);
    if (s.willingToRelocate) {
      addPrefix(s.province, 2);
      for (const d of s.partners) addPrefix(d.prefix, d.digits);
    }
    return [...out];
  }

  /** Cities where location scores 0.8 or more: the seeker's own and those of desired regions. */
  private nearCities(s: SeekerFeatures): Set<number> {
    const out = new Set<number>([s.city]);
    for (const d of s.desired) {
      if (d.digits === 2) for (const c of this.citiesByProvince.get(d.prefix) ?? []) out.add(c);
      else out.add(d.digits === 4 ? d.prefix : Math.floor(d.prefix / 100));
    }
    return out;
  }

  /** Calls visit(postingIndex) for each candidate; a posting may be visited more than once. */
  candidates(s: SeekerFeatures, visit: (postingIndex: number) => void): void {
    const cities = this.reachableCities(s);
    // A seeker without skills passes the relevance gate on a major-group match, so look wider.
    const noSkills = s.skills.length === 0;
    // Several desired occupations often share a group: look each group up once. Within commuting
    // distance (own city, desired regions) the whole small group is searched; farther away (same
    // province, partner regions: location 0.5 or less) only the exact occupation, plus whatever
    // shares a skill — a far posting needs both to rank.
    const groups = new Set<number>();
    const farGroups = new Set<number>();
    const majors = new Set<number>();
    for (let k = 0; k < s.occupations.length; k++) {
      const occ = s.occupations[k]!;
      const level = noSkills ? 1 : (Math.min(3, s.occupationLevels[k]!) as 1 | 2 | 3);
      groups.add(groupKey(Math.floor(occ / [0, 1_000_000, 10_000, 100][level]!), level, 0));
      farGroups.add(
        !noSkills && s.occupationLevels[k] === 4
          ? groupKey(occ, 4, 0)
          : groupKey(Math.floor(occ / [0, 1_000_000, 10_000, 100][level]!), level, 0),
      );
      majors.add(Math.floor(occ / 1_000_000));
    }
    const near = this.nearCities(s);
    for (const city of cities) {
      for (const g of near.has(city) ? groups : farGroups) for (const i of this.byGroup.get(g + city) ?? []) visit(i);
      // Without an occupation code a posting is relevant only through shared skills (found below)
      // or, when it lists no skills either, through its title.
      for (const i of (noSkills ? this.uncoded : this.uncodedBare).get(city) ?? []) visit(i);
      if (s.tier === 'T4') for (const i of this.welfare.get(city) ?? []) visit(i);
      if (s.occupations.length === 0) for (const i of this.bareByCity.get(city) ?? []) visit(i);
      else if (!noSkills) for (const m of majors) for (const i of this.bare.get(groupKey(m, 1, city)) ?? []) visit(i);
    }
    // Rarest skills first: they discriminate most and their lists are short.
    const skills = [...s.skills].sort((a, b) => (this.skillDf.get(a) ?? 0) - (this.skillDf.get(b) ?? 0));
    let budget = this.options.skillBudget;
    for (const skill of skills) {
      // Common skills only matter where they make up most of a short skill list; the rest is
      // covered by the occupation blocks or cannot pass the relevance gate.
      const common = s.occupations.length > 0 && (this.skillDf.get(skill) ?? 0) > this.maxSkillDf;
      if (!common && budget <= 0) continue;
      const index = common ? this.shortBySkill : this.bySkill;
      for (const city of cities) {
        const list = index.get(skill * CITY_SPACE + city);
        if (!list) continue;
        for (const i of list) visit(i);
        if (!common) budget -= list.length;
      }
    }
    if (groups.size === 0 && s.skills.length === 0) {
      // Nothing to block on: fall back to every posting in the reachable cities.
      for (const city of cities) for (const i of this.byCity.get(city) ?? []) visit(i);
    }
  }
}

function groupKey(group: number, level: 1 | 2 | 3 | 4, city: number): number {
  return (group * 10 + level) * CITY_SPACE + city;
}

function push(map: Map<number, number[]>, key: number, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
