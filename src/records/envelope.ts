import { envSetting } from '../config/config.ts';
import { z } from 'zod';
import { hashIdNumber, isValidIdNumber } from '../validation/idNumber.ts';
import { maskPhone, replacePersonalData } from '../core/personalData.ts';
import { holdsIdNumber, idNumberTag, scrubIdNumbers } from './scrubIdNumbers.ts';
import { describeField } from './describeField.ts';
import { type CompiledValidator, compileValidator, FALLBACK } from './compileValidator.ts';
import { type PayloadOf, RECORD_KINDS, RECORD_TYPES, type RecordType, recordKind } from './recordKinds.ts';

export type { PayloadOf, RecordType };

/** The envelope around every record; exported for the compiled validator's tests. */
export const EnvelopeHeader = z
  .object({
    type: z.enum(RECORD_TYPES, { message: `type must be one of ${RECORD_TYPES.join(', ')}` }),
    id: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[\w.:-]+$/, { message: 'id may use letters, digits, _ . : - only' }),
    version: z.number().int().min(0),
    event_time: z.iso.datetime({ offset: true, message: 'event_time must be an ISO 8601 timestamp with a zone' }),
    payload: z.unknown(),
  })
  .strict();

export interface ValidationIssue {
  code: string;
  path: string;
  message: string;
}

export interface Envelope<T extends RecordType = RecordType> {
  type: T;
  id: string;
  version: number;
  event_time: string;
  payload: PayloadOf<T>;
}

export type AnyEnvelope = { [T in RecordType]: Envelope<T> }[RecordType];

export type ValidationResult =
  | { ok: true; record: AnyEnvelope }
  | { ok: false; issues: ValidationIssue[]; type: string | null; id: string | null };

function toIssues(error: z.ZodError, prefix: (string | number)[] = []): ValidationIssue[] {
  return error.issues.map((issue) => ({
    code: issue.code,
    path: [...prefix, ...issue.path].map(String).join('.'),
    // zod words a missing field as a type mismatch; say what a person fixes.
    message: issue.code === 'invalid_type' && issue.message.endsWith('received undefined') ? 'required field is missing' : issue.message,
  }));
}

const MAX_EVENT_TIME_AHEAD_MS = 24 * 3600 * 1000;

/**
 * Validates one decoded JSON value as an envelope. Chinese ID numbers are checked and replaced
 * by their keyed hash here, so no later stage (store, log, dead letter) can see the raw number.
 * Callers must dead-letter `sanitizeForDeadLetter(value)`, never `value`.
 */
export function validateEnvelope(value: unknown, now: number = Date.now()): ValidationResult {
  const fastHeader = FAST_HEADER ? FAST_HEADER(value) : FALLBACK;
  const header = fastHeader === FALLBACK ? EnvelopeHeader.safeParse(value) : { success: true as const, data: fastHeader };
  const rawType = typeof (value as { type?: unknown })?.type === 'string' ? (value as { type: string }).type : null;
  const rawId = typeof (value as { id?: unknown })?.id === 'string' ? (value as { id: string }).id : null;
  if (!header.success) return { ok: false, issues: toIssues(header.error), type: rawType, id: rawId };
  const { type, id, version, event_time } = header.data;
  if (Date.parse(event_time) > now + MAX_EVENT_TIME_AHEAD_MS) {
    return { ok: false, type, id, issues: [{ code: 'custom', path: 'event_time', message: `event_time ${event_time} is in the future` }] };
  }
  if (holdsIdNumber(id)) {
    // An id is copied everywhere (tables, outbox, dead letters, logs): it must not name a person.
    return {
      ok: false,
      type,
      id,
      issues: [
        {
          code: 'personal_data',
          path: 'id',
          message:
            'id holds a resident ID number (GB 11643); give the record a pseudonymous id and send the number only as payload.id_number',
        },
      ],
    };
  }
  let payloadInput = header.data.payload;
  if (type === 'seeker' && payloadInput && typeof payloadInput === 'object' && 'id_number' in payloadInput) {
    const { id_number: idNumber, ...rest } = payloadInput as Record<string, unknown>;
    if (typeof idNumber !== 'string' || !isValidIdNumber(idNumber)) {
      return {
        ok: false,
        type,
        id,
        issues: [{ code: 'custom', path: 'payload.id_number', message: 'id_number fails the GB 11643 check digit or format' }],
      };
    }
    payloadInput = { ...rest, id_hash: hashIdNumber(idNumber) };
  }
  // ID numbers anywhere else in the payload (free text, ids) are masked before anything keeps them.
  payloadInput = scrubIdNumbers(payloadInput, CODE_FIELDS[type]);
  const fastPayload = FAST_PAYLOAD[type];
  const fast = fastPayload ? fastPayload(payloadInput) : FALLBACK;
  if (fast !== FALLBACK) return { ok: true, record: { type, id, version, event_time, payload: fast } as AnyEnvelope };
  const payload = recordKind(type).schema.safeParse(payloadInput);
  if (!payload.success) return { ok: false, issues: toIssues(payload.error, ['payload']), type, id };
  return { ok: true, record: { type, id, version, event_time, payload: payload.data } as AnyEnvelope };
}

// Compiled from the schemas above: they answer for valid records, zod for everything else
// (test/records/compileValidator.test.ts checks both give the same result).
const ZOD_ONLY = envSetting('LABOURFLOW_ZOD_ONLY') === '1';
/** Per record type, the payload fields a pattern holds to a code (not free text, not an id): left out of the ID-number scrub. */
const CODE_FIELDS = Object.fromEntries(
  RECORD_KINDS.map((k) => [
    k.type,
    new Set(Object.entries(payloadShape(k.schema as z.ZodType)).flatMap(([name, field]) => (describeField(field).code ? [name] : []))),
  ]),
) as Record<string, ReadonlySet<string>>;
const FAST_HEADER = ZOD_ONLY ? null : compileValidator(EnvelopeHeader);
const FAST_PAYLOAD = Object.fromEntries(
  RECORD_KINDS.map((k) => [k.type, ZOD_ONLY ? null : compileValidator(k.schema as z.ZodType)]),
) as Record<RecordType, CompiledValidator<unknown> | null>;

/**
 * Masks ID numbers (as their keyed-hash tag) and mobile numbers (138****8000) in text bound for
 * the dead-letter place (`rejected.raw`, the dead-letter topic): every shape src/core/personalData.ts
 * finds, spaced, dashed, full-width or run into other digits, and any 18-character run of the ID
 * number's shape (a mistyped number, or a credit code: masking too much costs nothing here).
 */
export function redactIdNumbers(text: string): string {
  return replacePersonalData(text, (s) => (s.kind === 'id' ? idNumberTag(s.canonical) : maskPhone(s.canonical)), true, true);
}

/** The object shape under a payload schema (through refinements and pipes). */
function payloadShape(schema: z.ZodType): Record<string, z.ZodType> {
  let s = schema as unknown as { shape?: Record<string, z.ZodType>; _zod: { def: { in?: z.ZodType; schema?: z.ZodType } } };
  while (!s.shape) s = (s._zod.def.in ?? s._zod.def.schema) as unknown as typeof s;
  return s.shape;
}
