import {
  BOOLEAN,
  DuckDBDataChunk,
  INTEGER,
  LIST,
  TIMESTAMPTZ,
  VARCHAR,
  listValue,
  timestampTZValue,
  type DuckDBValue,
} from '@duckdb/node-api';
import type { DuckDBStore } from '../store/DuckDBStore.ts';
import { sqlFile } from '../store/sqlFile.ts';
import type { EnterprisePeriodRow } from './assessEnterprise.ts';
import type { CellPeriodRow } from './assessCells.ts';
import type { AlertRow, PriorAlert } from './reconcileAlerts.ts';
import type { Level, RiskConfig } from './RiskConfig.ts';
import { addMonths, periodStart } from '../core/periods.ts';
import { INDUSTRY_CHARS, REGION_DIGITS } from './cellConcentration.ts';

/** A statement of sql/risk/. */
const sql = (name: string): Promise<string> => sqlFile(`risk/${name}`);

const CHUNK_ROWS = 2048; // DuckDB's vector size

/** layoff_alerts column types, in table order (sql/migrations/004_risk.sql); the JSON columns take their text as VARCHAR. */
const ALERT_TYPES = [
  VARCHAR,
  VARCHAR,
  VARCHAR,
  VARCHAR,
  VARCHAR,
  INTEGER,
  VARCHAR,
  VARCHAR,
  VARCHAR,
  VARCHAR,
  VARCHAR,
  BOOLEAN,
  LIST(VARCHAR),
  VARCHAR,
  VARCHAR,
  VARCHAR,
  VARCHAR,
  VARCHAR,
  VARCHAR,
  VARCHAR,
  BOOLEAN,
  VARCHAR,
  TIMESTAMPTZ,
  TIMESTAMPTZ,
];

function signalsJson(r: AlertRow): string {
  return JSON.stringify(r.signals.map(({ corroborating: _c, zh: _z, en: _e, ...s }) => s));
}

/** The layoff monitor's DuckDB adapter: runs sql/risk/*.sql with bound parameters, returns plain rows. */
export class RiskStore {
  constructor(private readonly store: DuckDBStore) {}

  /**
   * Rows as plain objects built from DuckDB's row arrays: five times faster than
   * getRowObjectsJson on tens of thousands of rows. BIGINTs become numbers (counts of people).
   */
  private async rows<T>(text: string, params: Record<string, DuckDBValue>): Promise<T[]> {
    const reader = await this.store.connection.runAndReadAll(text, params);
    const names = reader.columnNames();
    return reader.getRows().map((values) => {
      const row: Record<string, unknown> = {};
      for (let i = 0; i < names.length; i++) {
        const v = values[i];
        row[names[i]!] = typeof v === 'bigint' ? Number(v) : v;
      }
      return row as T;
    });
  }

  async enterpriseRows(period: string, config: RiskConfig): Promise<EnterprisePeriodRow[]> {
    return this.rows<EnterprisePeriodRow>(await sql('enterprise_signals'), {
      period,
      prev_period: addMonths(period, -1),
      window_start: addMonths(period, -(config.refund.windowMonths - 1)),
      trend_start: addMonths(period, -config.enterprise.trendMonths),
      trend_mid: addMonths(period, -Math.ceil(config.enterprise.trendMonths / 2)),
      trend_monthly_drop: config.enterprise.trendMonthlyDrop,
      // Reports and postings are stamped in China time (UTC+8).
      period_start_ts: `${periodStart(period)} 00:00:00+08`,
      period_end_ts: `${periodStart(addMonths(period, 1))} 00:00:00+08`,
      min_persons: config.minPersons,
      insured_blue: config.enterprise.insuredDrop[0] ?? 1,
      headcount_blue: config.enterprise.headcountDrop[0] ?? 1,
      baseline_blue: config.enterprise.lossVsBaseline[0] ?? 1,
      postings_min: config.enterprise.postingsWithdrawn[0],
      watch: JSON.stringify(config.watchList),
    });
  }

  async cellHistory(period: string, config: RiskConfig): Promise<CellPeriodRow[]> {
    return this.rows<CellPeriodRow>(await sql('cell_history'), {
      from: addMonths(period, -(config.historyMonths + 1)),
      period,
      region_digits: REGION_DIGITS[config.regionLevel],
      industry_chars: INDUSTRY_CHARS[config.industryLevel],
    });
  }

