import { redactIdNumbers, validateEnvelope, type AnyEnvelope, type ValidationIssue } from '../records/envelope.ts';
import { MAX_RAW_CHARS, type RejectedItem, type SourceItem } from './SourceItem.ts';

declare global {
  interface String {
    /** ES2024, in Node 20; the project's lib setting (ES2023) does not declare it yet. */
    isWellFormed(): boolean;
  }
}

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
    // JSON.parse keeps a lone surrogate escape as it is; only such an escape can bring one in.
    const lone = item.raw.includes('\\u') && SURROGATE_ESCAPE.test(item.raw) ? loneSurrogateIssue(value, []) : null;
    if (lone) {
      const v = value as { type?: unknown; id?: unknown } | null;
      return {
        ok: false,
        type: typeof v?.type === 'string' ? v.type : null,
        id: typeof v?.id === 'string' && v.id.isWellFormed() ? v.id : null,
        issues: [lone],
      };
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

/**
 * The reason every source gives for bytes that are not UTF-8 (files per line, Kafka per message):
 * one code and one message, so `rejected` groups them together whatever the source.
 */
export function invalidUtf8Issue(byteOffset: number): ValidationIssue {
  return {
    code: 'invalid_encoding',
    path: '',
    message: `invalid UTF-8 at byte ${byteOffset} of the record; re-export or re-publish it as UTF-8`,
  };
}

/** A \uD800–\uDFFF escape (either case); a cheap pre-check before looking at the parsed strings. */
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;

/**
 * The first string (or object key) holding a lone surrogate, i.e. a JSON escape such as \ud800
 * that is not half of a pair. It is no Unicode character: stored, it would become U+FFFD or
 * break a reader, so the record is rejected instead.
 */
function loneSurrogateIssue(value: unknown, path: string[]): ValidationIssue | null {
  if (typeof value === 'string') return value.isWellFormed() ? null : surrogateIssue(value, path);
  if (value === null || typeof value !== 'object') return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const issue = loneSurrogateIssue(value[i], [...path, String(i)]);
      if (issue) return issue;
    }
    return null;
  }
  for (const [key, inner] of Object.entries(value)) {
    if (!key.isWellFormed()) return surrogateIssue(key, path);
    const issue = loneSurrogateIssue(inner, [...path, key]);
    if (issue) return issue;
  }
  return null;
}

function surrogateIssue(text: string, path: string[]): ValidationIssue {
  let at = 0;
  for (; at < text.length; at++) {
    const c = text.charCodeAt(at);
    if (c >= 0xd800 && c <= 0xdbff && at + 1 < text.length) {
      const next = text.charCodeAt(at + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        at++;
        continue;
      }
    }
    if (c >= 0xd800 && c <= 0xdfff) break;
  }
  const unit = text.charCodeAt(at).toString(16).toUpperCase();
  return {
    code: 'invalid_encoding',
    path: path.join('.'),
    message: `lone surrogate \\u${unit} at character ${at}: a JSON \\u escape in D800–DFFF must be half of a surrogate pair; fix the escape at the source`,
  };
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
