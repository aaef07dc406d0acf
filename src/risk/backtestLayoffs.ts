import { Logger } from '../core/Logger.ts';
import {
  defaultStartPeriod,
  generateEnterpriseReports,
  LAYOFF_EVENT_KINDS,
  type LayoffEvent,
  type LayoffEventKind,
} from '../generate/enterpriseReportGenerator.ts';
import { IngestPipeline } from '../ingest/IngestPipeline.ts';
import { DuckDBStore } from '../store/DuckDBStore.ts';
import { median } from './robustZ.ts';
import { LEVEL_RANK, type Level, type RiskConfig } from './RiskConfig.ts';
import { addMonths, monthsBetween } from '../core/periods.ts';
import { watchLayoffs } from './watchLayoffs.ts';

export interface BacktestOptions {
  enterprises: number;
  months: number;
  seed: number;
  startPeriod?: string;
  config: RiskConfig;
  /** Level an enterprise alert must reach to count as a risk alert (default orange). */
  alertLevel?: Level;
  /** Months before an event's start an alert still counts as an early warning of it (default 3). */
  leadWindow?: number;
  /** DuckDB file; ':memory:' by default. */
  db?: string;
  onPeriod?: (period: string, index: number, total: number) => void;
}

export interface KindResult {
  events: number;
  detected: number;
  recall: number | null;
  /** Months from the first alert to the event's peak. */
  lead_time_months_mean: number | null;
  lead_time_months_median: number | null;
  /** Highest level seen during the event, by level. */
  max_level: Record<Level, number>;
}

export interface BacktestResult {
  enterprises: number;
  months: number;
  seed: number;
  start_period: string;
  alert_level: Level;
  /** Pushed (new or escalated) enterprise alerts at or above alert_level, and how many matched an injected risk event. */
  alerts: number;
  true_alerts: number;
  precision: number | null;
  recall: number | null;
  lead_time_months_mean: number | null;
  by_kind: Record<LayoffEventKind, KindResult>;
  seasonal_dips_above_yellow: number;
  cell_alerts_orange_plus: number;
  region_alerts_orange_plus: number;
  targets: { precision: number; recall: number; met: boolean };
  wall_s: number;
}

interface AlertHit {
  period: string;
  scope_kind: string;
  scope_key: string;
  level: Level;
  level_rank: number;
  pushed: boolean;
}

/**
 * Generates enterprises with injected layoff events (known ground truth), ingests them month by
 * month through the normal ingest path, runs watch-layoffs after each month, and scores the
 * alerts: precision over pushed enterprise alerts, recall and lead time per event kind, and
 * the highest level any seasonal dip reached.
 */
export async function backtestLayoffs(options: BacktestOptions): Promise<BacktestResult> {
  const started = performance.now();
  const log = Logger.for('risk');
  const alertLevel = options.alertLevel ?? 'orange';
  const leadWindow = options.leadWindow ?? 3;
  const startPeriod = options.startPeriod ?? defaultStartPeriod(options.months);
  const generated = generateEnterpriseReports({
    enterprises: options.enterprises,
    months: options.months,
    startPeriod,
    seed: options.seed,
    events: 'default',
  });
  const store = await DuckDBStore.create({ path: options.db ?? ':memory:' });
  let hits: AlertHit[];
  try {
    for (const [i, period] of generated.periods.entries()) {
      options.onPeriod?.(period, i, generated.periods.length);
      const pipeline = await IngestPipeline.create({ store, source: `backtest:${period}`, kind: 'file' });
      const items = (function* () {
        let n = 0;
        for (const value of generated.reportsFor(period)) yield { position: `${period}#${n++}`, raw: '', value };
      })();
      const summary = await pipeline.run(items);
      if (summary.rejected > 0) log.warn('backtest_rejects', { period, rejected: summary.rejected, reasons: summary.rejectReasons });
      if (i > 0) await watchLayoffs(store, period, options.config, null, `backtest-${options.seed}-${period}`);
    }
    hits = (await store.all<AlertHit>('SELECT period, scope_kind, scope_key, level, level_rank, pushed FROM layoff_alerts')).map((h) => ({
      ...h,
      level_rank: Number(h.level_rank),
    }));
  } finally {
    await store.close();
  }
  const result = score(generated.groundTruth, hits, alertLevel, leadWindow);
  return {
    enterprises: options.enterprises,
    months: options.months,
    seed: options.seed,
    start_period: startPeriod,
    alert_level: alertLevel,
    ...result,
    cell_alerts_orange_plus: hits.filter((h) => h.scope_kind === 'region_industry' && h.level_rank >= 3).length,
    region_alerts_orange_plus: hits.filter((h) => h.scope_kind === 'region' && h.level_rank >= 3).length,
    targets: {
      precision: 0.8,
      recall: 0.9,
      met: (result.precision ?? 0) >= 0.8 && (result.recall ?? 0) >= 0.9 && result.seasonal_dips_above_yellow === 0,
    },
    wall_s: Math.round((performance.now() - started) / 100) / 10,
  };
}

