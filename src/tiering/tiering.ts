import type { Tier, TierDecision, TieringSeeker, TierPoint } from './TierDecision.ts';
import type { PointsTable } from './PointsTable.ts';

/** Whole months between two ISO dates (registration → now), never negative. */
export function monthsBetween(fromIso: string, now: Date): number {
  const from = new Date(`${fromIso}T00:00:00Z`);
  let months = (now.getUTCFullYear() - from.getUTCFullYear()) * 12 + (now.getUTCMonth() - from.getUTCMonth());
  if (now.getUTCDate() < from.getUTCDate()) months--;
  return Math.max(0, months);
}

export function isUnemployed(seeker: Pick<TieringSeeker, 'employment_status'>): boolean {
  return seeker.employment_status === 'unemployed_registered' || seeker.employment_status === 'unemployed_unregistered';
}

/** Registered-unemployment months, or 0 for anyone not registered unemployed. */
export function unemployedMonths(seeker: Pick<TieringSeeker, 'employment_status' | 'registration_date'>, now: Date): number {
  if (seeker.employment_status !== 'unemployed_registered' || !seeker.registration_date) return 0;
  return monthsBetween(seeker.registration_date, now);
}

/**
 * Employment-difficulty tier from the points table: every point is itemised so a caseworker
 * (or the seeker) can see why. Reads no gender, ethnicity, marital or childbearing field.
 */
export function tierSeeker(seeker: TieringSeeker, table: PointsTable, now: Date): TierDecision {
  const breakdown: TierPoint[] = [];
  const months = unemployedMonths(seeker, now);
  const durationBand = [...table.unemployment_months.bands].reverse().find((b) => months >= b.min);
  if (durationBand && durationBand.points > 0) {
    breakdown.push({
      factor: 'unemployment_months',
      points: durationBand.points,
      zh: table.unemployment_months.zh,
      en: table.unemployment_months.en,
      detail: `${months} months`,
    });
  }
  for (const group of new Set(seeker.key_groups)) {
    const entry = table.key_groups[group];
    if (entry && entry.points > 0)
      breakdown.push({ factor: `key_group:${group}`, points: entry.points, zh: entry.zh, en: entry.en, detail: group });
  }
  const eduPoints = table.education.points[seeker.education] ?? 0;
  if (eduPoints > 0)
    breakdown.push({ factor: 'education', points: eduPoints, zh: table.education.zh, en: table.education.en, detail: seeker.education });
  const skillCount = new Set(seeker.skills).size;
  const skillBand = [...table.skills.bands].sort((a, b) => a.max - b.max).find((b) => skillCount <= b.max);
  if (skillBand && skillBand.points > 0)
    breakdown.push({
      factor: 'skills',
      points: skillBand.points,
      zh: table.skills.zh,
      en: table.skills.en,
      detail: `${skillCount} skills`,
    });
  const referralBand = [...table.failed_referrals.bands].sort((a, b) => b.min - a.min).find((b) => seeker.failed_referrals >= b.min);
  if (referralBand && referralBand.points > 0) {
    breakdown.push({
      factor: 'failed_referrals',
      points: referralBand.points,
      zh: table.failed_referrals.zh,
      en: table.failed_referrals.en,
      detail: `${seeker.failed_referrals} failed`,
    });
  }
  const points = breakdown.reduce((sum, p) => sum + p.points, 0);
  const tierRow = [...table.tiers].reverse().find((t) => points >= t.min_points)!;
  return { seeker_id: seeker.id, tier: tierRow.tier as Tier, points, stage_zh: tierRow.stage_zh, stage_en: tierRow.stage_en, breakdown };
}

export function routeOf(tier: Tier, table: PointsTable): 'push' | 'caseworker' {
  return table.tiers.find((t) => t.tier === tier)!.route;
}

/** One line per tier decision, e.g. "T3 分级指导服务 (7 pts): 登记失业时长 +3 (14 months); 残疾人 +3; …". */
export function explainTier(decision: TierDecision): { zh: string; en: string } {
  const items = (lang: 'zh' | 'en') =>
    decision.breakdown.map((p) => `${p[lang]} +${p.points}${p.factor.startsWith('key_group') ? '' : ` (${p.detail})`}`).join('; ');
  return {
    zh: `${decision.tier} ${decision.stage_zh}（${decision.points}分）${decision.breakdown.length ? `：${items('zh')}` : ''}`,
    en: `${decision.tier} ${decision.stage_en} (${decision.points} pts)${decision.breakdown.length ? `: ${items('en')}` : ''}`,
  };
}
