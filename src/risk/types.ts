import type { Level } from './RiskConfig.ts';

export type ScopeKind = 'enterprise' | 'region_industry' | 'region';

/** A signal that fired, with the value measured and the threshold it passed. */
export interface Signal {
  name: string;
  value: number | string | boolean;
  threshold: number | string | null;
  level: Level;
  /** Independent evidence of risk (not merely a headcount fall, which seasonality also explains). */
  corroborating: boolean;
  zh: string;
  en: string;
}

/** The decision for one scope in one period: what the monitor concluded and why. */
export interface Assessment {
  scope_kind: ScopeKind;
  scope_key: string;
  period: string;
  level: Level;
  region_code: string;
  region_name?: string | null;
  industry_code: string | null;
  employer_credit_code: string | null;
  employer_name: string | null;
  on_watch_list: boolean;
  compliance_flags: string[];
  signals: Signal[];
  metrics: Record<string, unknown>;
  explanation_zh: string;
  explanation_en: string;
}
