import { describe, expect, it } from 'vitest';
import { reconcileAlerts, type PriorAlert } from '../../src/risk/reconcileAlerts.ts';
import type { Level } from '../../src/risk/RiskConfig.ts';
import type { Assessment } from '../../src/risk/types.ts';

function assessment(key: string, level: Level, period = '2026-06', watch = false): Assessment {
  return {
    scope_kind: 'enterprise',
    scope_key: key,
    period,
    level,
    region_code: '510104',
    industry_code: 'C13',
    employer_credit_code: key,
    employer_name: null,
    on_watch_list: watch,
    compliance_flags: [],
    signals: [],
    metrics: {},
    explanation_zh: '',
    explanation_en: '',
  };
}
const none = new Map<string, PriorAlert>();

describe('reconcileAlerts', () => {
  it('writes and pushes new alerts, skipping level none unless on the watch list', () => {
    const { write, push } = reconcileAlerts(
      [assessment('A', 'orange'), assessment('B', 'none'), assessment('C', 'none', '2026-06', true)],
      none,
      none,
      'r1',
    );
    expect(write.map((r) => [r.scope_key, r.status, r.pushed])).toEqual([
      ['A', 'new', true],
      ['C', 'watch', false],
    ]);
    expect(push.map((r) => r.alert_id)).toEqual(['2026-06:enterprise:A']);
    expect(write[0]!.first_seen).toBe('2026-06');
  });

  it('does not alert the same condition twice in a period; a higher level escalates in place', () => {
    const existing = new Map<string, PriorAlert>([['2026-06:enterprise:A', { level: 'orange', first_seen: '2026-05' }]]);
    expect(reconcileAlerts([assessment('A', 'orange')], none, existing, 'r2')).toEqual({ write: [], push: [] });
    expect(reconcileAlerts([assessment('A', 'yellow')], none, existing, 'r2')).toEqual({ write: [], push: [] });
    const { write, push } = reconcileAlerts([assessment('A', 'red')], none, existing, 'r2');
    expect(write).toHaveLength(1);
    expect(write[0]).toMatchObject({ status: 'escalated', escalated_from: 'orange', level: 'red', first_seen: '2026-05', pushed: true });
    expect(push).toHaveLength(1);
  });

  it('compares with the previous period: escalated pushes, continuing and de-escalated do not', () => {
    const prev = new Map<string, PriorAlert>([
      ['enterprise:A', { level: 'yellow', first_seen: '2026-04' }],
      ['enterprise:B', { level: 'orange', first_seen: '2026-05' }],
      ['enterprise:C', { level: 'red', first_seen: '2026-03' }],
    ]);
    const { write, push } = reconcileAlerts(
      [assessment('A', 'orange'), assessment('B', 'orange'), assessment('C', 'yellow')],
      prev,
      none,
      'r3',
    );
    expect(write.map((r) => [r.scope_key, r.status, r.escalated_from, r.first_seen, r.pushed])).toEqual([
      ['A', 'escalated', 'yellow', '2026-04', true],
      ['B', 'continuing', null, '2026-05', false],
      ['C', 'de_escalated', null, '2026-03', false],
    ]);
    expect(push.map((r) => r.scope_key)).toEqual(['A']);
  });
});
