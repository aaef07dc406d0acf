import { z } from 'zod';
import { loadSection, type CoreConfig } from '../config/config.ts';
import { CreditCode } from '../records/fields.ts';

/**
 * The `risk` section of the config file: every threshold the layoff-risk monitor uses, with
 * where it comes from. Law and policy numbers cite their source; the banding ladders have no
 * published national values (provinces set their own early-warning indices), so they are
 * calibrated on the backtest (`labourflow backtest-layoffs`, docs/layoffs.md) and meant to be
 * tuned per province here.
 */
export const LEVELS = ['none', 'blue', 'yellow', 'orange', 'red'] as const;
export type Level = (typeof LEVELS)[number];
export const LEVEL_RANK: Record<Level, number> = { none: 0, blue: 1, yellow: 2, orange: 3, red: 4 };
export const LEVEL_ZH: Record<Level, string> = { none: '无', blue: '蓝色', yellow: '黄色', orange: '橙色', red: '红色' };

const Share = z.number().min(0).max(1);

/**
 * Thresholds at which a signal reaches blue, yellow, orange, red (null: never that high).
 * Must be non-decreasing so a bigger value never gives a lower level.
 */
export const Ladder = z.tuple([Share.nullable(), Share.nullable(), Share.nullable(), Share.nullable()]).refine(
  (l) => {
    const set = l.filter((x): x is number => x !== null);
    return set.every((x, i) => i === 0 || x >= set[i - 1]!);
  },
  { message: 'ladder thresholds [blue, yellow, orange, red] must be non-decreasing (use null to skip a level)' },
);
export type Ladder = z.infer<typeof Ladder>;

const LevelName = z.enum(['blue', 'yellow', 'orange', 'red']);

