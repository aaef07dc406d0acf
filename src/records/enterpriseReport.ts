import { z } from 'zod';
import { defineRecordKind } from './RecordKind.ts';
import { CLOSURE_NOTICES, CreditCode, IndustryCode, IsoDate, Period, PRODUCTION_STATUSES, RegionCode, ShortText } from './fields.ts';

/** 企业用工监测: one enterprise's monthly employment report (policy: employment-registration, enterprise-monitoring, monthly-follow-up). */
export const EnterpriseReportPayload = z
  .object({
    employer_credit_code: CreditCode,
    employer_name: ShortText.optional(),
    region_code: RegionCode,
    industry_code: IndustryCode,
    period: Period,
    headcount_baseline: z.number().int().min(0).max(2_000_000),
    headcount_now: z.number().int().min(0).max(2_000_000),
    insured_headcount: z.number().int().min(0).max(2_000_000),
    layoffs_this_period: z.number().int().min(0).max(2_000_000).default(0),
    planned_layoffs: z.number().int().min(0).max(2_000_000).default(0),
    plan_filed_date: IsoDate.nullish(),
    production_status: z.enum(PRODUCTION_STATUSES).default('normal'),
    wage_arrears: z.boolean().default(false),
    wage_arrears_amount: z.number().min(0).nullish(),
    closure_notice: z.enum(CLOSURE_NOTICES).default('none'),
    reduction_reason: z.string().max(500).nullish(),
  })
  .strict()
  .superRefine((r, ctx) => {
    if (r.insured_headcount > Math.max(r.headcount_now, r.headcount_baseline) * 1.5 + 10) {
      ctx.addIssue({ code: 'custom', path: ['insured_headcount'], message: 'insured_headcount far exceeds the headcount' });
    }
    if (r.planned_layoffs > 0 && r.plan_filed_date == null) {
      // A plan without a filing date is still stored: the missing date is what the compliance check reports.
    }
  });
export type EnterpriseReportPayload = z.infer<typeof EnterpriseReportPayload>;

/**
 * 企业用工监测: enterprise employment reports, stored in `enterprise_reports`. The names differ
 * by medium (type `enterprise_report`, table `enterprise_reports`, topic `enterprise-reports`)
 * because each is an interface producers and analysts already use; they are written only here.
 */
export const enterpriseReport = defineRecordKind({
  type: 'enterprise_report',
  table: 'enterprise_reports',
  topic: 'enterprise-reports',
  partitions: 3,
  file: 'enterprise_reports.ndjson',
  schema: EnterpriseReportPayload,
  inputOnly: [],
  scope: { regionColumn: 'region_code' },
  regionFields: ['region_code'],
  dateFields: ['plan_filed_date'],
  badLine: { requiredField: 'period', enumField: 'production_status', enumValue: 'paused' },
});