/** Scores alerts against ground truth (pure). */
export function score(truth: readonly LayoffEvent[], hits: readonly AlertHit[], alertLevel: Level, leadWindow: number) {
  const threshold = LEVEL_RANK[alertLevel];
  const byEnterprise = new Map<string, AlertHit[]>();
  for (const h of hits) {
    if (h.scope_kind !== 'enterprise') continue;
    const list = byEnterprise.get(h.scope_key) ?? [];
    list.push(h);
    byEnterprise.set(h.scope_key, list);
  }
  const events = new Map<string, LayoffEvent>(truth.map((e) => [e.employer_credit_code, e]));
  const inWindow = (e: LayoffEvent, period: string) =>
    period >= addMonths(e.startPeriod, -leadWindow) && period <= addMonths(e.endPeriod, 1);

  let alerts = 0;
  let trueAlerts = 0;
  for (const h of hits) {
    if (h.scope_kind !== 'enterprise' || !h.pushed || h.level_rank < threshold) continue;
    alerts++;
    const e = events.get(h.scope_key);
    if (e?.risk && inWindow(e, h.period)) trueAlerts++;
  }

  const emptyLevels = (): Record<Level, number> => ({ none: 0, blue: 0, yellow: 0, orange: 0, red: 0 });
  const byKind = Object.fromEntries(
    LAYOFF_EVENT_KINDS.map((k) => [k, { events: 0, detected: 0, leads: [] as number[], max_level: emptyLevels() }]),
  ) as Record<LayoffEventKind, { events: number; detected: number; leads: number[]; max_level: Record<Level, number> }>;
  let dipsAboveYellow = 0;
  for (const e of truth) {
    const k = byKind[e.kind];
    k.events++;
    const mine = (byEnterprise.get(e.employer_credit_code) ?? []).filter((h) => inWindow(e, h.period));
    const maxRank = Math.max(0, ...mine.map((h) => h.level_rank));
    const max = (Object.keys(LEVEL_RANK) as Level[]).find((l) => LEVEL_RANK[l] === maxRank)!;
    k.max_level[max]++;
    if (!e.risk) {
      const during = mine.filter((h) => h.period >= e.startPeriod && h.period <= e.endPeriod);
      if (during.some((h) => h.level_rank > LEVEL_RANK.yellow)) dipsAboveYellow++;
      continue;
    }
    const firing = mine
      .filter((h) => h.level_rank >= threshold)
      .map((h) => h.period)
      .sort();
    if (firing.length > 0) {
      k.detected++;
      k.leads.push(monthsBetween(firing[0]!, e.peakPeriod));
    }
  }
  const r3 = (x: number) => Math.round(x * 1000) / 1000;
  const by_kind = Object.fromEntries(
    Object.entries(byKind).map(([kind, k]) => [
      kind,
      {
        events: k.events,
        detected: k.detected,
        recall: kind === 'seasonal_dip' || k.events === 0 ? null : r3(k.detected / k.events),
        lead_time_months_mean: k.leads.length ? r3(k.leads.reduce((s, x) => s + x, 0) / k.leads.length) : null,
        lead_time_months_median: k.leads.length ? median(k.leads) : null,
        max_level: k.max_level,
      },
    ]),
  ) as Record<LayoffEventKind, KindResult>;
  const riskEvents = truth.filter((e) => e.risk).length;
  const detected = Object.values(byKind).reduce((s, k) => s + k.detected, 0);
  const leads = Object.values(byKind).flatMap((k) => k.leads);
  return {
    alerts,
    true_alerts: trueAlerts,
    precision: alerts ? r3(trueAlerts / alerts) : null,
    recall: riskEvents ? r3(detected / riskEvents) : null,
    lead_time_months_mean: leads.length ? r3(leads.reduce((s, x) => s + x, 0) / leads.length) : null,
    by_kind,
    seasonal_dips_above_yellow: dipsAboveYellow,
  };
}
