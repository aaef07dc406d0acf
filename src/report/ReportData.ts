import { ConfigError } from '../core/PipelineError.ts';
import { Regions } from '../validation/Regions.ts';
import type { AnalyticsSession } from '../query/AnalyticsSession.ts';
import type { QueryPack } from '../query/QueryPack.ts';
import { runNamedQuery } from '../query/QueryRunner.ts';

export type Row = Record<string, unknown>;

/** Everything the report shows, gathered through the query pack so the numbers equal `labourflow query`. */
export interface ReportData {
  generatedAt: string;
  scope: { code: string | null; name: string };
  quarter: string;
  month: string;
  regionLevel: 'province' | 'city' | 'county';
  headline: {
    demand: number;
    seekers: number;
    ratio: number | null;
    ratioChangeQ: number | null;
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

function objects(result: { columns: { name: string }[]; rows: unknown[][] }): Row[] {
  return result.rows.map((row) => Object.fromEntries(result.columns.map((c, i) => [c.name, row[i]])));
}

export async function gatherReportData(session: AnalyticsSession, pack: QueryPack, options: { period?: string }): Promise<ReportData> {
  const { quarter, month } = parsePeriod(options.period);
  const scope = session.scope;
  const scopeRegion = scope ? Regions.get().lookup(scope) : undefined;
  // Show one level below the scope: a province office sees its cities, a city office its counties.
  const regionLevel = scopeRegion?.level === 'city' || scopeRegion?.level === 'county' ? 'county' : 'city';
  const run = async (name: string, params: Record<string, string>) => objects(await runNamedQuery(session, pack.get(name), params));

  const ratioByRegion = await run('supply-demand', { quarter, group_by: 'region', region_level: regionLevel });
  const wagesByOccupation = (await run('wage-guide', { group_by: 'occupation' })).sort((a, b) => Number(b.p50) - Number(a.p50));
  const unemploymentTrend = await run('unemployment-trend', { month, months: '12' });
  const unemployment = await run('unemployment', { month });
  const keyGroups = await run('key-group-coverage', {});
  const layoffRisk = await run('layoff-risk', {});
  const compliance = await run('follow-up-compliance', {});
  const wageAll = await run('wage-guide', { group_by: 'region', region_level: 'province', min_n: '1' });

  const sum = (rows: Row[], key: string) => rows.reduce((s, r) => s + (Number(r[key]) || 0), 0);
  const demand = sum(ratioByRegion, 'demand');
  const seekers = sum(ratioByRegion, 'seekers');
  const all = unemployment.find((r) => r.key_group === 'all') ?? null;
  const due = sum(compliance, 'due');
  const total = (await run('supply-demand', { quarter, group_by: 'total' }))[0];
  const notes: string[] = [];
  if (!ratioByRegion.length) notes.push('no postings or seekers in the chosen quarter (本季度无供求数据)');
  if (!layoffRisk.length)
    notes.push('no layoff-risk alerts for the period: watch-layoffs has not run or raised none (暂无规模性失业风险预警)');
  if (!wagesByOccupation.length)
    notes.push('no occupation has 30 postings yet: wage cells are suppressed (样本不足，工资指导价位暂不发布)');
  return {
    generatedAt: `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    scope: { code: scope, name: scope ? (scopeRegion?.name ?? scope) : '全部地区 (all regions)' },
    quarter: String(ratioByRegion[0]?.quarter ?? quarter),
    month: String(unemploymentTrend.at(-1)?.month ?? month),
    regionLevel,
    headline: {
      demand,
      seekers,
      ratio: seekers ? Math.round((100 * demand) / seekers) / 100 : null,
      ratioChangeQ: total?.ratio_change_q === null || total?.ratio_change_q === undefined ? null : Number(total.ratio_change_q),
      registeredUnemployed: Number(all?.stock ?? 0),
      longTermShare: all?.long_term_share === null || all?.long_term_share === undefined ? null : Number(all.long_term_share),
      followUpCompliance: due ? Math.round((1000 * sum(compliance, 'contacted')) / due) / 1000 : null,
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
