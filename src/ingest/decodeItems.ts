import { redactIdNumbers, validateEnvelope, type AnyEnvelope, type ValidationIssue } from '../records/envelope.ts';
import { MAX_RAW_CHARS, type RejectedItem, type SourceItem } from './SourceItem.ts';

export interface DecodedItems {
  valid: AnyEnvelope[];
  rejects: RejectedItem[];
}

/**
 * Turns source items into validated envelopes and dead letters. Pure and synchronous: the same
 * function serves file, CSV and Kafka ingestion, so every source rejects a record for the same reason.
 */
export function decodeItems(items: readonly SourceItem[], source: string, now: number = Date.now()): DecodedItems {
  const valid: AnyEnvelope[] = [];
  const rejects: RejectedItem[] = [];
  for (const item of items) {
    const outcome = decodeItem(item, now);
    if (outcome.ok) valid.push(outcome.record);
    else rejects.push(toRejected(item, source, outcome.issues, outcome.type, outcome.id));
  }
  return { valid, rejects };
}

type DecodeOutcome = { ok: true; record: AnyEnvelope } | { ok: false; issues: ValidationIssue[]; type: string | null; id: string | null };

export function decodeItem(item: SourceItem, now: number = Date.now()): DecodeOutcome {
  if (item.issues && item.issues.length > 0) {
    const v = item.value as { type?: unknown; id?: unknown } | undefined;
    return {
      ok: false,
      issues: item.issues,
      type: typeof v?.type === 'string' ? v.type : null,
      id: typeof v?.id === 'string' ? v.id : null,
    };
  }
  let value = item.value;
  if (value === undefined) {
    try {
      value = JSON.parse(item.raw);
    } catch (error) {
      return { ok: false, type: null, id: null, issues: [{ code: 'invalid_json', path: '', message: jsonErrorMessage(item.raw, error) }] };
    }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return {
      ok: false,
      type: null,
      id: null,
      issues: [
        { code: 'invalid_type', path: '', message: 'record must be a JSON object envelope {type, id, version, event_time, payload}' },
      ],
    };
  }
  return validateEnvelope(value, now);
}

function jsonErrorMessage(raw: string, error: unknown): string {
  const message = (error as Error).message;
  const trimmed = raw.trimEnd();
  if (trimmed.startsWith('{') && !trimmed.endsWith('}')) return `truncated JSON: ${message}`;
  return `not valid JSON: ${message}`;
}

export function toRejected(
  item: SourceItem,
  source: string,
  issues: ValidationIssue[],
  recordType: string | null,
  recordId: string | null,
): RejectedItem {
  const clipped = item.raw.length > MAX_RAW_CHARS ? item.raw.slice(0, MAX_RAW_CHARS) : item.raw;
  return {
    source,
    position: item.position,
    recordType,
    recordId: recordId === null ? null : redactIdNumbers(recordId),
    issues: issues.map((i) => ({ ...i, message: redactIdNumbers(i.message) })),
    raw: redactIdNumbers(clipped),
    rawBytes: item.rawBytes ?? Buffer.byteLength(item.raw),
  };
}
