import type { z } from 'zod';
import { enterpriseReport } from './enterpriseReport.ts';
import { followUp } from './followUp.ts';
import { outcome } from './outcome.ts';
import { posting } from './posting.ts';
import type { RecordKind } from './RecordKind.ts';
import { seeker } from './seeker.ts';

/** Every record kind the pipeline ingests, in the order tables are written and listed. */
export const RECORD_KINDS = [posting, seeker, enterpriseReport, followUp, outcome] as const;

export type AnyRecordKind = (typeof RECORD_KINDS)[number];
export type RecordType = AnyRecordKind['type'];
export type KindOf<T extends RecordType> = Extract<AnyRecordKind, { type: T }>;
type PayloadMap = { [K in AnyRecordKind as K['type']]: z.infer<K['schema']> };
/** The validated payload of a record type (an indexed access, so Envelope<T> stays covariant in T). */
export type PayloadOf<T extends RecordType> = PayloadMap[T];

/** The envelope `type` values, as zod's enum wants them. */
export const RECORD_TYPES = RECORD_KINDS.map((k) => k.type) as unknown as readonly [RecordType, ...RecordType[]];

const BY_TYPE = new Map<string, AnyRecordKind>(RECORD_KINDS.map((k) => [k.type, k]));

/** The declaration of a record type. */
export function recordKind<T extends RecordType>(type: T): KindOf<T> {
  return BY_TYPE.get(type) as KindOf<T>;
}

/** The declaration whose table is `table`, if any. */
export function recordKindOfTable(table: string): AnyRecordKind | undefined {
  return RECORD_KINDS.find((k) => k.table === table);
}

/** Widened view for code that treats every kind alike. */
export const ALL_KINDS = RECORD_KINDS as unknown as readonly RecordKind[];
