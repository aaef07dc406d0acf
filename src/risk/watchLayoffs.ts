import { Regions } from '../validation/Regions.ts';
import { Logger } from '../core/Logger.ts';
import { randomUUID } from 'node:crypto';
import { ConfigError } from '../core/PipelineError.ts';
import { addMonths, monthsBetween, periodIndex } from '../core/periods.ts';
import type { DuckDBStore } from '../store/DuckDBStore.ts';
import { asStoreAccess, type StoreAccess } from '../store/StoreAccess.ts';
import { assessCells } from './assessCells.ts';
import { assessEnterprise } from './assessEnterprise.ts';
import { cellConcentration } from './cellConcentration.ts';
import type { Outbox } from '../push/Outbox.ts';
import { ALERT_TOPIC_KEY, alertMessage } from './alertMessage.ts';
import { reconcileAlerts, type AlertRow } from './reconcileAlerts.ts';
import { LEVELS, type Level, type RiskConfig } from './RiskConfig.ts';
import { RiskStore } from './RiskStore.ts';
import type { Assessment, ScopeKind } from './types.ts';

export interface WatchSummary {
  period: string;
  enterprises_flagged: number;
  /** Alerts of the period as stored in layoff_alerts after this run, by scope kind and level ('none' = watch-list only). */
  levels: Record<ScopeKind, Record<Level, number>>;
  written: number;
  pushed: number;
  pushed_to: string | null;
  compliance: { art41_plan_not_filed: number; refund_ineligible: number };
  watch_list: { code: string; name: string | null; level: Level }[];
  top: {
    scope_kind: ScopeKind;
    scope_key: string;
    level: Level;
    status: AlertRow['status'];
    explanation_zh: string;
    explanation_en: string;
  }[];
  timings_ms: Record<string, number>;
}

/** Which periods to assess: one, or a range in order; the default is the latest period with reports. */
export interface WatchPeriods {
  period?: string;
  through?: string;
}

/**
 * `labourflow watch-layoffs` and the service's risk runs: checks the periods, finds the latest
 * one with reports when none is given, and assesses each period in order.
 */
export async function watchLayoffPeriods(
  store: DuckDBStore | StoreAccess,
  periods: WatchPeriods,
  config: RiskConfig,
  outbox: Outbox | null,
  onSummary?: (summary: WatchSummary) => void,
): Promise<WatchSummary[]> {
  const access = asStoreAccess(store);
  checkWatchPeriods(periods);
  let first = periods.period;
  if (!first) {
    const rows = await access.read((db) => db.all<{ p: string | null }>('SELECT max(period) AS p FROM enterprise_reports'));
    first = rows[0]?.p ?? undefined;
    if (!first)
      throw new ConfigError(`no enterprise reports in ${access.path}`, {
        hint: 'ingest enterprise_report records first (labourflow ingest), or pass --db',
      });
  }
  const last = periods.through ?? first;
  if (periodIndex(last) < periodIndex(first)) throw new ConfigError(`--through ${last} is before --period ${first}`);
  const summaries: WatchSummary[] = [];
  for (let i = 0; i <= monthsBetween(first, last); i++) {
    const summary = await watchLayoffs(access, addMonths(first, i), config, outbox, riskRunId());
    onSummary?.(summary);
    summaries.push(summary);
  }
  return summaries;
}

/** Refuses a period that is not YYYY-MM (before anything is opened). */
export function checkWatchPeriods(periods: WatchPeriods): void {
  for (const p of [periods.period, periods.through]) {
    if (p !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(p))
      throw new ConfigError(`period "${p}" is not YYYY-MM`, { hint: 'pass e.g. --period 2026-06' });
  }
}

/** Run ids sort in time order (so do the outbox files named after them) and never collide. */
export function riskRunId(): string {
  return `risk-${new Date().toISOString().replace(/[-:.]/g, '')}-${randomUUID().slice(0, 8)}`;
}

/**
 * One period of layoff-risk monitoring: SQL aggregates the period (sql/risk/), pure functions
 * decide levels (assess*), the alert ledger dedups and escalates (reconcileAlerts), rows go to
 * layoff_alerts and new or escalated ones to the publisher. The period is read in one snapshot
 * and the writer is taken only to record the alerts.
 */
