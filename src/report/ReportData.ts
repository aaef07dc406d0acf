import { ConfigError } from '../core/PipelineError.ts';
import { Regions } from '../validation/Regions.ts';
import type { AnalyticsSession } from '../query/AnalyticsSession.ts';
import type { QueryPack } from '../query/QueryPack.ts';
import { runNamedQuery } from '../query/runNamedQuery.ts';
import { sqlFile } from '../store/sqlFile.ts';

export type Row = Record<string, unknown>;

/** Everything the report shows, gathered through the query pack so the numbers equal `labourflow query`. */
export interface ReportData {
  generatedAt: string;
  scope: { code: string | null; name: string };
  quarter: string;
  month: string;
  /** The dates every section covers; alertMonth is the month whose layoff alerts are listed. */
  period: { label: string; from: string; to: string; alertMonth: string; hasData: boolean };
  regionLevel: 'province' | 'city' | 'county';
  headline: {
    demand: number;
    seekers: number;
    ratio: number | null;
    ratioChangeQ: number | null;
    /** The previous quarter's ratio on the units that reported in both quarters, and how many there are. */
    ratioPrevQ: number | null;
    unitsMatchedQ: number;
    registeredUnemployed: number;
    longTermShare: number | null;
    followUpCompliance: number | null;
    medianWage: number | null;
    alerts: number;
  };
  ratioByRegion: Row[];
  wagesByOccupation: Row[];
  unemploymentTrend: Row[];
  duration: Row | null;
  keyGroups: Row[];
  layoffRisk: Row[];
  notes: string[];
}

/** `--period`: a quarter (2025-Q3) or a month (2025-08); the other is derived. */
export function parsePeriod(period: string | undefined): { quarter: string; month: string } {
  if (!period || period === 'latest') return { quarter: 'latest', month: 'latest' };
  const q = /^(\d{4})-Q([1-4])$/.exec(period);
  if (q) return { quarter: period, month: `${q[1]}-${String(Number(q[2]) * 3).padStart(2, '0')}` };
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(period);
  if (m) return { quarter: `${m[1]}-Q${Math.ceil(Number(m[2]) / 3)}`, month: period };
  throw new ConfigError(`--period "${period}" is neither a quarter nor a month`, {
    code: 'PERIOD_INVALID',
    hint: 'use YYYY-Qn (2025-Q3) or YYYY-MM (2025-08)',
  });
}

/** The dates a report period covers, and the layoff-alert months (YYYY-MM) inside it, newest first. */
export interface PeriodWindow {
  quarter: string;
  month: string;
  from: string;
  to: string;
  days: number;
  alertMonths: string[];
}

const iso = (d: Date): string => d.toISOString().slice(0, 10);

/** The window of an explicit quarter or month: a quarter covers its three months, a month itself. */
export function periodWindow(period: string): PeriodWindow {
  const { quarter, month } = parsePeriod(period);
  if (quarter === 'latest') throw new ConfigError('a period window needs an explicit period', { code: 'PERIOD_INVALID' });
  const isQuarter = /-Q/.test(period);
  const year = Number(month.slice(0, 4));
  const lastMonth = Number(month.slice(5, 7));
  const firstMonth = isQuarter ? lastMonth - 2 : lastMonth;
  const from = new Date(Date.UTC(year, firstMonth - 1, 1));
  const to = new Date(Date.UTC(year, lastMonth, 0));
  const alertMonths: string[] = [];
  for (let m = lastMonth; m >= firstMonth; m--) alertMonths.push(`${year}-${String(m).padStart(2, '0')}`);
  return { quarter, month, from: iso(from), to: iso(to), days: Math.round((to.getTime() - from.getTime()) / 86_400_000) + 1, alertMonths };
}

function objects(result: { columns: { name: string }[]; rows: unknown[][] }): Row[] {
  return result.rows.map((row) => Object.fromEntries(result.columns.map((c, i) => [c.name, row[i]])));
}

/**
 * "latest" is resolved once, to the quarter of the newest posting (else of the newest
 * registration, else today), so every section then reads that same quarter.
 */
async function resolveLatest(run: (name: string, params: Record<string, string>) => Promise<Row[]>): Promise<PeriodWindow> {
  const total = await run('supply-demand', { quarter: 'latest', group_by: 'total' });
  const unemployment = await run('unemployment', { month: 'latest' });
  const latestMonth = unemployment[0]?.month ? String(unemployment[0].month) : null;
  const today = new Date();
  const quarter = total[0]?.quarter
    ? String(total[0].quarter)
    : parsePeriod(latestMonth ?? `${today.getUTCFullYear()}-${String(today.getUTCMonth() + 1).padStart(2, '0')}`).quarter;
  const window = periodWindow(quarter);
  // Within that quarter, the month shown is the newest month with registrations, when it is in it.
  return latestMonth && window.alertMonths.includes(latestMonth) ? { ...window, month: latestMonth } : window;
}

