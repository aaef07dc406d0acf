import { Regions } from '../validation/Regions.ts';
import { LEVEL_RANK, LEVEL_ZH, capLevel, levelOn, maxLevel, raiseLevel, type Level, type RiskConfig } from './RiskConfig.ts';
import { robustZ } from './robustZ.ts';
import type { Assessment, Signal } from './types.ts';

/** One region × industry cell in one period, summed in SQL (sql/risk/cell_history.sql). */
export interface CellPeriodRow {
  region_code: string;
  industry_code: string;
  period: string;
  enterprises: number;
  headcount: number;
  insured: number;
  layoffs: number;
  prev_headcount: number | null;
  prev_insured: number | null;
}

/** The current period's per-cell losses among screened enterprises and the one losing most (cellConcentration.ts). */
export interface CellConcentrationRow {
  region_code: string;
  industry_code: string;
  gross_loss: number;
  top_loss: number;
  top_employer_credit_code: string | null;
  top_employer_name: string | null;
}

export interface CellMetrics {
  loss_rate: number;
  layoff_rate: number;
  insured_drop: number;
  headcount_drop: number;
}

/**
 * The cell's job-loss rate: the larger of reported layoffs and the fall of insured headcount,
 * both against last period. Insured counts come from social-insurance records, which seasonal
 * and temporary staff barely move, so this rate stays quiet through Spring Festival dips.
 */
