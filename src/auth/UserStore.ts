import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { ConfigError } from '../core/PipelineError.ts';
import type { DuckDBStore } from '../store/DuckDBStore.ts';
import { sqlFile } from '../store/sqlFile.ts';
import { Regions } from '../validation/Regions.ts';
import { PasswordHasher } from './PasswordHasher.ts';
import { assertStrongPassword } from './passwordPolicy.ts';
import { isRole, type Role } from './roles.ts';

/** A statement of sql/auth/. */
const sql = (name: string): Promise<string> => sqlFile(`auth/${name}`);

export interface UserRow {
  name: string;
  role: Role;
  region: string | null;
  disabled: boolean;
  created_at: string;
  updated_at: string;
}

interface UserSecretRow extends UserRow {
  password_hash: string | null;
  password_salt: string | null;
  password_params: string | null;
}

export interface UserListRow extends UserRow {
  live_tokens: number;
}

export interface NewUser {
  name: string;
  role: string;
  region?: string | null;
  password?: string | null;
}

export interface UserChange {
  role?: string;
  /** undefined keeps the region; null makes the user national (admins only). */
  region?: string | null;
  disabled?: boolean;
  password?: string;
}

export interface TokenRow {
  token_id: string;
  label: string | null;
  created_by: string;
  created_at: string;
  expires_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface IssuedToken {
  token: string;
  token_id: string;
  user: string;
  expires_at: string;
}

/** A live credential (token or session) with the user it belongs to. */
export interface CredentialOwner {
  user_name: string;
  role: string;
  region: string | null;
  disabled: boolean;
}

export const USER_NAME = /^[a-z][a-z0-9._-]{1,39}$/;
const TOKEN = /^lf_([a-z0-9]{16})_([A-Za-z0-9_-]{43})$/;
export const DEFAULT_TOKEN_DAYS = 90;
export const MAX_TOKEN_DAYS = 366;

/**
 * Users, their API tokens and sessions, and the auth event trail, in the store (005_auth.sql).
 * Writes go through `writer` (in the service: the one shared writer, under its lock); reads
 * may use any connection. Secrets (passwords, tokens, session cookies) are stored only hashed.
 */
export class UserStore {
  constructor(
    private readonly db: DuckDBStore,
    private readonly hasher: PasswordHasher = new PasswordHasher(),
  ) {}

  async get(name: string): Promise<UserRow | null> {
    const row = (await this.db.all<UserSecretRow>(await sql('user_get'), { name }))[0];
    return row ? publicUser(row) : null;
  }

  async list(): Promise<UserListRow[]> {
    return (await this.db.all<UserListRow>(await sql('user_list'))).map((r) => ({ ...publicUser(r), live_tokens: Number(r.live_tokens) }));
  }

  async add(user: NewUser, actor: string): Promise<UserRow> {
    if (!USER_NAME.test(user.name)) {
      throw new ConfigError(`user name "${user.name}" is not allowed`, {
        code: 'USER_NAME_INVALID',
        hint: '2 to 40 characters: lower-case letters, digits, ".", "_" or "-", starting with a letter',
      });
    }
    const role = checkRole(user.role);
    const region = checkRegion(role, user.region ?? null);
    if (user.password) assertStrongPassword(user.name, user.password);
    const secret = user.password ? await this.hasher.hash(user.password) : null;
    if (await this.get(user.name)) {
      throw new ConfigError(`user ${user.name} already exists`, {
        code: 'USER_EXISTS',
        hint: 'pick another name, or change the user instead',
      });
    }
    await this.db.transaction(async () => {
      await this.db.run(await sql('user_insert'), {
        name: user.name,
        role,
        region,
        password_hash: secret?.hash ?? null,
        password_salt: secret?.salt ?? null,
        password_params: secret?.params ?? null,
      });
      await this.event('user_added', { user: user.name, actor, detail: `${role} ${region ?? 'national'}` });
    });
    return (await this.get(user.name))!;
  }

  async change(name: string, change: UserChange, actor: string): Promise<UserRow> {
    const current = await this.get(name);
    if (!current) throw unknownUser(name);
    const role = change.role === undefined ? current.role : checkRole(change.role);
    const region = checkRegion(role, change.region === undefined ? current.region : change.region);
    if (change.password !== undefined) assertStrongPassword(name, change.password);
    const secret = change.password !== undefined ? await this.hasher.hash(change.password) : null;
    await this.db.transaction(async () => {
      await this.db.run(await sql('user_update'), {
        name,
        role: change.role === undefined ? null : role,
        set_region: change.region !== undefined || change.role !== undefined,
        region,
        disabled: change.disabled ?? null,
        password_hash: secret?.hash ?? null,
        password_salt: secret?.salt ?? null,
        password_params: secret?.params ?? null,
      });
      // A disabled user, or one whose role, region or password changed, signs in again.
      await this.db.run(await sql('sessions_delete_user'), { user_name: name });
      const what = Object.entries({ ...change, password: change.password === undefined ? undefined : '(changed)' })
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => `${k}=${v ?? 'national'}`)
        .join(' ');
      await this.event(change.disabled ? 'user_disabled' : 'user_changed', { user: name, actor, detail: what });
    });
    return (await this.get(name))!;
  }

  /** The user if the password is theirs and they may sign in; null otherwise (same work either way). */
  async checkPassword(name: string, password: string): Promise<UserRow | null> {
    const row = (await this.db.all<UserSecretRow>(await sql('user_get'), { name }))[0];
    if (!row?.password_hash || !row.password_salt || !row.password_params) {
      await this.hasher.burn(password);
      return null;
    }
    const ok = await this.hasher.verify(password, { hash: row.password_hash, salt: row.password_salt, params: row.password_params });
    return ok && !row.disabled ? publicUser(row) : null;
  }