export async function gatherReportData(session: AnalyticsSession, pack: QueryPack, options: { period?: string }): Promise<ReportData> {
  parsePeriod(options.period);
  const scope = session.scope;
  const scopeRegion = scope ? Regions.get().lookup(scope) : undefined;
  // Show one level below the scope: a province office sees its cities, a city office its counties.
  const regionLevel = scopeRegion?.level === 'city' || scopeRegion?.level === 'county' ? 'county' : 'city';
  const run = async (name: string, params: Record<string, string>) => objects(await runNamedQuery(session, pack.get(name), params));
  const explicit = Boolean(options.period && options.period !== 'latest');
  const window = explicit ? periodWindow(options.period!) : await resolveLatest(run);
  const { quarter, month, from, to } = window;

  // Every section reads the period asked, never the newest data of the store (issue #13).
  const ratioByRegion = await run('supply-demand', { quarter, group_by: 'region', region_level: regionLevel });
  const wagesByOccupation = (await run('wage-guide', { group_by: 'occupation', posted_from: from, posted_to: to })).sort(
    (a, b) => Number(b.p50) - Number(a.p50),
  );
  const unemploymentTrend = await run('unemployment-trend', { month, months: '12' });
  const unemployment = await run('unemployment', { month });
  const keyGroups = await run('key-group-coverage', { as_of: to, days: String(window.days) });
  // Alerts are monthly: a quarter shows its newest month that has any.
  let layoffRisk: Row[] = [];
  let alertMonth = window.alertMonths[0]!;
  for (const m of window.alertMonths) {
    layoffRisk = await run('layoff-risk', { period: m });
    alertMonth = m;
    if (layoffRisk.length) break;
  }
  if (!layoffRisk.length) alertMonth = window.alertMonths[0]!;
  const compliance = await run('follow-up-compliance', { as_of: to, days: '30' });
  const wageAll = await run('wage-guide', {
    group_by: 'region',
    region_level: 'province',
    min_n: '1',
    posted_from: from,
    posted_to: to,
  });
  const activity = objects(await session.query(await sqlFile('report/period_activity'), { from, to }))[0] ?? {};
  const count = (key: string) => Number(activity[key] ?? 0);
  const hasData = ['postings', 'seekers', 'follow_ups', 'outcomes'].some((k) => count(k) > 0) || layoffRisk.length > 0;

  const sum = (rows: Row[], key: string) => rows.reduce((s, r) => s + (Number(r[key]) || 0), 0);
  const demand = sum(ratioByRegion, 'demand');
  const seekers = sum(ratioByRegion, 'seekers');
  const all = unemployment.find((r) => r.key_group === 'all') ?? null;
  const due = sum(compliance, 'due');
  const total = (await run('supply-demand', { quarter, group_by: 'total' }))[0];
  const notes: string[] = [];
  const label = explicit ? options.period! : quarter;
  if (!hasData) notes.push(`no data for ${label} (${from} – ${to}): nothing was posted, registered, followed up or recorded (本期无数据)`);
  if (!ratioByRegion.length) notes.push(`no postings or seekers in ${quarter} (本季度无供求数据)`);
  if (!layoffRisk.length)
    notes.push(
      `no layoff-risk alerts for ${window.alertMonths.join(', ')}: watch-layoffs has not run for it or raised none (暂无规模性失业风险预警)`,
    );
  if (!wagesByOccupation.length)
    notes.push(`no occupation has 30 postings in ${from} – ${to}: wage cells are suppressed (样本不足，工资指导价位暂不发布)`);
  // No follow-up recorded in the window is missing data, not a 0 % compliance.
  const followUpsKnown = count('follow_ups_last_30_days') > 0;
  if (!followUpsKnown) notes.push(`no follow-up recorded in the 30 days to ${to}: compliance not shown (无跟踪服务记录)`);
  return {
    generatedAt: `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    scope: { code: scope, name: scope ? (scopeRegion?.name ?? scope) : '全部地区 (all regions)' },
    quarter,
    month,
    period: { label, from, to, alertMonth, hasData },
    regionLevel,
    headline: {
      demand,
      seekers,
      ratio: seekers ? Math.round((100 * demand) / seekers) / 100 : null,
      ratioChangeQ: total?.ratio_change_q === null || total?.ratio_change_q === undefined ? null : Number(total.ratio_change_q),
      ratioPrevQ: total?.ratio_prev_q === null || total?.ratio_prev_q === undefined ? null : Number(total.ratio_prev_q),
      unitsMatchedQ: Number(total?.units_matched_q ?? 0),
      registeredUnemployed: Number(all?.stock ?? 0),
      longTermShare: all?.long_term_share === null || all?.long_term_share === undefined ? null : Number(all.long_term_share),
      followUpCompliance: due && followUpsKnown ? Math.round((1000 * sum(compliance, 'contacted')) / due) / 1000 : null,
      medianWage: wageAll.length === 1 ? Number(wageAll[0]!.p50) : null,
      alerts: layoffRisk.filter((r) => r.level !== 'none').length,
    },
    ratioByRegion,
    wagesByOccupation: wagesByOccupation.slice(0, 20),
    unemploymentTrend,
    duration: all,
    keyGroups,
    layoffRisk: layoffRisk.slice(0, 50),
    notes,
  };
}
