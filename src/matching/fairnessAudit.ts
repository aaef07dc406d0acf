/**
 * Exposure audit of one run: for each gender and each age band, how many seekers were scored,
 * how many recommendations they got, the share of those graded A or B, and A/B recommendations
 * per seeker. A group is flagged when either measure falls below `minRatio` of the best group's
 * (the four-fifths rule). Gender and age are read here, after the fact, and nowhere in scoring.
 */
export interface AuditSeeker {
  seeker_id: string;
  gender: string;
  birth_year: number;
}

export interface AuditRecommendation {
  seeker_id: string;
  grade: string;
}

export interface ExposureGroup {
  dimension: 'gender' | 'age_band';
  group: string;
  seekers: number;
  recommendations: number;
  ab_recommendations: number;
  /** Share of the group's recommendations graded A or B. */
  ab_share: number;
  /** A/B recommendations per seeker of the group (seekers with none count). */
  ab_per_seeker: number;
  flagged: boolean;
  reason: string | null;
}

export interface AuditReport {
  run_id: string;
  seekers: number;
  recommendations: number;
  groups: ExposureGroup[];
  flagged: number;
}

export const AGE_BANDS = [
  { band: '16-24', min: 0, max: 24 },
  { band: '25-34', min: 25, max: 34 },
  { band: '35-44', min: 35, max: 44 },
  { band: '45-54', min: 45, max: 54 },
  { band: '55+', min: 55, max: 200 },
] as const;

export function ageBand(birthYear: number, now: Date): string {
  const age = now.getUTCFullYear() - birthYear;
  return AGE_BANDS.find((b) => age >= b.min && age <= b.max)!.band;
}

export function auditExposure(
  runId: string,
  seekers: readonly AuditSeeker[],
  recs: readonly AuditRecommendation[],
  options: { minRatio: number; minGroupSize: number; now: Date },
): AuditReport {
  const bySeeker = new Map<string, { total: number; ab: number }>();
  for (const r of recs) {
    const e = bySeeker.get(r.seeker_id) ?? { total: 0, ab: 0 };
    e.total++;
    if (r.grade === 'A' || r.grade === 'B') e.ab++;
    bySeeker.set(r.seeker_id, e);
  }
  const groups: ExposureGroup[] = [];
  for (const dimension of ['gender', 'age_band'] as const) {
    const acc = new Map<string, { seekers: number; total: number; ab: number }>();
    for (const s of seekers) {
      const key = dimension === 'gender' ? s.gender : ageBand(s.birth_year, options.now);
      const a = acc.get(key) ?? { seekers: 0, total: 0, ab: 0 };
      const e = bySeeker.get(s.seeker_id);
      a.seekers++;
      a.total += e?.total ?? 0;
      a.ab += e?.ab ?? 0;
      acc.set(key, a);
    }
    const rows = [...acc]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([group, a]) => ({
        dimension,
        group,
        seekers: a.seekers,
        recommendations: a.total,
        ab_recommendations: a.ab,
        ab_share: a.total ? a.ab / a.total : 0,
        ab_per_seeker: a.seekers ? a.ab / a.seekers : 0,
        flagged: false,
        reason: null as string | null,
      }));
    const eligible = rows.filter((r) => r.seekers >= options.minGroupSize);
    const bestShare = Math.max(0, ...eligible.map((r) => r.ab_share));
    const bestPer = Math.max(0, ...eligible.map((r) => r.ab_per_seeker));
    for (const r of eligible) {
      const reasons: string[] = [];
      if (bestShare > 0 && r.ab_share < options.minRatio * bestShare)
        reasons.push(`A/B share ${pct(r.ab_share)} < ${options.minRatio} × best ${pct(bestShare)}`);
      if (bestPer > 0 && r.ab_per_seeker < options.minRatio * bestPer)
        reasons.push(`A/B per seeker ${r.ab_per_seeker.toFixed(2)} < ${options.minRatio} × best ${bestPer.toFixed(2)}`);
      if (reasons.length) {
        r.flagged = true;
        r.reason = reasons.join('; ');
      }
    }
    groups.push(...rows.map((r) => ({ ...r, ab_share: round(r.ab_share), ab_per_seeker: round(r.ab_per_seeker) })));
  }
  return { run_id: runId, seekers: seekers.length, recommendations: recs.length, groups, flagged: groups.filter((g) => g.flagged).length };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const round = (x: number) => Math.round(x * 10_000) / 10_000;
