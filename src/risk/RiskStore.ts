import { readFile } from 'node:fs/promises';
import { SQL_DIR, type DuckDBStore } from '../store/DuckDBStore.ts';
import type { EnterprisePeriodRow } from './assessEnterprise.ts';
import type { CellConcentrationRow, CellPeriodRow } from './assessCells.ts';
import type { AlertRow, PriorAlert } from './reconcileAlerts.ts';
import type { Level, RiskConfig } from './RiskConfig.ts';
import { addMonths, periodStart } from './periods.ts';

const sqlCache = new Map<string, string>();
async function sql(name: string): Promise<string> {
  let text = sqlCache.get(name);
  if (!text) {
    text = await readFile(`${SQL_DIR}risk/${name}.sql`, 'utf8');
    sqlCache.set(name, text);
  }
  return text;
}

const REGION_DIGITS = { province: 2, city: 4, county: 6 } as const;
const INDUSTRY_CHARS = { section: 1, division: 3 } as const;

/** The layoff monitor's DuckDB adapter: runs sql/risk/*.sql with bound parameters, returns plain rows. */
export class RiskStore {
  constructor(private readonly store: DuckDBStore) {}

  async enterpriseRows(period: string, config: RiskConfig): Promise<EnterprisePeriodRow[]> {
    const rows = await this.store.all<EnterprisePeriodRow>(await sql('enterprise_signals'), {
      period,
      prev_period: addMonths(period, -1),
      window_start: addMonths(period, -(config.refund.windowMonths - 1)),
      trend_start: addMonths(period, -config.enterprise.trendMonths),
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
    return rows.map((r) => ({
      ...r,
      headcount_baseline: Number(r.headcount_baseline),
      headcount_now: Number(r.headcount_now),
      insured_headcount: Number(r.insured_headcount),
      layoffs_this_period: Number(r.layoffs_this_period),
      planned_layoffs: Number(r.planned_layoffs),
      prev_headcount: r.prev_headcount === null ? null : Number(r.prev_headcount),
      prev_insured: r.prev_insured === null ? null : Number(r.prev_insured),
      layoffs_window: Number(r.layoffs_window),
      insured_window_start: r.insured_window_start === null ? null : Number(r.insured_window_start),
      insured_recent_max: r.insured_recent_max === null ? null : Number(r.insured_recent_max),
      postings_withdrawn: Number(r.postings_withdrawn),
      wage_arrears_amount: r.wage_arrears_amount === null ? null : Number(r.wage_arrears_amount),
    }));
  }

  async cellHistory(period: string, config: RiskConfig): Promise<CellPeriodRow[]> {
    const rows = await this.store.all<CellPeriodRow>(await sql('cell_history'), {
      from: addMonths(period, -(config.historyMonths + 1)),
      period,
      region_digits: REGION_DIGITS[config.regionLevel],
      industry_chars: INDUSTRY_CHARS[config.industryLevel],
    });
    return rows.map((r) => ({
      ...r,
      enterprises: Number(r.enterprises),
      headcount: Number(r.headcount),
      insured: Number(r.insured),
      layoffs: Number(r.layoffs),
      prev_headcount: r.prev_headcount === null ? null : Number(r.prev_headcount),
      prev_insured: r.prev_insured === null ? null : Number(r.prev_insured),
    }));
  }

  async cellConcentration(period: string, config: RiskConfig): Promise<CellConcentrationRow[]> {
    const rows = await this.store.all<CellConcentrationRow>(await sql('cell_concentration'), {
      period,
      prev_period: addMonths(period, -1),
      region_digits: REGION_DIGITS[config.regionLevel],
      industry_chars: INDUSTRY_CHARS[config.industryLevel],
    });
    return rows.map((r) => ({ ...r, gross_loss: Number(r.gross_loss), top_loss: Number(r.top_loss) }));
  }

  /** This period's alert levels by alert id, and the previous period's by '<kind>:<key>'. */
  async priorAlerts(period: string): Promise<{ thisPeriod: Map<string, PriorAlert>; previousPeriod: Map<string, PriorAlert> }> {
    const prevPeriod = addMonths(period, -1);
    const rows = await this.store.all<{ alert_id: string; period: string; scope_kind: string; scope_key: string; level: Level; first_seen: string }>(
      await sql('prior_alerts'), { period, prev_period: prevPeriod });
    const thisPeriod = new Map<string, PriorAlert>();
    const previousPeriod = new Map<string, PriorAlert>();
    for (const r of rows) {
      if (r.period === period) thisPeriod.set(r.alert_id, { level: r.level, first_seen: r.first_seen });
      else previousPeriod.set(`${r.scope_kind}:${r.scope_key}`, { level: r.level, first_seen: r.first_seen });
    }
    return { thisPeriod, previousPeriod };
  }

  /** Writes the rows in one transaction: appended to a staging table, then upserted. */
  async writeAlerts(rows: readonly AlertRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.store.transaction(async () => {
      await this.store.run(await sql('stage_alerts'));
      const appender = await this.store.connection.createAppender('layoff_alerts_stage', 'main', 'temp');
      const text = (v: string | null) => (v === null ? appender.appendNull() : appender.appendVarchar(v));
      for (const r of rows) {
        text(r.alert_id); text(r.period); text(r.scope_kind); text(r.scope_key); text(r.level);
        appender.appendInteger(r.level_rank);
        text(r.region_code); text(r.region_name); text(r.industry_code); text(r.employer_credit_code); text(r.employer_name);
        appender.appendBoolean(r.on_watch_list);
        text(JSON.stringify(r.compliance_flags)); text(JSON.stringify(r.signals.map(({ corroborating: _c, zh: _z, en: _e, ...s }) => s))); text(JSON.stringify(r.metrics));
        text(r.explanation_zh); text(r.explanation_en); text(r.status); text(r.first_seen); text(r.escalated_from);
        appender.appendBoolean(r.pushed);
        text(r.run_id);
        appender.endRow();
      }
      appender.flushSync();
      appender.closeSync();
      await this.store.run(await sql('upsert_alerts'));
      await this.store.run('DROP TABLE layoff_alerts_stage');
    });
  }
}
