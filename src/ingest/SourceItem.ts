import type { ValidationIssue } from '../records/envelope.ts';

/** One unit read from a source (an NDJSON line, a CSV row, a Kafka message), before validation. */
export interface SourceItem {
  /** Where inside its source: "line 12", "row 5", "p0@1234". */
  position: string;
  /** The original text, kept (ID numbers masked, truncated) for the dead-letter place. */
  raw: string;
  /** An already-decoded value to validate as an envelope; when absent, `raw` is parsed as JSON. */
  value?: unknown;
  /** Problems found before validation (CSV mapping, decoding, size); the item is rejected with them. */
  issues?: ValidationIssue[];
  /** Bytes of the original input when `raw` is a truncated or replaced form of it. */
  rawBytes?: number;
}

/** A record that failed, with every reason, ready for the `rejected` table and the dead-letter topic. */
export interface RejectedItem {
  source: string;
  position: string;
  recordType: string | null;
  recordId: string | null;
  issues: ValidationIssue[];
  /** The original text with anything shaped like an ID number masked, at most MAX_RAW_CHARS. */
  raw: string;
  rawBytes: number;
}

export const MAX_RAW_CHARS = 64 * 1024;

/** The one-line reason stored beside the full issue list: the first problem, with its path. */
export function summarizeIssues(issues: ValidationIssue[]): string {
  const first = issues[0];
  if (!first) return 'rejected';
  const more = issues.length > 1 ? ` (+${issues.length - 1} more)` : '';
  return `${first.path ? `${first.path}: ` : ''}${first.message}${more}`;
}
