import { z } from 'zod';
import { FOLLOW_UP_CHANNELS, FOLLOW_UP_RESULTS, IsoDate, RegionCode } from './common.ts';

/** A caseworker's contact with a registered unemployed seeker: the monthly follow-up ledger (003 §22). */
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
