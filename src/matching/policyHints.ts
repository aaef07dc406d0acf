import type { MatchPosting, MatchSeeker, PolicyHint, Tier } from './matchTypes.ts';
import { unemployedMonths } from '../tiering/tiering.ts';

/**
 * Subsidies that would apply if the employer hired this seeker for this posting (政策直达,
 * policy: policy-direct-reach). Only the hiring subsidy has an amount in the source texts (policy: one-time-hiring-subsidy); the
 * others are named so the caseworker or employer knows to ask, without inventing figures.
 */
export function policyHints(seeker: MatchSeeker, posting: Pick<MatchPosting, 'employment_type'>, tier: Tier, now: Date): PolicyHint[] {
  const hints: PolicyHint[] = [];
  const groups = new Set(seeker.key_groups);
  const months = unemployedMonths(seeker, now);
  const contractable = posting.employment_type === 'full_time' || posting.employment_type === 'public_welfare';
  if (contractable && (months >= 6 || (groups.has('long_term_unemployed') && seeker.employment_status === 'unemployed_registered'))) {
    hints.push({
      policy: 'one_time_hiring_subsidy',
      zh: '一次性吸纳就业补贴（登记失业6个月以上）',
      en: 'one-time hiring subsidy (registered unemployed 6+ months)',
      amount_cny: 1000,
      condition: 'employer signs a contract of 1+ year and pays social insurance (003 §10)',
    });
  }
  const year = now.getUTCFullYear();
  const recentGraduate =
    groups.has('college_graduate') ||
    (seeker.graduation_year != null && year - seeker.graduation_year <= 2 && seeker.employment_status !== 'employed');
  if (recentGraduate && contractable) {
    hints.push({
      policy: 'graduate_hiring_subsidy',
      zh: '吸纳高校毕业生就业补贴/社保补贴',
      en: 'graduate hiring and social-insurance subsidy',
      amount_cny: null,
      condition: 'graduate within 2 years of leaving school, contract with social insurance',
    });
  }
  if (recentGraduate && posting.employment_type === 'internship') {
    hints.push({
      policy: 'internship_subsidy',
      zh: '就业见习补贴',
      en: 'internship (见习) subsidy',
      amount_cny: null,
      condition: 'recognised internship base, graduate or unemployed youth',
    });
  }
  if (groups.has('poverty_alleviated') && contractable) {
    hints.push({
      policy: 'poverty_alleviated_subsidy',
      zh: '吸纳脱贫人口就业补贴',
      en: 'subsidy for hiring poverty-alleviated labour',
      amount_cny: null,
      condition: 'contract of 1+ year with social insurance',
    });
  }
  const difficulty = ['employment_difficulty', 'disabled', 'older_4050', 'zero_employment_household'].some((g) => groups.has(g as never));
  if (difficulty && contractable && posting.employment_type !== 'public_welfare') {
    hints.push({
      policy: 'difficulty_social_insurance_subsidy',
      zh: '招用就业困难人员社会保险补贴',
      en: 'social-insurance subsidy for hiring employment-difficulty persons',
      amount_cny: null,
      condition: 'certified employment-difficulty person, contract with social insurance',
    });
  }
  if (posting.employment_type === 'public_welfare' && tier === 'T4') {
    hints.push({
      policy: 'public_welfare_post',
      zh: '公益性岗位安置（岗位补贴和社保补贴）',
      en: 'public-welfare post placement (post and social-insurance subsidy)',
      amount_cny: null,
      condition: 'hardest cases the market cannot place (001 §7, 003 §16)',
    });
  }
  return hints;
}
