import type { ErrorCode } from '../core/errorCodes.ts';
import { PipelineError } from '../core/PipelineError.ts';

/**
 * Refused for who the caller is: 401 not signed in (or a credential that is not valid: forged,
 * expired, revoked, or its user disabled, all alike), 403 signed in but not allowed, 429 too
 * many failed logins. The HTTP layer answers with `statusCode`.
 */
export class AuthError extends PipelineError {
  constructor(
    readonly statusCode: 401 | 403 | 429,
    message: string,
    options: { code: ErrorCode; hint?: string; retryAfterS?: number },
  ) {
    super(message, { code: options.code, retriable: statusCode === 429, hint: options.hint });
    this.retryAfterS = options.retryAfterS;
  }

  readonly retryAfterS: number | undefined;

  static unauthenticated(): AuthError {
    return new AuthError(401, 'sign in first: no valid session cookie or API token', {
      code: 'UNAUTHENTICATED',
      hint: 'POST /auth/login, or send "Authorization: Bearer <token>" (labourflow users token)',
    });
  }

  static invalidCredential(): AuthError {
    return new AuthError(401, 'the session or API token is not valid (unknown, expired, revoked, or its user is disabled)', {
      code: 'CREDENTIALS_INVALID',
      hint: 'sign in again, or ask an admin for a new token',
    });
  }

  static forbidden(role: string, action: string): AuthError {
    return new AuthError(403, `${/^[aeiou]/.test(role) ? 'an' : 'a'} ${role} may not do this (${action})`, {
      code: 'FORBIDDEN',
      hint: 'ask an admin if your work needs it',
    });
  }
}
