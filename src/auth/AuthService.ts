import { Logger } from '../core/Logger.ts';
import type { DuckDBStore } from '../store/DuckDBStore.ts';
import { AuthError } from './AuthError.ts';
import { LoginThrottle } from './LoginThrottle.ts';
import { PasswordHasher } from './PasswordHasher.ts';
import { isRole, type Principal } from './roles.ts';
import { type CredentialOwner, type IssuedToken, UserStore, type UserRow } from './UserStore.ts';

type Writer = <T>(fn: (store: DuckDBStore) => Promise<T>) => Promise<T>;
type Reader = <T>(fn: (store: DuckDBStore) => Promise<T>) => Promise<T>;

export interface AuthServiceOptions {
  /** Runs fn with the shared writer (StoreHost.write). */
  write: Writer;
  /** Runs fn with a store over a connection of its own, for reading. */
  read: Reader;
  /** How long a session lasts from sign-in (default 8 h, a working day). */
  sessionTtlMs?: number;
  throttle?: LoginThrottle;
  hasher?: PasswordHasher;
}

/** Token last-use times are written at most this often per token, so scripts do not queue behind ingest for it. */
const TOUCH_EVERY_MS = 60_000;

/**
 * Sign-in and credentials for the service: password checks (slowed after failures, and logged),
 * sessions for browsers (an HTTP-only cookie whose value is stored hashed), API tokens for
 * scripts. A credential is looked up afresh on every request, so disabling a user, revoking a
 * token or signing out takes effect on the next request.
 */
export class AuthService {
  private readonly log = Logger.for('auth');
  readonly sessionTtlMs: number;
  private readonly throttle: LoginThrottle;
  private readonly hasher: PasswordHasher;

  constructor(private readonly options: AuthServiceOptions) {
    this.sessionTtlMs = options.sessionTtlMs ?? 8 * 3600_000;
    this.throttle = options.throttle ?? new LoginThrottle();
    this.hasher = options.hasher ?? new PasswordHasher();
  }

  /** The principal behind a bearer token, or a 401. */
  async fromToken(token: string): Promise<Principal> {
    const owner = await this.options.read((db) => new UserStore(db, this.hasher).tokenOwner(token));
    const principal = owner ? toPrincipal(owner, 'token') : null;
    if (!principal || !owner) throw AuthError.invalidCredential();
    if (owner.last_used_ms === null || Date.now() - Number(owner.last_used_ms) > TOUCH_EVERY_MS) {
      this.options
        .write((db) => new UserStore(db, this.hasher).touchToken(owner.token_id))
        .catch((error) => this.log.warn('token_touch_failed', { token_id: owner.token_id, error: (error as Error).message }));
    }
    return { ...principal, tokenId: owner.token_id };
  }

  /** The principal behind a session cookie, or a 401. */
  async fromSession(value: string): Promise<Principal & { expiresAt: string }> {
    const owner = await this.options.read((db) => new UserStore(db, this.hasher).sessionOwner(value));
    const principal = owner ? toPrincipal(owner, 'session') : null;
    if (!principal || !owner) throw AuthError.invalidCredential();
    return { ...principal, expiresAt: owner.expires_at };
  }

  /** Checks a password (throttled, logged); returns the user, or throws 401/429. */
  async checkPassword(name: string, password: string, address: string): Promise<UserRow> {
    const wait = this.throttle.waitMs(name, address);
    if (wait > 0) {
      this.log.warn('login_throttled', { user: name, address, retry_after_ms: wait });
      await this.event('login_throttled', name, address, `retry after ${Math.ceil(wait / 1000)} s`);
      throw new AuthError(429, 'too many failed sign-ins; wait before trying again', {
        code: 'LOGIN_THROTTLED',
        hint: `retry in ${Math.ceil(wait / 1000)} s`,
        retryAfterS: Math.ceil(wait / 1000),
      });
    }
    const user = await this.options.read((db) => new UserStore(db, this.hasher).checkPassword(name, password));
    if (!user) {
      this.throttle.failed(name, address);
      this.log.warn('login_failed', { user: name, address });
      await this.event('login_failed', name, address, null);
      throw new AuthError(401, 'user name or password is wrong, or the user is disabled', { code: 'LOGIN_FAILED' });
    }
    this.throttle.succeeded(name, address);
    return user;
  }

  /** Signs in with a password: a new session (its cookie value and expiry). */
  async login(name: string, password: string, address: string): Promise<{ principal: Principal; cookie: string; expiresAt: string }> {
    const user = await this.checkPassword(name, password, address);
    const session = await this.options.write(async (db) => {
      const users = new UserStore(db, this.hasher);
      const opened = await users.openSession(user.name, this.sessionTtlMs, address);
      await users.event('login', { user: user.name, address });
      return opened;
    });
    this.log.info('login', { user: user.name, role: user.role, address });
    return {
      principal: { name: user.name, role: user.role, region: user.region, via: 'session' },
      cookie: session.value,
      expiresAt: session.expires_at,
    };
  }

  async logout(cookie: string, principal: Principal, address: string): Promise<void> {
    await this.options.write(async (db) => {
      const users = new UserStore(db, this.hasher);
      await users.closeSession(cookie);
      await users.event('logout', { user: principal.name, address });
    });
  }

  async issueToken(name: string, options: { label?: string | null; days?: number; actor: string }): Promise<IssuedToken> {
    const issued = await this.options.write((db) => new UserStore(db, this.hasher).issueToken(name, options));
    this.log.info('token_created', { user: name, token_id: issued.token_id, actor: options.actor, expires_at: issued.expires_at });
    return issued;
  }

  /** A UserStore for the admin routes: writes under the shared writer. */
  writeUsers<T>(fn: (users: UserStore) => Promise<T>): Promise<T> {
    return this.options.write((db) => fn(new UserStore(db, this.hasher)));
  }

  readUsers<T>(fn: (users: UserStore) => Promise<T>): Promise<T> {
    return this.options.read((db) => fn(new UserStore(db, this.hasher)));
  }

  private async event(event: string, user: string, address: string, detail: string | null): Promise<void> {
    await this.options
      .write((db) => new UserStore(db, this.hasher).event(event, { user: user.slice(0, 100), address, detail }))
      .catch((error) => this.log.error('auth_event_write_failed', { event, error: (error as Error).message }));
  }
}

function toPrincipal(owner: CredentialOwner, via: Principal['via']): Principal | null {
  if (owner.disabled || !isRole(owner.role)) return null;
  // Only an admin may be national; a row that says otherwise is refused rather than widened.
  if (owner.region === null && owner.role !== 'admin') return null;
  return { name: owner.user_name, role: owner.role, region: owner.region, via };
}