export const RiskSection = z
  .object({
    /** Region level cells and regions roll up to (GB/T 2260). */
    regionLevel: z.enum(['province', 'city', 'county']).default('city'),
    /** Cells group industries by GB/T 4754 division (letter + 2 digits). */
    industryLevel: z.enum(['section', 'division']).default('division'),
    /** Months of a cell's own history its robust z-score is computed over. */
    historyMonths: z.number().int().min(3).max(60).default(12),
    /** A person-count signal (insured drop, loss vs baseline) needs at least this many people, so a 12-person firm losing one is not a 8% "drop". */
    minPersons: z.number().int().min(1).default(3),

    /** Labour Contract Law of the PRC (劳动合同法) art. 41; policy: economic-layoff (policy: economic-layoff). */
    art41: z
      .object({
        minPersons: z.number().int().min(1).default(20),
        minShare: Share.default(0.1),
        noticeDays: z.number().int().min(1).default(30),
        level: LevelName.default('orange'),
      })
      .strict()
      .prefault({}),

    /** Job-retention refund (稳岗返还), policy: job-retention-refund (policy: job-retention-refund). */
    refund: z
      .object({
        /**
         * National urban surveyed unemployment target: "城镇调查失业率5.5%左右", Government Work
         * Report 2024 and 2025 (国务院政府工作报告). Update it when the year's report changes it.
         */
        layoffRateTarget: Share.default(0.055),
        /** Small enterprises (≤ 30 insured staff) may lay off up to 20% (MOHRSS/MOF/STA refund notices; policy: job-retention-refund). */
        smallEnterpriseMaxInsured: z.number().int().min(1).default(30),
        smallEnterpriseMaxRate: Share.default(0.2),
        /** The refund looks at the past year's layoffs (上年度裁员率). */
        windowMonths: z.number().int().min(1).max(24).default(12),
      })
      .strict()
      .prefault({}),

    enterprise: z
      .object({
        /** layoffs_this_period ÷ last period's headcount. */
        layoffRate: Ladder.default([0.02, 0.05, 0.1, 0.3]),
        /** Fall of insured headcount on last period (social-insurance records; barely moves with seasonal, uninsured staff). */
        insuredDrop: Ladder.default([0.03, 0.05, 0.1, 0.25]),
        /** Fall of insured headcount from its highest in the last `trendMonths` months: catches declines too slow for any one month to show. */
        insuredTrend: Ladder.default([0.05, 0.1, 0.2, 0.35]),
        trendMonths: z.number().int().min(2).max(24).default(6),
        /** The trend counts only while insured headcount still falls this month by at least this share (and one person). */
        trendMonthlyDrop: Share.default(0.02),
        /** Fall of headcount on last period with no reported layoffs: seasonal or churn unless corroborated, so never above yellow. */
        headcountDrop: Ladder.default([0.1, 0.2, null, null]),
        /** Fall from the baseline headcount (监测建档期): job-loss rate of the national dynamic monitoring. */
        lossVsBaseline: Ladder.default([0.15, 0.25, null, null]),
        /** planned_layoffs ÷ headcount: a filed plan is the earliest signal. */
        plannedShare: Ladder.default([0.02, 0.05, 0.1, 0.3]),
        /** Postings withdrawn in the period (count) reaching blue / yellow. */
        postingsWithdrawn: z.tuple([z.number().int().min(1), z.number().int().min(1)]).default([3, 10]),
        /** Corroboration: this many independent signals at yellow or above raise the level by one. */
        corroborate: z.number().int().min(2).default(3),
      })
      .strict()
      .prefault({}),

    /** Region × industry cells. */
    cell: z
      .object({
        /** max(Σ layoffs ÷ Σ headcount last period, fall of Σ insured) in the cell. */
        lossRate: Ladder.default([0.01, 0.02, 0.04, 0.08]),
        /** Net fall of the cell's headcount: seasonal unless corroborated, never above yellow. */
        headcountDrop: Ladder.default([0.05, 0.1, null, null]),
        /** Robust z-score (median / MAD of the cell's own history) that raises the level by one. */
        zRaise: z.number().min(0).default(3.5),
        /** Cells smaller than this (employment last period) or lighter in their region are capped at yellow. */
        minEmployment: z.number().int().min(0).default(300),
        minWeight: Share.default(0.01),
        /** Share of the cell's losses from one enterprise above which the explanation names it. */
        concentrationNote: Share.default(0.5),
      })
      .strict()
      .prefault({}),

    /** Regions (all industries). */
    region: z
      .object({
        lossRate: Ladder.default([0.005, 0.01, 0.02, 0.04]),
        /** This many cells at orange or red make the region at least orange. */
        cellsAtOrange: z.number().int().min(1).default(2),
      })
      .strict()
      .prefault({}),

    /** Enterprises in transformation (policy: enterprise-monitoring), reported every period whatever their level. */
    watchList: z.array(CreditCode).default([]),
  })
  .strict();
export type RiskConfig = z.infer<typeof RiskSection>;

export function defaultRiskConfig(): RiskConfig {
  return RiskSection.parse({});
}

export function loadRiskConfig(core: Pick<CoreConfig, 'configFile'>, overrides: Record<string, unknown> = {}): RiskConfig {
  return loadSection(core, 'risk', RiskSection, overrides);
}

/** Level a value reaches on a ladder (values at or above a threshold reach it). */
export function levelOn(ladder: Ladder, value: number): Level {
  let level: Level = 'none';
  ladder.forEach((threshold, i) => {
    if (threshold !== null && value >= threshold) level = LEVELS[i + 1]!;
  });
  return level;
}

export function maxLevel(a: Level, b: Level): Level {
  return LEVEL_RANK[a] >= LEVEL_RANK[b] ? a : b;
}

export function raiseLevel(level: Level, steps = 1): Level {
  return LEVELS[Math.min(4, LEVEL_RANK[level] + steps)]!;
}

export function capLevel(level: Level, cap: Level): Level {
  return LEVEL_RANK[level] > LEVEL_RANK[cap] ? cap : level;
}
