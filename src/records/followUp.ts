import { z } from 'zod';
import { defineRecordKind } from './RecordKind.ts';
import { FOLLOW_UP_CHANNELS, FOLLOW_UP_RESULTS, IsoDate, RegionCode } from './fields.ts';

/** A caseworker's contact with a registered unemployed seeker: the monthly follow-up ledger (policy: monthly-follow-up). */
export const FollowUpPayload = z
  .object({
    seeker_id: z.string().min(1).max(64),
    date: IsoDate,
    channel: z.enum(FOLLOW_UP_CHANNELS),
    result: z.enum(FOLLOW_UP_RESULTS),
    office_region: RegionCode.nullish(),
    caseworker_id: z.string().max(64).nullish(),
    note: z.string().max(2000).nullish(),
  })
  .strict();
export type FollowUpPayload = z.infer<typeof FollowUpPayload>;

/** 跟踪服务台账: caseworker follow-ups, stored in `follow_ups`, scoped through the seeker. */
export const followUp = defineRecordKind({
  type: 'follow_up',
  table: 'follow_ups',
  topic: 'follow-ups',
  partitions: 3,
  file: 'follow_ups.ndjson',
  schema: FollowUpPayload,
  inputOnly: [],
  scope: { seekerColumn: 'seeker_id' },
  regionFields: ['office_region'],
  dateFields: ['date'],
  badLine: { requiredField: 'channel', enumField: 'channel', enumValue: 'wechat' },
});
