import { ERROR_CODES, type ErrorCode } from './errorCodes.ts';

/**
 * The error taxonomy every stage throws. Retry loops look only at `retriable`, never at
 * messages or classes; a code comes from the closed list (errorCodes.ts), which says whether
 * it is retriable, so a new failure mode is classified once.
 */
export interface PipelineErrorOptions {
  code: ErrorCode;
  retriable?: boolean;
  cause?: unknown;
  /** What the operator should do next; printed by the CLI under the message. */
  hint?: string;
}

export class PipelineError extends Error {
  readonly code: ErrorCode;
  readonly retriable: boolean;
  readonly hint: string | undefined;

  constructor(message: string, options: PipelineErrorOptions) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code;
    this.retriable = options.retriable ?? ERROR_CODES[options.code].retriable;
    this.hint = options.hint;
  }
}

/** Bad flags, environment variables or config files. Never retriable: a person must fix it. */
export class ConfigError extends PipelineError {
  constructor(message: string, options: Omit<PipelineErrorOptions, 'code'> & { code?: ErrorCode } = {}) {
    super(message, { code: options.code ?? 'CONFIG_INVALID', retriable: false, cause: options.cause, hint: options.hint });
  }
}

/** Reading from a file, a Kafka topic or another source failed. */
export class SourceError extends PipelineError {}

/** Writing to DuckDB, Parquet, Kafka or an outbox failed. */
export class SinkError extends PipelineError {}

/** A record broke a rule. Carried with the record to the dead-letter place, never thrown past a batch. */
export class DataQualityError extends PipelineError {
  constructor(message: string, options: Omit<PipelineErrorOptions, 'code'> & { code?: ErrorCode } = {}) {
    super(message, { code: options.code ?? 'DATA_INVALID', retriable: false, cause: options.cause, hint: options.hint });
  }
}

export function isRetriable(error: unknown): boolean {
  return error instanceof PipelineError && error.retriable;
}

/**
 * Runs `fn` until it succeeds or fails with a non-retriable error; backs off exponentially.
 * Decided only by `retriable`, as the taxonomy promises.
 */
export async function withRetries<T>(
  fn: (attempt: number) => Promise<T>,
  {
    retries = 5,
    initialDelayMs = 200,
    maxDelayMs = 10_000,
    onRetry,
  }: {
    retries?: number;
    initialDelayMs?: number;
    maxDelayMs?: number;
    onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
  } = {},
): Promise<T> {
  let delay = initialDelayMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (!isRetriable(error) || attempt >= retries) throw error;
      onRetry?.(error, attempt, delay);
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(maxDelayMs, delay * 2);
    }
  }
}

/**
 * A person's action the review desk or the caseworker console refuses (src/review/, src/cases/):
 * `not_found` (also for records outside the person's region, which do not exist for them),
 * `conflict` (the record's state forbids it, or it changed since it was read), or `invalid`
 * input, with every problem as {code, path, message}. Never retriable as it is.
 */
export class RequestError extends PipelineError {
  readonly issues: { code: string; path: string; message: string }[];

  constructor(
    readonly reason: 'not_found' | 'conflict' | 'invalid',
    message: string,
    options: { code: ErrorCode; hint?: string; issues?: { code: string; path: string; message: string }[] },
  ) {
    super(message, { code: options.code, retriable: false, hint: options.hint });
    this.issues = options.issues ?? [];
  }
}