export async function watchLayoffs(
  store: DuckDBStore | StoreAccess,
  period: string,
  config: RiskConfig,
  outbox: Outbox | null,
  runId: string,
): Promise<WatchSummary> {
  const log = Logger.for('risk');
  const access = asStoreAccess(store);
  const timings: Record<string, number> = {};
  const timed = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      timings[name] = Math.round(performance.now() - t0);
    }
  };

  const { enterpriseRows, history, prior } = await access.read(async (db) => {
    const risk = new RiskStore(db);
    const enterpriseRows = await timed('sql_enterprises', () => risk.enterpriseRows(period, config));
    const history = await timed('sql_cells', () => risk.cellHistory(period, config));
    return { enterpriseRows, history, prior: await risk.priorAlerts(period) };
  });
  if (!history.some((r) => r.period === period)) {
    log.warn('no_reports_for_period', { period, hint: 'ingest the enterprise reports for this period first, or pick another --period' });
  }

  const assessments = await timed('assess', async () => {
    const watch = new Set(config.watchList);
    const regions = Regions.get();
    const out: Assessment[] = enterpriseRows.map((row) => {
      const a = assessEnterprise(row, config, watch.has(row.employer_credit_code));
      a.region_name = regions.name(row.region_code) ?? null;
      return a;
    });
    const { cells, regions: regionAssessments } = assessCells(period, history, cellConcentration(enterpriseRows, config), config);
    return [...out, ...cells, ...regionAssessments];
  });

  const { write, push } = reconcileAlerts(assessments, prior.previousPeriod, prior.thisPeriod, runId);
  // Push before recording: if the push fails nothing is recorded and a re-run pushes again
  // (at least once; consumers key on alert_id). Recording first could lose an alert for good.
  const sent = outbox
    ? await timed('push', () => outbox.publish(ALERT_TOPIC_KEY, `${runId}-${period}`, push.map(alertMessage), (m) => String(m.scope_key)))
    : null;
  if (sent && sent.count > 0) log.info('alerts_pushed', { count: sent.count, to: sent.where });
  const pushed = sent?.count ?? 0;
  await timed('write', () => access.write((db) => new RiskStore(db).writeAlerts(write, new Set(prior.thisPeriod.keys()))));

  const levels = Object.fromEntries(
    (['enterprise', 'region_industry', 'region'] as const).map((k) => [k, Object.fromEntries(LEVELS.map((l) => [l, 0]))]),
  ) as WatchSummary['levels'];
  // The period's state, read back from the table: a re-run that writes nothing still shows what is stored.
  const stored = await access.read((db) => new RiskStore(db).periodLevels(period));
  for (const row of stored) {
    const kind = levels[row.scope_kind as ScopeKind];
    if (kind && row.level in kind) kind[row.level] += row.n;
  }
  const summary: WatchSummary = {
    period,
    enterprises_flagged: enterpriseRows.length,
    levels,
    written: write.length,
    pushed,
    pushed_to: sent && sent.count > 0 ? sent.where : null,
    compliance: {
      art41_plan_not_filed: assessments.filter((a) => a.compliance_flags.includes('art41_plan_not_filed_30_days')).length,
      refund_ineligible: assessments.filter((a) => a.level !== 'none' && a.compliance_flags.includes('refund_ineligible')).length,
    },
    watch_list: assessments.filter((a) => a.on_watch_list).map((a) => ({ code: a.scope_key, name: a.employer_name, level: a.level })),
    top: topAlerts(write, 10),
    timings_ms: timings,
  };
  log.info('watch_layoffs_done', { period, written: write.length, pushed, timings_ms: timings });
  return summary;
}

function topAlerts(rows: readonly AlertRow[], n: number): WatchSummary['top'] {
  const order: Record<ScopeKind, number> = { region: 0, region_industry: 1, enterprise: 2 };
  return (
    [...rows]
      .filter((r) => r.level_rank >= 3)
      // What changed this period first (new, escalated), then the highest levels.
      .sort(
        (a, b) =>
          Number(b.pushed) - Number(a.pushed) ||
          b.level_rank - a.level_rank ||
          order[a.scope_kind] - order[b.scope_kind] ||
          a.scope_key.localeCompare(b.scope_key),
      )
      .slice(0, n)
      .map((r) => ({
        scope_kind: r.scope_kind,
        scope_key: r.scope_key,
        level: r.level,
        status: r.status,
        explanation_zh: r.explanation_zh,
        explanation_en: r.explanation_en,
      }))
  );
}
