import { LEVEL_RANK, type Level } from './RiskConfig.ts';
import type { Assessment, ScopeKind } from './types.ts';

/** A `layoff_alerts` row (sql/migrations/004_risk.sql). */
export interface AlertRow {
  alert_id: string;
  period: string;
  scope_kind: ScopeKind;
  scope_key: string;
  level: Level;
  level_rank: number;
  region_code: string;
  region_name: string | null;
  industry_code: string | null;
  employer_credit_code: string | null;
  employer_name: string | null;
  on_watch_list: boolean;
  compliance_flags: string[];
  signals: Assessment['signals'];
  metrics: Record<string, unknown>;
  explanation_zh: string;
  explanation_en: string;
  status: 'new' | 'escalated' | 'continuing' | 'de_escalated' | 'watch';
  first_seen: string;
  escalated_from: Level | null;
  pushed: boolean;
  run_id: string;
}

/** What the store already holds for a scope: this period's row, or the previous period's. */
export interface PriorAlert {
  level: Level;
  first_seen: string;
}

export function alertId(period: string, kind: ScopeKind, key: string): string {
  return `${period}:${kind}:${key}`;
}

/**
 * Turns the period's assessments into alert rows to write and the subset to push.
 * - The same scope is alerted at most once per period: a re-run writes nothing for a scope
 *   whose level did not rise, and escalates the row in place when it did.
 * - Against the previous period, a scope is new (pushed), escalated (pushed, `escalated_from`),
 *   continuing or de-escalated (written, not pushed); `first_seen` carries over an unbroken run.
 * - Watch-list enterprises are written every period, level 'none' included, and pushed only
 *   when they are new or escalated like anyone else.
 */
export function reconcileAlerts(
  assessments: readonly Assessment[],
  previousPeriod: ReadonlyMap<string, PriorAlert>,
  thisPeriod: ReadonlyMap<string, PriorAlert>,
  runId: string,
): { write: AlertRow[]; push: AlertRow[] } {
  const write: AlertRow[] = [];
  const push: AlertRow[] = [];
  for (const a of assessments) {
    if (a.level === 'none' && !a.on_watch_list) continue;
    const id = alertId(a.period, a.scope_kind, a.scope_key);
    const rank = LEVEL_RANK[a.level];
    const existing = thisPeriod.get(id);
    const prev = previousPeriod.get(`${a.scope_kind}:${a.scope_key}`);
    const prevActive = prev && LEVEL_RANK[prev.level] > 0 ? prev : undefined;
    let status: AlertRow['status'];
    let escalatedFrom: Level | null = null;
    let firstSeen = prevActive?.first_seen ?? a.period;
    if (existing) {
      if (rank <= LEVEL_RANK[existing.level]) continue;
      status = 'escalated';
      escalatedFrom = existing.level;
      firstSeen = LEVEL_RANK[existing.level] > 0 ? existing.first_seen : firstSeen;
    } else if (rank === 0) {
      status = 'watch';
    } else if (!prevActive) {
      status = 'new';
    } else if (rank > LEVEL_RANK[prevActive.level]) {
      status = 'escalated';
      escalatedFrom = prevActive.level;
    } else {
      status = rank === LEVEL_RANK[prevActive.level] ? 'continuing' : 'de_escalated';
    }
    const pushed = rank > 0 && (status === 'new' || status === 'escalated');
    const row: AlertRow = {
      alert_id: id,
      period: a.period,
      scope_kind: a.scope_kind,
      scope_key: a.scope_key,
      level: a.level,
      level_rank: rank,
      region_code: a.region_code,
      region_name: a.region_name ?? null,
      industry_code: a.industry_code,
      employer_credit_code: a.employer_credit_code,
      employer_name: a.employer_name,
      on_watch_list: a.on_watch_list,
      compliance_flags: a.compliance_flags,
      signals: a.signals,
      metrics: a.metrics,
      explanation_zh: a.explanation_zh,
      explanation_en: a.explanation_en,
      status,
      first_seen: firstSeen,
      escalated_from: escalatedFrom,
      pushed,
      run_id: runId,
    };
    write.push(row);
    if (pushed) push.push(row);
  }
  return { write, push };
}