  async issueToken(name: string, options: { label?: string | null; days?: number; actor: string }): Promise<IssuedToken> {
    const user = await this.get(name);
    if (!user) throw unknownUser(name);
    if (user.disabled) throw new ConfigError(`user ${name} is disabled`, { code: 'USER_DISABLED', hint: 'enable the user first' });
    const days = options.days ?? DEFAULT_TOKEN_DAYS;
    if (!Number.isInteger(days) || days < 1 || days > MAX_TOKEN_DAYS) {
      throw new ConfigError(`a token lives 1 to ${MAX_TOKEN_DAYS} days, not ${days}`, { code: 'TOKEN_DAYS_INVALID' });
    }
    const tokenId = randomBytes(10)
      .toString('base64url')
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '0')
      .slice(0, 16)
      .padEnd(16, '0');
    const secret = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + days * 86_400_000).toISOString();
    await this.db.transaction(async () => {
      await this.db.run(await sql('token_insert'), {
        token_id: tokenId,
        secret_hash: sha256(secret),
        user_name: name,
        label: options.label ?? null,
        created_by: options.actor,
        expires_at: expiresAt,
      });
      await this.event('token_created', { user: name, actor: options.actor, detail: `${tokenId} ${days}d ${options.label ?? ''}`.trim() });
    });
    return { token: `lf_${tokenId}_${secret}`, token_id: tokenId, user: name, expires_at: expiresAt };
  }

  /** The owner of a live token (not revoked, not expired), or null for anything else. */
  async tokenOwner(token: string): Promise<(CredentialOwner & { token_id: string; last_used_ms: number | null }) | null> {
    const m = TOKEN.exec(token);
    if (!m) return null;
    const row = (
      await this.db.all<CredentialOwner & { token_id: string; secret_hash: string; last_used_ms: number | null }>(await sql('token_get'), {
        token_id: m[1]!,
      })
    )[0];
    if (!row) return null;
    const given = Buffer.from(sha256(m[2]!), 'hex');
    const stored = Buffer.from(row.secret_hash, 'hex');
    if (given.length !== stored.length || !timingSafeEqual(given, stored)) return null;
    return {
      user_name: row.user_name,
      role: row.role,
      region: row.region,
      disabled: row.disabled,
      token_id: row.token_id,
      last_used_ms: row.last_used_ms,
    };
  }

  async touchToken(tokenId: string): Promise<void> {
    await this.db.run(await sql('token_touch'), { token_id: tokenId });
  }

  async tokens(name: string): Promise<TokenRow[]> {
    return this.db.all<TokenRow>(await sql('token_list'), { user_name: name });
  }

  async revokeToken(name: string, tokenId: string, actor: string): Promise<boolean> {
    const before = (await this.tokens(name)).find((t) => t.token_id === tokenId && !t.revoked_at);
    if (!before) return false;
    await this.db.transaction(async () => {
      await this.db.run(await sql('token_revoke'), { token_id: tokenId, user_name: name });
      await this.event('token_revoked', { user: name, actor, detail: tokenId });
    });
    return true;
  }

  /** A new session: returns the cookie value (shown to the browser once, stored hashed). */
  async openSession(name: string, ttlMs: number, address: string | null): Promise<{ value: string; expires_at: string }> {
    const value = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + ttlMs).toISOString();
    await this.db.run(await sql('session_insert'), { session_hash: sha256(value), user_name: name, expires_at: expiresAt, address });
    return { value, expires_at: expiresAt };
  }

  async sessionOwner(value: string): Promise<(CredentialOwner & { expires_at: string; session_hash: string }) | null> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(value)) return null;
    const row = (
      await this.db.all<CredentialOwner & { expires_at: string; session_hash: string }>(await sql('session_get'), {
        session_hash: sha256(value),
      })
    )[0];
    return row ?? null;
  }

  async closeSession(value: string): Promise<void> {
    await this.db.run(await sql('session_delete'), { session_hash: sha256(value) });
  }

  async event(
    event: string,
    fields: { user?: string | null; actor?: string | null; address?: string | null; detail?: string | null },
  ): Promise<void> {
    await this.db.run(await sql('event_insert'), {
      event,
      user_name: fields.user ?? null,
      actor: fields.actor ?? null,
      address: fields.address ?? null,
      detail: fields.detail ?? null,
    });
  }
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function publicUser(row: UserRow): UserRow {
  return {
    name: row.name,
    role: row.role,
    region: row.region,
    disabled: row.disabled,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

function unknownUser(name: string): ConfigError {
  return new ConfigError(`no user named ${name}`, { code: 'USER_UNKNOWN', hint: 'see `labourflow users list`' });
}

function checkRole(role: string): Role {
  if (!isRole(role)) {
    throw new ConfigError(`unknown role "${role}"`, { code: 'ROLE_UNKNOWN', hint: 'one of admin, analyst, reviewer, caseworker, service' });
  }
  return role;
}

/** Every user but an admin works for one region; only an admin may be national. */
function checkRegion(role: Role, region: string | null): string | null {
  if (region === null || region === '') {
    if (role !== 'admin') {
      throw new ConfigError(`a ${role} needs a region`, {
        code: 'REGION_REQUIRED',
        hint: 'give the province, city or county code the user works for, e.g. --region 130500',
      });
    }
    return null;
  }
  if (!Regions.get().has(region)) {
    throw new ConfigError(`region ${region} is not a GB/T 2260 code`, { code: 'REGION_INVALID', hint: 'e.g. 130000, 130500 or 130502' });
  }
  return region;
}
