import type { RiskConfig } from './RiskConfig.ts';
import { daysBetween, periodStart } from '../core/periods.ts';

/**
 * Rule checks from law and policy, as pure functions of one enterprise's numbers.
 * Art. 41 of the Labour Contract Law: cutting 20+ people, or fewer than 20 but 10%+ of the
 * workforce, is an economic layoff that must be explained to the union or all staff 30 days
 * ahead and reported to the labour administration (policy: economic-layoff).
 */
export interface Art41Input {
  layoffs: number;
  /** Workforce before the cut: last period's headcount, or this period's plus the layoffs. */
  workforce: number;
  planFiledDate: string | null | undefined;
  period: string;
}

export interface Art41Result {
  applies: boolean;
  share: number;
  /** Days between filing and the first day of the period (the earliest the cut can have happened); null when no plan. */
  daysAhead: number | null;
  /** null when the rule does not apply. */
  compliant: boolean | null;
}

export function art41Check(input: Art41Input, config: Pick<RiskConfig, 'art41'>): Art41Result {
  const { minPersons, minShare, noticeDays } = config.art41;
  const share = input.workforce > 0 ? input.layoffs / input.workforce : input.layoffs > 0 ? 1 : 0;
  // Multiplying avoids 0.1-style rounding: 10 of 100 is exactly at the threshold.
  const applies = input.layoffs >= minPersons || (input.layoffs > 0 && input.layoffs >= minShare * input.workforce - 1e-9);
  const daysAhead = input.planFiledDate ? daysBetween(input.planFiledDate, periodStart(input.period)) : null;
  return { applies, share, daysAhead, compliant: applies ? daysAhead !== null && daysAhead >= noticeDays : null };
}

/** Whether a number of people reaches the art. 41 threshold for a workforce (used for planned layoffs). */
export function reachesArt41(people: number, workforce: number, config: Pick<RiskConfig, 'art41'>): boolean {
  return people >= config.art41.minPersons || (people > 0 && people >= config.art41.minShare * workforce - 1e-9);
}

export interface RefundInput {
  /** Insured headcount at the start of the refund window (the year's base). */
  insured: number;
  /** Layoffs reported over the window. */
  layoffs: number;
}

export interface RefundResult {
  eligible: boolean;
  rate: number;
  limit: number;
  small: boolean;
}

/** Job-retention refund (稳岗返还, policy: job-retention-refund): layoff rate ≤ the unemployment target; ≤ 20% for ≤ 30 insured staff. */
export function refundEligibility(input: RefundInput, config: Pick<RiskConfig, 'refund'>): RefundResult {
  const { layoffRateTarget, smallEnterpriseMaxInsured, smallEnterpriseMaxRate } = config.refund;
  const small = input.insured <= smallEnterpriseMaxInsured;
  const limit = small ? smallEnterpriseMaxRate : layoffRateTarget;
  const rate = input.insured > 0 ? input.layoffs / input.insured : input.layoffs > 0 ? 1 : 0;
  return { eligible: input.layoffs <= limit * input.insured + 1e-9, rate, limit, small };
}
