import type { AlertRow } from './reconcileAlerts.ts';

/** New and escalated alerts go to `labourflow.layoff-alerts`, keyed by what they are about (scope_key). */
export const ALERT_TOPIC_KEY = 'layoff-alerts';

/** The message pushed for a new or escalated alert (Kafka value or one outbox line). */
export function alertMessage(row: AlertRow): Record<string, unknown> {
  return {
    type: 'layoff_alert',
    alert_id: row.alert_id,
    period: row.period,
    scope_kind: row.scope_kind,
    scope_key: row.scope_key,
    level: row.level,
    status: row.status,
    escalated_from: row.escalated_from,
    first_seen: row.first_seen,
    region_code: row.region_code,
    region_name: row.region_name,
    industry_code: row.industry_code,
    employer_credit_code: row.employer_credit_code,
    employer_name: row.employer_name,
    on_watch_list: row.on_watch_list,
    compliance_flags: row.compliance_flags,
    signals: row.signals.map(({ corroborating: _c, zh: _z, en: _e, ...s }) => s),
    explanation_zh: row.explanation_zh,
    explanation_en: row.explanation_en,
  };
}
