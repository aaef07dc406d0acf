import type { ErrorCode } from '../core/errorCodes.ts';
import { PipelineError } from '../core/PipelineError.ts';

export interface Issue {
  code: string;
  path: string;
  message: string;
}

/** A refusal with its HTTP status (400, 403, 404, 413, …), its issues and what to do next. */
export class HttpError extends PipelineError {
  readonly issues: Issue[];

  constructor(
    readonly statusCode: number,
    message: string,
    options: { code: ErrorCode; hint?: string; issues?: Issue[] },
  ) {
    super(message, { code: options.code, retriable: false, hint: options.hint });
    this.issues = options.issues ?? [];
  }

  /** Records outside the caller's region are answered as if they did not exist. */
  static notFound(what: string): HttpError {
    return new HttpError(404, `${what} not found`, { code: 'NOT_FOUND', hint: 'only records of your region can be read' });
  }
}
