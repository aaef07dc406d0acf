import { LEVEL_RANK, LEVEL_ZH, capLevel, levelOn, maxLevel, raiseLevel, type Level, type RiskConfig } from './RiskConfig.ts';
import { art41Check, reachesArt41, refundEligibility } from './ruleChecks.ts';
import type { Assessment, Signal } from './types.ts';

/** One enterprise's report for the period with what SQL joined onto it (sql/risk/enterprise_signals.sql). */
export interface EnterprisePeriodRow {
  employer_credit_code: string;
  employer_name: string | null;
  region_code: string;
  industry_code: string;
  period: string;
  headcount_baseline: number;
  headcount_now: number;
  insured_headcount: number;
  layoffs_this_period: number;
  planned_layoffs: number;
  plan_filed_date: string | null;
  production_status: string;
  wage_arrears: boolean;
  wage_arrears_amount: number | null;
  closure_notice: string;
  reduction_reason: string | null;
  /** Last period's report, when there was one. */
  prev_headcount: number | null;
  prev_insured: number | null;
  /** Layoffs over the refund window (this period included) and the insured headcount at its start. */
  layoffs_window: number;
  insured_window_start: number | null;
  /** Highest insured headcount at `trendMonths` and half that many months back (only when insured fell this month). */
  insured_recent_max: number | null;
  /** Postings by this employer withdrawn during the period. */
  postings_withdrawn: number;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/**
 * Signals for one enterprise in one period and the level they combine into: the highest level
 * any signal reaches, raised by one when `corroborate` independent signals agree at yellow or
 * above. Headcount-only falls (no layoffs, no insured drop) are what seasonal dips look like, so
 * they never pass yellow on their own and never count as corroboration.
 */
export function assessEnterprise(row: EnterprisePeriodRow, config: RiskConfig, onWatchList = false): Assessment {
  const cfg = config.enterprise;
  const signals: Signal[] = [];
  const flags: string[] = [];
  const add = (s: Omit<Signal, 'level'> & { level: Level }) => {
    if (s.level !== 'none') signals.push(s);
  };
  const prevHead = row.prev_headcount ?? row.headcount_now + row.layoffs_this_period;
  const workforce = Math.max(prevHead, row.headcount_now + row.layoffs_this_period);

  const layoffRate = workforce > 0 ? row.layoffs_this_period / workforce : 0;
  if (row.layoffs_this_period > 0) {
    add({
      name: 'layoff_rate',
      value: round(layoffRate),
      threshold: firstReached(cfg.layoffRate, layoffRate),
      level: levelOn(cfg.layoffRate, layoffRate),
      corroborating: true,
      zh: `本期裁员 ${row.layoffs_this_period} 人（占上期职工 ${pct(layoffRate)}）`,
      en: `${row.layoffs_this_period} laid off this period (${pct(layoffRate)} of last period's staff)`,
    });
  }

  const art41 = art41Check({ layoffs: row.layoffs_this_period, workforce, planFiledDate: row.plan_filed_date, period: row.period }, config);
  if (art41.applies && !art41.compliant) {
    flags.push('art41_plan_not_filed_30_days');
    add({
      name: 'art41_plan_not_filed',
      value: art41.daysAhead ?? 'none',
      threshold: config.art41.noticeDays,
      level: config.art41.level,
      corroborating: false,
      // biome-ignore format: Chinese text, split to keep each line within 160 bytes
      zh:
        art41.daysAhead === null
          ? `裁员达到《劳动合同法》第四十一条规模（${row.layoffs_this_period} 人，${pct(art41.share)}）但未报告裁员方案`
          : `裁员达到《劳动合同法》第四十一条规模，但方案仅提前 ${art41.daysAhead} 天报告` +
            `（应提前 ${config.art41.noticeDays} 天）`,
      en:
        art41.daysAhead === null
          ? `layoffs reach the Labour Contract Law art. 41 threshold (${row.layoffs_this_period}, ${pct(art41.share)}) with no layoff plan filed`
          : `layoffs reach the art. 41 threshold but the plan was filed only ${art41.daysAhead} days ahead (${config.art41.noticeDays} required)`,
    });
  }

  if (row.planned_layoffs > 0 && row.planned_layoffs > row.layoffs_this_period) {
    const share = row.headcount_now > 0 ? row.planned_layoffs / row.headcount_now : 1;
    let level = levelOn(cfg.plannedShare, share);
    if (reachesArt41(row.planned_layoffs, row.headcount_now, config)) level = maxLevel(level, 'orange');
    add({
      name: 'planned_layoffs',
      value: row.planned_layoffs,
      threshold: firstReached(cfg.plannedShare, share),
      level,
      corroborating: true,
      zh:
        `计划裁员 ${row.planned_layoffs} 人（占现有职工 ${pct(share)}）` +
        `${row.plan_filed_date ? `，方案于 ${row.plan_filed_date} 报告` : '，未报告方案日期'}`,
      en: `${row.planned_layoffs} layoffs planned (${pct(share)} of staff)${row.plan_filed_date ? `, plan filed ${row.plan_filed_date}` : ', no filing date'}`,
    });
    if (!row.plan_filed_date && reachesArt41(row.planned_layoffs, row.headcount_now, config)) flags.push('art41_plan_date_missing');
  }

  if (row.prev_insured !== null && row.prev_insured > 0) {
    const lost = row.prev_insured - row.insured_headcount;
    const drop = lost / row.prev_insured;
    if (lost >= config.minPersons) {
      add({
        name: 'insured_drop',
        value: round(drop),
        threshold: firstReached(cfg.insuredDrop, drop),
        level: levelOn(cfg.insuredDrop, drop),
        corroborating: true,
        zh: `参保人数环比减少 ${lost} 人（${pct(drop)}）`,
        en: `insured headcount down ${lost} (${pct(drop)}) on last period`,
      });
    }
  }

  // Only while still falling this month: after a one-off cut the trend would otherwise repeat it for months.
  const stillFalling =
    row.prev_insured !== null && row.prev_insured - row.insured_headcount >= Math.max(1, cfg.trendMonthlyDrop * row.prev_insured);
  // Only when the recent high is above last month: otherwise it repeats insured_drop.
  if (stillFalling && row.insured_recent_max !== null && row.prev_insured !== null && row.insured_recent_max > row.prev_insured) {
    const lost = row.insured_recent_max - row.insured_headcount;
    const drop = lost / row.insured_recent_max;
    if (lost >= config.minPersons) {
      add({
        name: 'insured_trend',
        value: round(drop),
        threshold: firstReached(cfg.insuredTrend, drop),
        level: levelOn(cfg.insuredTrend, drop),
        corroborating: true,
        zh: `参保人数较近${cfg.trendMonths}个月高点减少 ${lost} 人（${pct(drop)}）`,
        en: `insured headcount down ${lost} (${pct(drop)}) from its ${cfg.trendMonths}-month high`,
      });
    }
  }

  if (row.prev_headcount !== null && row.prev_headcount > 0) {
    const lost = row.prev_headcount - row.headcount_now;
    const drop = lost / row.prev_headcount;
    if (lost >= config.minPersons && lost > row.layoffs_this_period) {
      add({
        name: 'headcount_drop',
        value: round(drop),
        threshold: firstReached(cfg.headcountDrop, drop),
        level: capLevel(levelOn(cfg.headcountDrop, drop), 'yellow'),
        corroborating: false,
        zh: `职工人数环比减少 ${lost} 人（${pct(drop)}）`,
        en: `headcount down ${lost} (${pct(drop)}) on last period`,
      });
    }
  }

  if (row.headcount_baseline > 0) {
    const lost = row.headcount_baseline - row.headcount_now;
    const rate = lost / row.headcount_baseline;
    if (lost >= config.minPersons) {
      add({
        name: 'loss_vs_baseline',
        value: round(rate),
        threshold: firstReached(cfg.lossVsBaseline, rate),
        level: capLevel(levelOn(cfg.lossVsBaseline, rate), 'yellow'),
        corroborating: false,
        zh: `较建档期岗位流失率 ${pct(rate)}（${row.headcount_baseline}→${row.headcount_now}）`,
        en: `job-loss rate vs baseline ${pct(rate)} (${row.headcount_baseline}→${row.headcount_now})`,
      });
    }
  }

  const production: Record<string, [Level, string, string]> = {
    reduced: ['yellow', '减产', 'production reduced'],
    halted: ['orange', '停产', 'production halted'],
    closed: ['red', '已关闭', 'closed'],
  };
  const prod = production[row.production_status];
  if (prod)
    add({
      name: 'production_status',
      value: row.production_status,
      threshold: null,
      level: prod[0],
      corroborating: true,
      zh: `生产状态：${prod[1]}`,
      en: prod[2],
    });

  if (row.wage_arrears) {
    add({
      name: 'wage_arrears',
      value: row.wage_arrears_amount ?? true,
      threshold: null,
      level: 'yellow',
      corroborating: true,
      zh: `存在欠薪${row.wage_arrears_amount ? `（${Math.round(row.wage_arrears_amount)} 元）` : ''}`,
      en: `wage arrears${row.wage_arrears_amount ? ` (CNY ${Math.round(row.wage_arrears_amount)})` : ''}`,
    });
  }

  const notice: Record<string, [Level, string, string]> = {
    closure: ['red', '关闭', 'closure'],
    merger: ['orange', '兼并重组', 'merger'],
    relocation: ['yellow', '搬迁', 'relocation'],
  };
  const note = notice[row.closure_notice];
  if (note)
    add({
      name: 'closure_notice',
      value: row.closure_notice,
      threshold: null,
      level: note[0],
      corroborating: true,
      zh: `已报告${note[1]}`,
      en: `${note[2]} notice filed`,
    });

  if (row.postings_withdrawn >= cfg.postingsWithdrawn[0]) {
    const level: Level = row.postings_withdrawn >= cfg.postingsWithdrawn[1] ? 'yellow' : 'blue';
    add({
      name: 'postings_withdrawn',
      value: row.postings_withdrawn,
      threshold: cfg.postingsWithdrawn[level === 'yellow' ? 1 : 0],
      level,
      corroborating: true,
      zh: `本期撤回招聘岗位 ${row.postings_withdrawn} 个`,
      en: `${row.postings_withdrawn} job postings withdrawn this period`,
    });
  }

  const refundBase = row.insured_window_start ?? row.insured_headcount + row.layoffs_window;
  const refund = refundEligibility({ insured: refundBase, layoffs: row.layoffs_window }, config);
  if (!refund.eligible) flags.push('refund_ineligible');

  let level: Level = 'none';
  for (const s of signals) level = maxLevel(level, s.level);
  // Raising works on the evidence of risk only: a compliance finding is not itself evidence of more job loss.
  const evidence = signals.filter((s) => s.corroborating && LEVEL_RANK[s.level] >= LEVEL_RANK.yellow);
  const agreeing = evidence.length;
  const corroborated = agreeing >= cfg.corroborate;
  if (corroborated) level = maxLevel(level, raiseLevel(evidence.reduce<Level>((m, s) => maxLevel(m, s.level), 'none')));

  const name = row.employer_name ?? row.employer_credit_code;
  const head = `${name}（${row.employer_credit_code}，${row.region_code}，${row.industry_code}）`;
  const headEn = `${name} (${row.employer_credit_code}, ${row.region_code}, ${row.industry_code})`;
  const refundZh = refund.eligible
    ? ''
    : `；近${config.refund.windowMonths}个月裁员率 ${pct(refund.rate)} 超过稳岗返还上限 ${pct(refund.limit)}`;
  const refundEn = refund.eligible
    ? ''
    : `; ${config.refund.windowMonths}-month layoff rate ${pct(refund.rate)} exceeds the job-retention refund limit ${pct(refund.limit)}`;
  const watchZh = onWatchList ? '【重点监测名单】' : '';
  const watchEn = onWatchList ? '[watch list] ' : '';
  const corroZh = corroborated ? `；${agreeing} 项信号相互印证，等级上调一级` : '';
  const corroEn = corroborated ? `; ${agreeing} signals agree, level raised one step` : '';
  return {
    scope_kind: 'enterprise',
    scope_key: row.employer_credit_code,
    period: row.period,
    level,
    region_code: row.region_code,
    industry_code: row.industry_code,
    employer_credit_code: row.employer_credit_code,
    employer_name: row.employer_name,
    on_watch_list: onWatchList,
    compliance_flags: flags,
    signals,
    metrics: {
      headcount_baseline: row.headcount_baseline,
      headcount_prev: row.prev_headcount,
      headcount_now: row.headcount_now,
      insured_prev: row.prev_insured,
      insured_now: row.insured_headcount,
      layoffs: row.layoffs_this_period,
      planned_layoffs: row.planned_layoffs,
      art41_applies: art41.applies,
      art41_days_ahead: art41.daysAhead,
      refund_layoff_rate: round(refund.rate),
      refund_limit: refund.limit,
      refund_eligible: refund.eligible,
      postings_withdrawn: row.postings_withdrawn,
    },
    explanation_zh:
      `${watchZh}${head}：${signals.length ? signals.map((s) => s.zh).join('；') : '本期无风险信号'}` +
      `${refundZh}${corroZh}。预警等级：${LEVEL_ZH[level]}。`,
    explanation_en:
      `${watchEn}${headEn}: ${signals.length ? signals.map((s) => s.en).join('; ') : 'no risk signal this period'}` +
      `${refundEn}${corroEn}. Level: ${level}.`,
  };
}

function firstReached(ladder: readonly (number | null)[], value: number): number | null {
  let reached: number | null = null;
  for (const t of ladder) if (t !== null && value >= t) reached = t;
  return reached;
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}
