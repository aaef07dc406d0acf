import { z } from 'zod';
import { defineRecordKind } from './RecordKind.ts';
import { IsoDate, OUTCOME_EVENTS } from './fields.ts';

/** What happened after a recommendation or referral: the feedback matching quality is measured on. */
export const OutcomePayload = z
  .object({
    seeker_id: z.string().min(1).max(64),
    posting_id: z.string().min(1).max(64),
    run_id: z.string().max(64).nullish(),
    event: z.enum(OUTCOME_EVENTS),
    date: IsoDate,
    contract_months: z.number().int().min(0).max(600).nullish(),
    start_date: IsoDate.nullish(),
    social_insurance: z.boolean().nullish(),
  })
  .strict()
  .superRefine((o, ctx) => {
    if (o.event === 'hired' && o.start_date == null) {
      ctx.addIssue({ code: 'custom', path: ['start_date'], message: 'a hired outcome needs start_date' });
    }
  });
export type OutcomePayload = z.infer<typeof OutcomePayload>;

/** 推荐反馈: outcomes of recommendations and referrals, stored in `outcomes`, scoped through the seeker. */
export const outcome = defineRecordKind({
  type: 'outcome',
  table: 'outcomes',
  topic: 'outcomes',
  partitions: 3,
  file: 'outcomes.ndjson',
  schema: OutcomePayload,
  inputOnly: [],
  scope: { seekerColumn: 'seeker_id' },
  regionFields: [],
  dateFields: ['date', 'start_date'],
  badLine: { requiredField: 'event', enumField: 'event', enumValue: 'offered' },
});
