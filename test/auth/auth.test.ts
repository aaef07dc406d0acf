import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initAdmin } from '../../src/auth/initAdmin.ts';
import { LoginThrottle } from '../../src/auth/LoginThrottle.ts';
import { DEFAULT_SCRYPT, PasswordHasher, parseParams } from '../../src/auth/PasswordHasher.ts';
import { passwordProblems } from '../../src/auth/passwordPolicy.ts';
import { UserStore } from '../../src/auth/UserStore.ts';
import { DuckDBStore } from '../../src/store/DuckDBStore.ts';

describe('PasswordHasher', () => {
  it('hashes with scrypt, a fresh salt each time, and the parameters beside the hash', async () => {
    const hasher = new PasswordHasher();
    const a = await hasher.hash('Correct-Horse-42-battery');
    const b = await hasher.hash('Correct-Horse-42-battery');
    expect(a.salt).not.toBe(b.salt);
    expect(a.hash).not.toBe(b.hash);
    expect(parseParams(a.params)).toEqual(DEFAULT_SCRYPT);
    // Memory-hard: 128·N·r bytes per hash, at least 16 MiB.
    expect(128 * DEFAULT_SCRYPT.N * DEFAULT_SCRYPT.r).toBeGreaterThanOrEqual(16 * 1024 * 1024);
    expect(await hasher.verify('Correct-Horse-42-battery', a)).toBe(true);
    expect(await hasher.verify('correct-horse-42-battery', a)).toBe(false);
  });

  it('verifies a hash made with other parameters', async () => {
    const stored = await new PasswordHasher({ N: 2 ** 14, r: 8, p: 1, len: 32 }).hash('Another-Pass-77');
    expect(await new PasswordHasher().verify('Another-Pass-77', stored)).toBe(true);
  });
});

describe('passwordProblems', () => {
  it('refuses short, single-class, name-based and well-known passwords', () => {
    expect(passwordProblems('wang', 'Short-1')).toContain('is shorter than 12 characters');
    expect(passwordProblems('wang', 'alllowercaseletters')).toHaveLength(1);
    expect(passwordProblems('wang', 'Wang-2026-Office!')).toContain('contains the user name');
    expect(passwordProblems('admin', 'Password1234!')).toContain('is a well-known password');
    expect(passwordProblems('admin', 'password')).toContain('is a well-known password');
    expect(passwordProblems('wang', 'Correct-Horse-42-battery')).toEqual([]);
    expect(passwordProblems('wang', 'a long passphrase of plain words')).toEqual([]);
  });
});

describe('LoginThrottle', () => {
  it('locks a user and an address after five failures, doubling, and forgets on success', () => {
    let now = 0;
    const t = new LoginThrottle({ now: () => now });
    for (let i = 0; i < 4; i++) t.failed('wang', '10.0.0.1');
    expect(t.waitMs('wang', '10.0.0.1')).toBe(0);
    t.failed('wang', '10.0.0.1');
    expect(t.waitMs('wang', '10.0.0.1')).toBe(2000);
    // The user is locked from every address, and the address for every user.
    expect(t.waitMs('wang', '10.0.0.2')).toBe(2000);
    expect(t.waitMs('li', '10.0.0.1')).toBe(2000);
    now = 2000;
    t.failed('wang', '10.0.0.1');
    expect(t.waitMs('wang', '10.0.0.3')).toBe(4000);
    t.succeeded('wang', '10.0.0.1');
    expect(t.waitMs('wang', '10.0.0.1')).toBe(0);
  });

  it('never locks longer than the maximum and forgets old failures', () => {
    let now = 0;
    const t = new LoginThrottle({ now: () => now, maxMs: 60_000, windowMs: 600_000 });
    for (let i = 0; i < 30; i++) t.failed('x', 'a');
    expect(t.waitMs('x', 'a')).toBe(60_000);
    now = 10 * 600_000;
    expect(t.waitMs('x', 'a')).toBe(0);
  });
});

describe('initAdmin and UserStore', () => {
  let dir: string;
  let store: DuckDBStore;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lf-auth-'));
    store = await DuckDBStore.create({ path: join(dir, 'store.duckdb') });
  });
  afterAll(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses an unset or weak password, creates a national admin once, and never resets it', async () => {
    await expect(initAdmin(store, {})).rejects.toMatchObject({ code: 'INIT_ADMIN_PASSWORD_MISSING' });
    await expect(initAdmin(store, { LABOURFLOW_INIT_ADMIN_PASSWORD: 'admin123' })).rejects.toMatchObject({ code: 'PASSWORD_WEAK' });
    expect(await initAdmin(store, { LABOURFLOW_INIT_ADMIN_PASSWORD: 'Blue-Lantern-2026!' })).toBe(true);
    expect(await initAdmin(store, { LABOURFLOW_INIT_ADMIN_PASSWORD: 'Green-Lantern-2026!' })).toBe(false);
    const users = new UserStore(store);
    expect(await users.get('admin')).toMatchObject({ role: 'admin', region: null, disabled: false });
    expect(await users.checkPassword('admin', 'Blue-Lantern-2026!')).not.toBeNull();
    expect(await users.checkPassword('admin', 'Green-Lantern-2026!')).toBeNull();
  });

  it('stores tokens and sessions only hashed', async () => {
    const users = new UserStore(store);
    const issued = await users.issueToken('admin', { actor: 'test' });
    const session = await users.openSession('admin', 60_000, '127.0.0.1');
    const dump = JSON.stringify([
      ...(await store.all('SELECT * FROM api_tokens')),
      ...(await store.all('SELECT * FROM auth_sessions')),
      ...(await store.all('SELECT * FROM users')),
    ]);
    // The secret is what follows `lf_<id>_`; it may itself contain '_' (base64url).
    const secret = issued.token.slice(`lf_${issued.token_id}_`.length);
    expect(secret.length).toBeGreaterThan(30);
    expect(dump).not.toContain(secret);
    expect(dump).not.toContain(session.value);
    expect(dump).not.toContain('Blue-Lantern-2026!');
    expect(await users.tokenOwner(issued.token)).toMatchObject({ user_name: 'admin' });
    expect(await users.sessionOwner(session.value)).toMatchObject({ user_name: 'admin' });
  });
});

describe('serve --init-admin as a route group', () => {
  it('refuses a weak password when the flag is read, and creates the admin inside the server', async () => {
    const { initAdminModule } = await import('../../src/serve/routes/initAdmin.ts');
    expect(() => initAdminModule({ LABOURFLOW_INIT_ADMIN_PASSWORD: 'short' })).toThrow(/shorter than 12/);
    expect(() => initAdminModule({})).toThrow(/LABOURFLOW_INIT_ADMIN_PASSWORD/);
    const { StoreHost } = await import('../../src/store/StoreHost.ts');
    const dir = mkdtempSync(join(tmpdir(), 'lf-init-'));
    const host = await StoreHost.open({ path: join(dir, 'store.duckdb') });
    try {
      await initAdminModule({ LABOURFLOW_INIT_ADMIN_PASSWORD: 'Blue-Lantern-2026!' })(null as never, { host } as never);
      expect(await host.write((store) => new UserStore(store).get('admin'))).toMatchObject({ role: 'admin', region: null });
    } finally {
      await host.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