  /** Alerts stored for the period, counted by scope kind and level. */
  async periodLevels(period: string): Promise<{ scope_kind: string; level: Level; n: number }[]> {
    const rows = await this.rows<{ scope_kind: string; level: Level; n: number | bigint }>(await sql('period_levels'), { period });
    return rows.map((r) => ({ scope_kind: r.scope_kind, level: r.level, n: Number(r.n) }));
  }

  /** This period's alert levels by alert id, and the previous period's by '<kind>:<key>'. */
  async priorAlerts(period: string): Promise<{ thisPeriod: Map<string, PriorAlert>; previousPeriod: Map<string, PriorAlert> }> {
    const prevPeriod = addMonths(period, -1);
    const rows = await this.rows<{
      alert_id: string;
      period: string;
      scope_kind: string;
      scope_key: string;
      level: Level;
      first_seen: string;
    }>(await sql('prior_alerts'), { period, prev_period: prevPeriod });
    const thisPeriod = new Map<string, PriorAlert>();
    const previousPeriod = new Map<string, PriorAlert>();
    for (const r of rows) {
      if (r.period === period) thisPeriod.set(r.alert_id, { level: r.level, first_seen: r.first_seen });
      else previousPeriod.set(`${r.scope_kind}:${r.scope_key}`, { level: r.level, first_seen: r.first_seen });
    }
    return { thisPeriod, previousPeriod };
  }

  /**
   * Writes the rows in one transaction. New rows are appended column-wise straight into
   * layoff_alerts (JSON text goes in as it is: no parse, no staging copy); a row whose alert_id
   * is already stored (an escalation in place) is updated, keeping its created_at.
   */
  async writeAlerts(rows: readonly AlertRow[], stored: ReadonlySet<string>): Promise<void> {
    if (rows.length === 0) return;
    const fresh = rows.filter((r) => !stored.has(r.alert_id));
    const updates = rows.filter((r) => stored.has(r.alert_id));
    const now = timestampTZValue(BigInt(Date.now()) * 1000n);
    await this.store.transaction(async () => {
      for (const r of updates) {
        await this.store.run(await sql('update_alert'), {
          alert_id: r.alert_id,
          level: r.level,
          level_rank: r.level_rank,
          compliance_flags: JSON.stringify(r.compliance_flags),
          signals: signalsJson(r),
          metrics: JSON.stringify(r.metrics),
          explanation_zh: r.explanation_zh,
          explanation_en: r.explanation_en,
          status: r.status,
          escalated_from: r.escalated_from,
          pushed: r.pushed,
          run_id: r.run_id,
        });
      }
      if (fresh.length === 0) return;
      const appender = await this.store.connection.createAppender('layoff_alerts');
      try {
        for (let start = 0; start < fresh.length; start += CHUNK_ROWS) {
          const part = fresh.slice(start, start + CHUNK_ROWS);
          const chunk = DuckDBDataChunk.create(ALERT_TYPES, part.length);
          const columns: DuckDBValue[][] = [
            part.map((r) => r.alert_id),
            part.map((r) => r.period),
            part.map((r) => r.scope_kind),
            part.map((r) => r.scope_key),
            part.map((r) => r.level),
            part.map((r) => r.level_rank),
            part.map((r) => r.region_code),
            part.map((r) => r.region_name),
            part.map((r) => r.industry_code),
            part.map((r) => r.employer_credit_code),
            part.map((r) => r.employer_name),
            part.map((r) => r.on_watch_list),
            part.map((r) => listValue(r.compliance_flags)),
            part.map(signalsJson),
            part.map((r) => JSON.stringify(r.metrics)),
            part.map((r) => r.explanation_zh),
            part.map((r) => r.explanation_en),
            part.map((r) => r.status),
            part.map((r) => r.first_seen),
            part.map((r) => r.escalated_from),
            part.map((r) => r.pushed),
            part.map((r) => r.run_id),
            part.map(() => now),
            part.map(() => now),
          ];
          columns.forEach((values, i) => chunk.setColumnValues(i, values));
          appender.appendDataChunk(chunk);
        }
        appender.flushSync();
      } finally {
        appender.closeSync();
      }
    });
  }
}
