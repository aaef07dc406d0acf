import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliAsync } from '../helpers/runCliAsync.ts';
import { type RunningApi, startApi } from '../serve/apiFixture.ts';

const PASSWORD = 'Kind-Otter-2026-river';
const env = { LABOURFLOW_SCRYPT_LOG2N: '14' };

/** `labourflow users` embedded on the file, then through a server: a token that works, and stops working once its user is disabled. */
describe('labourflow users', () => {
  let dir: string;
  let db: string;
  let api: RunningApi | undefined;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'lf-users-'));
    db = join(dir, 'store.duckdb');
  });
  afterAll(async () => {
    await api?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('adds and lists users on the store file, and refuses weak passwords and regionless non-admins', async () => {
    const added = await runCliAsync(
      ['users', 'add', 'wang', '--role', 'analyst', '--region', '130500', '--password', PASSWORD, '--db', db],
      env,
    );
    expect(added.stderr).toBe('');
    expect(added.stdout).toBe('user wang added: analyst, 130500 邢台市\n');
    expect((await runCliAsync(['users', 'add', 'boss', '--role', 'admin', '--password', PASSWORD, '--db', db], env)).stdout).toBe(
      'user boss added: admin, national\n',
    );
    const weak = await runCliAsync(
      ['users', 'add', 'li', '--role', 'analyst', '--region', '130500', '--password', 'password123', '--db', db],
      env,
    );
    expect(weak.code).toBe(2);
    expect(weak.stderr).toContain('shorter than 12 characters');
    const regionless = await runCliAsync(['users', 'add', 'zhao', '--role', 'caseworker', '--password', PASSWORD, '--db', db], env);
    expect(regionless.code).toBe(2);
    expect(regionless.stderr).toContain('a caseworker needs a region');
    const list = await runCliAsync(['users', 'list', '--db', db], env);
    expect(
      list.stdout
        .split('\n')
        .slice(1, 3)
        .map((l) => l.split(/\s+/)[0]),
    ).toEqual(['boss', 'wang']);
    expect(list.stdout).toContain('(2 users)');
  });

  it('users token --server prints a working token last; after users disable it no longer works', async () => {
    api = await startApi(db);
    const issued = await runCliAsync(['users', 'token', '--server', api.base, '--user', 'wang', '--password', PASSWORD]);
    expect(issued.code).toBe(0);
    const token = issued.stdout.trimEnd().split('\n').at(-1)!;
    expect(token).toMatch(/^lf_[a-z0-9]{16}_[A-Za-z0-9_-]{43}$/);
    const whoami = await fetch(`${api.base}/auth/whoami`, { headers: { authorization: `Bearer ${token}` } });
    expect(whoami.status).toBe(200);
    expect(await whoami.json()).toMatchObject({ name: 'wang', role: 'analyst', region: '130500' });

    const wrong = await runCliAsync(['users', 'token', '--server', api.base, '--user', 'wang', '--password', 'not-it']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('user name or password is wrong');

    const admin = (await runCliAsync(['users', 'token', '--server', api.base, '--user', 'boss', '--password', PASSWORD])).stdout
      .trimEnd()
      .split('\n')
      .at(-1)!;
    const notAdmin = await runCliAsync(['users', 'disable', 'wang', '--server', api.base], { LABOURFLOW_TOKEN: token });
    expect(notAdmin.code).toBe(2);
    expect(notAdmin.stderr).toContain('may not do this');
    const disabled = await runCliAsync(['users', 'disable', 'wang', '--server', api.base], { LABOURFLOW_TOKEN: admin });
    expect(disabled.stdout).toBe('user wang disabled\n');
    expect((await fetch(`${api.base}/auth/whoami`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    const query = await runCliAsync(['query', 'wage-guide', '--server', api.base], { LABOURFLOW_TOKEN: token });
    expect(query.code).toBe(2);
    expect(query.stderr).toContain('not valid');

    const listed = await runCliAsync(['users', 'list', '--server', api.base, '--json'], { LABOURFLOW_TOKEN: admin });
    expect(
      listed.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { name: string; disabled: boolean }),
    ).toEqual([expect.objectContaining({ name: 'boss', disabled: false }), expect.objectContaining({ name: 'wang', disabled: true })]);
    const byAdmin = await runCliAsync(['users', 'token', '--server', api.base, '--user', 'boss', '--days', '1'], {
      LABOURFLOW_TOKEN: admin,
    });
    expect(byAdmin.stdout.trimEnd().split('\n').at(-1)).toMatch(/^lf_/);
  });
});