export function cellMetrics(
  row: Pick<CellPeriodRow, 'headcount' | 'insured' | 'layoffs' | 'prev_headcount' | 'prev_insured'>,
): CellMetrics {
  const layoffRate = row.prev_headcount ? row.layoffs / row.prev_headcount : 0;
  const insuredDrop = row.prev_insured ? Math.max(0, (row.prev_insured - row.insured) / row.prev_insured) : 0;
  const headcountDrop = row.prev_headcount ? Math.max(0, (row.prev_headcount - row.headcount) / row.prev_headcount) : 0;
  return {
    loss_rate: Math.max(layoffRate, insuredDrop),
    layoff_rate: layoffRate,
    insured_drop: insuredDrop,
    headcount_drop: headcountDrop,
  };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const round = (x: number) => Math.round(x * 10000) / 10000;

function regionName(code: string): string {
  return Regions.get().name(code) ?? code;
}

/**
 * Region × industry risk for `period` from the cells' own history, then each region over all
 * its industries. Pure: rows in, assessments out (level 'none' included; callers drop them).
 */
export function assessCells(
  period: string,
  history: readonly CellPeriodRow[],
  concentration: readonly CellConcentrationRow[],
  config: RiskConfig,
): { cells: Assessment[]; regions: Assessment[] } {
  const cfg = config.cell;
  const byCell = new Map<string, CellPeriodRow[]>();
  for (const row of history) {
    const key = `${row.region_code}:${row.industry_code}`;
    const list = byCell.get(key) ?? [];
    list.push(row);
    byCell.set(key, list);
  }
  const conc = new Map(concentration.map((c) => [`${c.region_code}:${c.industry_code}`, c]));
  const regionPrev = new Map<string, number>();
  for (const row of history) {
    if (row.period === period)
      regionPrev.set(row.region_code, (regionPrev.get(row.region_code) ?? 0) + (row.prev_headcount ?? row.headcount));
  }

  const cells: Assessment[] = [];
  for (const [key, rows] of byCell) {
    rows.sort((a, b) => (a.period < b.period ? -1 : 1));
    const current = rows.find((r) => r.period === period);
    if (!current) continue;
    const m = cellMetrics(current);
    const past = rows.filter((r) => r.period < period && r.prev_headcount !== null).map((r) => cellMetrics(r).loss_rate);
    const previous = rows.filter((r) => r.period < period).at(-1);
    const prevRate = previous && previous.prev_headcount !== null ? cellMetrics(previous).loss_rate : null;
    const z = robustZ(m.loss_rate, past.slice(-config.historyMonths));
    const employment = current.prev_headcount ?? current.headcount;
    const weight = employment / Math.max(1, regionPrev.get(current.region_code) ?? employment);
    const c = conc.get(key);
    // Screened losses can miss many small ones: compare with the cell's own net loss too.
    const cellLoss = Math.max(current.layoffs, (current.prev_insured ?? current.insured) - current.insured);
    const share = c && c.top_loss > 0 ? Math.min(1, c.top_loss / Math.max(c.gross_loss, cellLoss)) : 0;

    const signals: Signal[] = [];
    const lossLevel = levelOn(cfg.lossRate, m.loss_rate);
    if (lossLevel !== 'none') {
      signals.push({
        name: 'cell_loss_rate',
        value: round(m.loss_rate),
        threshold: null,
        level: lossLevel,
        corroborating: true,
        zh: `岗位流失率 ${pct(m.loss_rate)}（裁员 ${current.layoffs} 人，参保环比 -${pct(m.insured_drop)}）`,
        en: `job-loss rate ${pct(m.loss_rate)} (${current.layoffs} laid off, insured −${pct(m.insured_drop)} on last period)`,
      });
    }
    const headLevel = capLevel(levelOn(cfg.headcountDrop, m.headcount_drop), 'yellow');
    if (headLevel !== 'none') {
      signals.push({
        name: 'cell_headcount_drop',
        value: round(m.headcount_drop),
        threshold: null,
        level: headLevel,
        corroborating: false,
        zh: `职工人数环比下降 ${pct(m.headcount_drop)}`,
        en: `headcount down ${pct(m.headcount_drop)} on last period`,
      });
    }
    let level: Level = maxLevel(lossLevel, headLevel);
    // The raise applies to the job-loss level only: a seasonal headcount dip stays at yellow however unusual.
    if (z !== null && z >= cfg.zRaise && LEVEL_RANK[lossLevel] >= LEVEL_RANK.blue) {
      level = maxLevel(headLevel, raiseLevel(lossLevel));
      signals.push({
        name: 'cell_robust_z',
        value: round(z),
        threshold: cfg.zRaise,
        level,
        corroborating: true,
        zh: `显著高于本单元历史水平（稳健 z = ${z.toFixed(1)}）`,
        en: `well above the cell's own history (robust z = ${z.toFixed(1)})`,
      });
    }
    const small = employment < cfg.minEmployment || weight < cfg.minWeight;
    if (small) level = capLevel(level, 'yellow');
    const namesOne = share >= cfg.concentrationNote && c?.top_employer_credit_code;

    const name = regionName(current.region_code);
    cells.push({
      scope_kind: 'region_industry',
      scope_key: key,
      period,
      level,
      region_code: current.region_code,
      region_name: name,
      industry_code: current.industry_code,
      employer_credit_code: null,
      employer_name: null,
      on_watch_list: false,
      compliance_flags: [],
      signals,
      metrics: {
        enterprises: current.enterprises,
        employment_prev: employment,
        employment_now: current.headcount,
        layoffs: current.layoffs,
        loss_rate: round(m.loss_rate),
        loss_rate_prev: prevRate === null ? null : round(prevRate),
        mom_change: prevRate === null ? null : round(m.loss_rate - prevRate),
        robust_z: z === null ? null : round(z),
        history_months: past.length,
        concentration: round(share),
        top_employer_credit_code: c?.top_employer_credit_code ?? null,
        weight_in_region: round(weight),
      },
      explanation_zh:
        `${name}（${current.region_code}）${current.industry_code} 行业：` +
        `${signals.length ? signals.map((s) => s.zh).join('；') : '无风险信号'}` +
        `${prevRate === null ? '' : `；环比变化 ${((m.loss_rate - prevRate) * 100).toFixed(1)} 个百分点`}；` +
        `占本地区就业 ${pct(weight)}` +
        `${namesOne ? `；${pct(share)} 的流失来自 ${c!.top_employer_name ?? c!.top_employer_credit_code}` : ''}` +
        `${small ? '；规模较小，最高黄色' : ''}。预警等级：${LEVEL_ZH[level]}。`,
      explanation_en:
        `${name} (${current.region_code}) industry ${current.industry_code}: ` +
        `${signals.length ? signals.map((s) => s.en).join('; ') : 'no risk signal'}` +
        `${prevRate === null ? '' : `; ${((m.loss_rate - prevRate) * 100).toFixed(1)} pp on last period`}; ` +
        `${pct(weight)} of the region's employment` +
        `${namesOne ? `; ${pct(share)} of the losses from ${c!.top_employer_name ?? c!.top_employer_credit_code}` : ''}` +
        `${small ? '; small cell, capped at yellow' : ''}. Level: ${level}.`,
    });
  }

  return { cells, regions: assessRegions(period, history, cells, config) };
}

function assessRegions(period: string, history: readonly CellPeriodRow[], cells: readonly Assessment[], config: RiskConfig): Assessment[] {
  const sums = new Map<
    string,
    { headcount: number; insured: number; layoffs: number; prev_headcount: number; prev_insured: number; enterprises: number }
  >();
  for (const row of history) {
    if (row.period !== period) continue;
    const s = sums.get(row.region_code) ?? { headcount: 0, insured: 0, layoffs: 0, prev_headcount: 0, prev_insured: 0, enterprises: 0 };
    s.headcount += row.headcount;
    s.insured += row.insured;
    s.layoffs += row.layoffs;
    s.prev_headcount += row.prev_headcount ?? row.headcount;
    s.prev_insured += row.prev_insured ?? row.insured;
    s.enterprises += row.enterprises;
    sums.set(row.region_code, s);
  }
  const out: Assessment[] = [];
  for (const [region, s] of sums) {
    const m = cellMetrics(s);
    const hot = cells.filter((c) => c.region_code === region && LEVEL_RANK[c.level] >= LEVEL_RANK.orange);
    const signals: Signal[] = [];
    let level = levelOn(config.region.lossRate, m.loss_rate);
    if (level !== 'none') {
      signals.push({
        name: 'region_loss_rate',
        value: round(m.loss_rate),
        threshold: null,
        level,
        corroborating: true,
        zh: `全行业岗位流失率 ${pct(m.loss_rate)}（裁员 ${s.layoffs} 人）`,
        en: `job-loss rate across industries ${pct(m.loss_rate)} (${s.layoffs} laid off)`,
      });
    }
    if (hot.length >= config.region.cellsAtOrange) {
      level = maxLevel(level, 'orange');
      signals.push({
        name: 'cells_at_orange',
        value: hot.length,
        threshold: config.region.cellsAtOrange,
        level: 'orange',
        corroborating: true,
        zh: `${hot.length} 个行业达到橙色及以上（${hot.map((c) => c.industry_code).join('、')}）`,
        en: `${hot.length} industries at orange or red (${hot.map((c) => c.industry_code).join(', ')})`,
      });
    }
    const name = regionName(region);
    out.push({
      scope_kind: 'region',
      scope_key: region,
      period,
      level,
      region_code: region,
      region_name: name,
      industry_code: null,
      employer_credit_code: null,
      employer_name: null,
      on_watch_list: false,
      compliance_flags: [],
      signals,
      metrics: {
        enterprises: s.enterprises,
        employment_prev: s.prev_headcount,
        employment_now: s.headcount,
        layoffs: s.layoffs,
        loss_rate: round(m.loss_rate),
        headcount_drop: round(m.headcount_drop),
        cells_at_orange: hot.length,
      },
      // biome-ignore format: Chinese text, split to keep each line within 160 bytes
      explanation_zh:
        `${name}（${region}）：${signals.length ? signals.map((x) => x.zh).join('；') : '无风险信号'}` +
        `。预警等级：${LEVEL_ZH[level]}。`,
      explanation_en: `${name} (${region}): ${signals.length ? signals.map((x) => x.en).join('; ') : 'no risk signal'}. Level: ${level}.`,
    });
  }
  return out;
}
