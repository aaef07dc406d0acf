import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ACTIONS, type Action, GRANTS, ROLES, type Role } from '../../src/auth/roles.ts';
import type { RouteModule } from '../../src/serve/buildHttpServer.ts';
import { SERVE_ROUTES } from '../../src/serve/routes/index.ts';
import { Regions } from '../../src/validation/Regions.ts';
import { PROJECT_ROOT } from '../helpers/runCliProcess.ts';
import { bearer, PASSWORD, prepareTemplate, type RunningApi, startApi, tokenFor, USERS } from './apiFixture.ts';

vi.hoisted(() => {
  // Cheaper password hashes for the test's many sign-ins (the stored parameters keep them verifiable).
  process.env.LABOURFLOW_SCRYPT_LOG2N = '14';
});

/** Every route as registered, with its access rule (collected by an onRoute hook installed before the others). */
const routes: { method: string; url: string; action?: Action; public?: boolean }[] = [];
const collect: RouteModule = (app) => {
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) {
      if (method === 'HEAD') continue;
      const config = (r.config ?? {}) as { action?: Action; public?: boolean };
      routes.push({ method, url: r.url, action: config.action, public: config.public });
    }
  });
};

let tpl: string;
let api: RunningApi;
const tokens: Record<string, string> = {};
const json = { 'content-type': 'application/json' };

beforeAll(async () => {
  tpl = mkdtempSync(join(tmpdir(), 'lf-access-'));
  api = await startApi(await prepareTemplate(tpl), { routes: [collect, ...SERVE_ROUTES] });
  for (const u of USERS) tokens[u.name] = await tokenFor(api.base, u.name);
});
afterAll(async () => {
  await api?.close();
  rmSync(tpl, { recursive: true, force: true });
});

const get = (path: string, user?: string, headers: Record<string, string> = {}) =>
  fetch(`${api.base}${path}`, { headers: { ...(user ? bearer(tokens[user]!) : {}), ...headers } });
const post = (path: string, body: unknown, user?: string, headers: Record<string, string> = {}) =>
  fetch(`${api.base}${path}`, {
    method: 'POST',
    headers: { ...json, ...(user ? bearer(tokens[user]!) : {}), ...headers },
    body: JSON.stringify(body),
  });
const sql = (statement: string, user = 'analyst-xt', query = '') => post(`/sql${query}`, { sql: statement }, user);
const rowsOf = async (response: Response) => (await response.json()) as { columns: { name: string }[]; rows: unknown[][] };
const within = (code: unknown, scope: string) => Regions.get().within(String(code), scope);

/** A raw request, so paths reach the server exactly as written (fetch would normalise "..", "//" and case). */
function raw(method: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const url = new URL(api.base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, method, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => {
        body += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('every route × every role follows the one grants table', () => {
  const sample: Record<string, string> = { name: 'analyst-xt', token_id: '0000000000000000', alert_id: 'none', seeker_id: 'S000000000' };
  it('registers every route with a rule, and answers 403 exactly where the role lacks it', async () => {
    const guarded = routes.filter((r) => !r.public && !['/health', '/metrics', '/openapi.json'].includes(r.url));
    expect(guarded.length).toBeGreaterThan(30);
    for (const r of guarded) expect(r.action, `${r.method} ${r.url}`).toBeDefined();
    for (const r of guarded) {
      const path = r.url.replace(/:(\w+)/g, (_, k: string) => sample[k] ?? 'x');
      for (const role of ROLES) {
        const user = USERS.find((u) => u.role === role && u.name !== 'hebei-admin')!.name;
        const body = r.method === 'GET' || r.method === 'DELETE' ? undefined : '{}';
        const response = await fetch(`${api.base}${path}`, {
          method: r.method,
          headers: { ...bearer(tokens[user]!), ...(body ? json : {}) },
          body,
        });
        await response.arrayBuffer();
        const allowed = GRANTS[role as Role].has(r.action!);
        if (allowed) expect([401, 403], `${role} ${r.method} ${r.url}`).not.toContain(response.status);
        else expect(response.status, `${role} ${r.method} ${r.url}`).toBe(403);
      }
    }
    // And without any credential every guarded route is 401; a console page sends the browser to sign in instead.
    for (const r of guarded) {
      const path = r.url.replace(/:(\w+)/g, (_, k: string) => sample[k] ?? 'x');
      const response = await fetch(`${api.base}${path}`, { method: r.method, redirect: 'manual' });
      if (r.url.startsWith('/console')) {
        expect(response.status, `${r.method} ${r.url}`).toBe(303);
        expect(response.headers.get('location'), `${r.method} ${r.url}`).toMatch(/^\/console\/login\?next=/);
      } else expect(response.status, `${r.method} ${r.url}`).toBe(401);
    }
  });

  it('names only actions that exist', () => {
    for (const role of ROLES) for (const a of GRANTS[role]) expect(Object.keys(ACTIONS)).toContain(a);
  });
});

describe('reading outside the region through parameters', () => {
  it('1. scope= on a query is refused', async () => {
    const r = await get('/queries/wage-guide?scope=420000', 'analyst-xt');
    expect(r.status).toBe(400);
    expect(((await r.json()) as { issues: { path: string }[] }).issues.map((i) => i.path).join()).toMatch(/querystring/);
  });
  it('2. region= on a query is refused', async () => {
    expect((await get('/queries/supply-demand?region=420000', 'analyst-xt')).status).toBe(400);
  });
  it('3. a parameter naming another region (region_code=) is refused', async () => {
    expect((await get('/queries/wage-guide?region_code=420500&group_by=region', 'analyst-xt')).status).toBe(400);
  });
  it('4. a repeated parameter cannot smuggle a second value', async () => {
    expect((await get('/queries/wage-guide?group_by=region&group_by=region_occupation', 'analyst-xt')).status).toBe(400);
  });
  it('5. query results hold only the caller’s region', async () => {
    const { columns, rows } = await rowsOf(
      await get('/queries/supply-demand?group_by=region&region_level=county&quarter=latest', 'analyst-xt'),
    );
    const i = columns.findIndex((c) => c.name === 'group_code');
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(within(row[i], '130500'), JSON.stringify(row)).toBe(true);
  });
  it('6. a county user sees only the county', async () => {
    const { columns, rows } = await rowsOf(await get('/queries/wage-guide?group_by=region&region_level=county&min_n=1', 'analyst-qd'));
    const i = columns.findIndex((c) => c.name === 'region_code');
    for (const row of rows) expect(row[i]).toBe('130502');
  });
  it('7. scope= on /sql is refused, and scope in the body too', async () => {
    expect((await sql('SELECT 1', 'analyst-xt', '?scope=420000')).status).toBe(400);
    expect((await post('/sql', { sql: 'SELECT 1', scope: '420000' }, 'analyst-xt')).status).toBe(400);
  });
  it('8. match with a wider scope than the service’s region is refused before anything runs', async () => {
    const r = await post('/runs/match', { scope: '420500' }, 'service-hebei');
    expect(r.status).toBe(403);
    expect(((await r.json()) as { code: string }).code).toBe('OUT_OF_SCOPE');
    expect((await post('/runs/match', { scope: '000000' }, 'service-hebei')).status).toBe(403);
    // An empty or malformed scope in a request is an error, never "no scope" (issue 14, case 1).
    for (const scope of ['', ' 420500', '4205']) expect((await post('/runs/match', { scope }, 'service-hebei')).status, scope).toBe(400);
    expect((await sql('SELECT 1', 'analyst-xt', '?scope=')).status).toBe(400);
  });
});

describe('reading outside the region or hidden tables through SQL', () => {
  it('9. WHERE on another region finds nothing', async () => {
    const { rows } = await rowsOf(await sql("SELECT count(*) FROM seekers WHERE residence_region LIKE '42%'"));
    expect(rows).toEqual([[0]]);
  });
  it('10. every seeker row the sandbox holds is in the region', async () => {
    const { rows } = await rowsOf(await sql('SELECT DISTINCT residence_region FROM seekers'));
    expect(rows.length).toBeGreaterThan(0);
    for (const [code] of rows) expect(within(code, '130500')).toBe(true);
  });
  for (const table of ['users', 'api_tokens', 'auth_sessions', 'access_log', 'auth_events']) {
    it(`11. ${table} does not exist for SQL, not even for a national admin`, async () => {
      for (const user of ['analyst-xt', 'root']) {
        const r = await sql(`SELECT * FROM ${table}`, user);
        expect(r.status, user).toBe(400);
        expect(((await r.json()) as { code: string }).code).toBe('SQL_FAILED');
      }
    });
  }
  it('12. the catalogue lists no hidden table', async () => {
    const text = await (
      await sql(
        'SELECT table_name FROM duckdb_tables() UNION ALL SELECT view_name FROM duckdb_views() WHERE NOT internal',
        'root',
        '?format=csv',
      )
    ).text();
    for (const hidden of ['users', 'api_tokens', 'auth_sessions', 'access_log', 'auth_events'])
      expect(text.split('\r\n')).not.toContain(hidden);
  });
  it('13. ATTACH of the store file is refused', async () => {
    const r = await sql(`ATTACH '${api.db}' AS s (READ_ONLY)`);
    expect(r.status).toBe(400);
    expect(((await r.json()) as { code: string }).code).toMatch(/SQL_/);
  });
  it('14. reading files is refused', async () => {
    for (const statement of [
      `SELECT * FROM read_csv('/etc/passwd')`,
      `SELECT * FROM read_parquet('${api.db}')`,
      `SELECT * FROM '${api.db}'`,
    ]) {
      expect((await sql(statement)).status, statement).toBe(400);
    }
  });
  it('15. the store catalogue cannot be named', async () => {
    for (const statement of ['SELECT * FROM store.main.seekers', 'SELECT count(*) FROM "store".main.users']) {
      expect((await sql(statement)).status, statement).toBe(400);
    }
  });
  it('16. writes and several statements are refused', async () => {
    for (const statement of [
      'DELETE FROM seekers',
      'SELECT 1; SELECT 2',
      'SET enable_external_access = true',
      "COPY seekers TO '/tmp/x.csv'",
    ]) {
      expect((await sql(statement)).status, statement).toBe(400);
    }
  });
  it('16b. the endpoint shares the CLI sandbox: EXPLAIN ANALYZE of a write and PRAGMAs are refused, no directory is open', async () => {
    for (const statement of [
      "EXPLAIN ANALYZE COPY (SELECT * FROM seekers) TO '.tmp/leak.csv'",
      'EXPLAIN ANALYZE DELETE FROM seekers',
      'EXPLAIN ANALYZE CREATE TABLE x AS SELECT * FROM seekers',
      'PRAGMA show_tables',
      "PRAGMA table_info('seekers')",
      'PRAGMA database_size',
    ]) {
      const response = await sql(statement);
      expect(response.status, statement).toBe(400);
      expect(await response.text(), statement).toMatch(/SQL_NOT_READ_ONLY|SQL_FAILED/);
    }
    const { rows } = await rowsOf(
      await sql("SELECT current_setting('allowed_directories')::VARCHAR AS d, current_setting('enable_external_access') AS e"),
    );
    expect(rows).toEqual([['[]', false]]);
  });
});

describe('ids of other regions’ records', () => {
  it('17. a seeker of another region has no recommendations (404)', async () => {
    const r = await get('/seekers/S000000004/recommendations', 'caseworker-xt');
    expect(r.status).toBe(404);
  });
  it('18. filtering recommendations by another region’s seeker returns nothing', async () => {
    const { rows } = await rowsOf(await get('/recommendations?seeker_id=S000000004', 'caseworker-xt'));
    expect(rows).toEqual([]);
  });
  it('19. the caseworker queue holds only the caseworker’s region', async () => {
    const { columns, rows } = await rowsOf(await get('/queue', 'caseworker-xt'));
    expect(rows.length).toBeGreaterThan(0);
    const seekers = rows.map((r) => r[columns.findIndex((c) => c.name === 'seeker_id')]);
    const regions = await rowsOf(
      await sql(`SELECT DISTINCT residence_region FROM seekers WHERE id IN (${seekers.map((s) => `'${s}'`).join(',')})`, 'root'),
    );
    for (const [code] of regions.rows) expect(code).toBe('130506');
  });
  it('20. an alert of another region is not found', async () => {
    expect((await get(`/alerts/${encodeURIComponent('2026-04:enterprise:91420526F65GP7CBDH')}`, 'analyst-xt')).status).toBe(404);
    expect((await get(`/alerts/${encodeURIComponent('2026-04:enterprise:91420526F65GP7CBDH')}`, 'analyst-hb')).status).toBe(200);
  });
  it('21. the alert list holds only the caller’s region', async () => {
    const { columns, rows } = await rowsOf(await get('/alerts', 'analyst-hb'));
    const i = columns.findIndex((c) => c.name === 'region_code');
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(within(row[i], '420000')).toBe(true);
  });
  it('22. a regional admin cannot see, change or issue tokens for users of another region', async () => {
    expect((await get('/users/analyst-hb', 'hebei-admin')).status).toBe(404);
    const patch = await fetch(`${api.base}/users/analyst-hb`, {
      method: 'PATCH',
      headers: { ...json, ...bearer(tokens['hebei-admin']!) },
      body: '{"disabled":true}',
    });
    expect(patch.status).toBe(404);
    expect((await post('/users/analyst-hb/tokens', {}, 'hebei-admin')).status).toBe(404);
    const list = (await (await get('/users', 'hebei-admin')).json()) as { name: string; region: string | null }[];
    expect(list.map((u) => u.name)).not.toContain('analyst-hb');
    for (const u of list) expect(u.region !== null && within(u.region, '130000')).toBe(true);
  });
  it('23. a regional admin cannot create a national or out-of-region user, nor widen itself', async () => {
    expect((await post('/users', { name: 'evil1', role: 'admin', region: null, password: PASSWORD }, 'hebei-admin')).status).toBe(403);
    expect((await post('/users', { name: 'evil2', role: 'analyst', region: '420000', password: PASSWORD }, 'hebei-admin')).status).toBe(
      403,
    );
    const self = await fetch(`${api.base}/users/hebei-admin`, {
      method: 'PATCH',
      headers: { ...json, ...bearer(tokens['hebei-admin']!) },
      body: '{"region":null}',
    });
    expect(self.status).toBe(403);
  });
  it('24. the access trail of a regional admin holds only its region’s reads', async () => {
    await get('/queue', 'caseworker-yc');
    const entries = (await (await get('/access-log?limit=1000', 'hebei-admin')).json()) as { region: string | null }[];
    expect(entries.length).toBeGreaterThan(0);
    for (const e of entries) expect(e.region !== null && within(e.region, '130000')).toBe(true);
  });
});

describe('paths and methods', () => {
  it('25. dot segments and encodings do not reach another route', async () => {
    for (const path of [
      '/queries/../users',
      '/queries/%2e%2e/users',
      '/queries/..%2fusers',
      '//users',
      '/USERS',
      '/users/',
      '/queries/wage-guide/../../users',
    ]) {
      const r = await raw('GET', path, bearer(tokens['analyst-xt']!));
      expect(r.status, path).not.toBe(200);
      expect(r.body, path).not.toContain('"role"');
    }
  });
  it('26. an export format cannot be a path, and downloads have a fixed name', async () => {
    expect((await get('/queries/wage-guide?format=../../../../tmp/x', 'analyst-xt')).status).toBe(400);
    expect((await get('/queries/wage-guide?out=/tmp/x.csv', 'analyst-xt')).status).toBe(400);
    expect((await get('/report?out=../../etc/passwd', 'analyst-xt')).status).toBe(400);
    const csv = await get('/queries/wage-guide?format=csv', 'analyst-xt');
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="result.csv"');
  });
  it('27. an upload’s file name and label are never used as a path', async () => {
    const target = join(tmpdir(), `lf-evil-${process.pid}.ndjson`);
    const form = new FormData();
    form.append('source', `../../../../${target}`);
    form.append('file', new Blob(['{"type":"posting"}\n']), `../../../../${target}`);
    const r = await fetch(`${api.base}/ingest`, { method: 'POST', headers: bearer(tokens['service-hebei']!), body: form });
    expect(r.status).toBe(200);
    expect(existsSync(target)).toBe(false);
  });
  it('27b. an upload stores ID numbers masked and rejects an envelope id that is one (issue 14, case 4)', async () => {
    const line = readFileSync(join(PROJECT_ROOT, 'data-samples', 'postings.ndjson'), 'utf8').split('\n')[0]!;
    const posting = JSON.parse(line);
    const id = '130502199505054443';
    const records = [
      {
        ...posting,
        id: 'P-UPLOAD-PII',
        payload: { ...posting.payload, region_code: '130502', description: `联系人证件 ${id.slice(0, 6)} ${id.slice(6)}` },
      },
      { ...posting, id, payload: { ...posting.payload, region_code: '130502' } },
    ];
    const form = new FormData();
    form.append('source', 'pii-upload');
    form.append('file', new Blob([`${records.map((r) => JSON.stringify(r)).join('\n')}\n`]), 'pii.ndjson');
    const r = await fetch(`${api.base}/ingest`, { method: 'POST', headers: bearer(tokens['service-hebei']!), body: form });
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ summaries: [{ read: 2, stored: 1, rejected: 1 }] });
    const { rows } = await rowsOf(
      await sql(
        "SELECT (SELECT description FROM postings WHERE id = 'P-UPLOAD-PII'), (SELECT reason || ' ' || " +
          "record_id || ' ' || raw FROM rejected WHERE source = 'pii-upload')",
        'root',
      ),
    );
    const [description, rejected] = rows[0] as [string, string];
    expect(description).toMatch(/^联系人证件 \[id:[0-9a-f]{12}\]$/);
    expect(rejected).toMatch(/resident ID number/);
    expect(`${description} ${rejected}`.replace(/\D/g, '')).not.toContain('199505054443');
  });
  it('27c. a regional user uploads only its region: records of another region are dead letters, out_of_scope', async () => {
    const sample = (name: string) => JSON.parse(readFileSync(join(PROJECT_ROOT, 'data-samples', `${name}.ndjson`), 'utf8').split('\n')[0]!);
    const [posting, seeker, followUp] = [sample('postings'), sample('seekers'), sample('follow_ups')];
    const { rows } = await rowsOf(
      await sql(
        "SELECT (SELECT min(id) FROM seekers WHERE residence_region LIKE '13%'), (SELECT min(id) FROM seekers WHERE residence_region LIKE '42%')",
        'root',
      ),
    );
    const [hebeiSeeker, hubeiSeeker] = rows[0] as [string, string];
    const records = [
      { ...posting, id: 'P-UP-HEBEI', payload: { ...posting.payload, region_code: '130502' } },
      { ...posting, id: 'P-UP-HUBEI', payload: { ...posting.payload, region_code: '420502' } },
      { ...seeker, id: 'S-UP-HUBEI', payload: { ...seeker.payload, residence_region: '420502' } },
      { ...seeker, id: 'S-UP-HEBEI', payload: { ...seeker.payload, residence_region: '130502' } },
      { ...followUp, id: 'F-UP-1', payload: { ...followUp.payload, seeker_id: hebeiSeeker } },
      { ...followUp, id: 'F-UP-2', payload: { ...followUp.payload, seeker_id: 'S-UP-HEBEI' } },
      { ...followUp, id: 'F-UP-3', payload: { ...followUp.payload, seeker_id: hubeiSeeker } },
      { ...followUp, id: 'F-UP-4', payload: { ...followUp.payload, seeker_id: 'S-NOWHERE' } },
    ];
    const upload = async (user: string, label: string) => {
      const form = new FormData();
      form.append('source', label);
      form.append('file', new Blob([`${records.map((r) => JSON.stringify(r)).join('\n')}\n`]), 'mixed.ndjson');
      const r = await fetch(`${api.base}/ingest`, { method: 'POST', headers: bearer(tokens[user]!), body: form });
      expect(r.status).toBe(200);
      return (await r.json()) as { summaries: { read: number; stored: number; stale: number; rejected: number }[] };
    };
    expect((await upload('service-hebei', 'regional-upload')).summaries[0]).toMatchObject({ read: 8, stored: 4, rejected: 4 });
    const stored = await rowsOf(
      await sql(
        "SELECT id FROM postings WHERE id LIKE 'P-UP-%' UNION ALL SELECT id FROM seekers WHERE id LIKE 'S-UP-%' " +
          "UNION ALL SELECT id FROM follow_ups WHERE id LIKE 'F-UP-%' ORDER BY 1",
        'root',
      ),
    );
    expect(stored.rows.map((r) => r[0])).toEqual(['F-UP-1', 'F-UP-2', 'P-UP-HEBEI', 'S-UP-HEBEI']);
    const rejected = await rowsOf(await sql("SELECT record_id, reason FROM rejected WHERE source = 'regional-upload' ORDER BY 1", 'root'));
    expect(rejected.rows.map((r) => r[0])).toEqual(['F-UP-3', 'F-UP-4', 'P-UP-HUBEI', 'S-UP-HUBEI']);
    for (const [, reason] of rejected.rows) expect(String(reason)).toMatch(/outside 130000|not known in 130000/);
    // A national admin's upload is not cut: the same file stores the other region's four too (the
    // region's four are already stored, so they count as stale).
    expect((await upload('root', 'national-upload')).summaries[0]).toMatchObject({ read: 8, stored: 4, stale: 4, rejected: 0 });
  });
  it('28. method tampering: wrong methods are not routed, override headers are ignored', async () => {
    expect((await raw('POST', '/queries/wage-guide', bearer(tokens['analyst-xt']!))).status).toBe(404);
    expect((await raw('DELETE', '/users/analyst-xt', bearer(tokens.root!))).status).toBe(404);
    expect((await raw('PUT', '/auth/whoami', bearer(tokens['analyst-xt']!))).status).toBe(404);
    const overridden = await raw('GET', '/users', { ...bearer(tokens['analyst-xt']!), 'x-http-method-override': 'DELETE' });
    expect(overridden.status).toBe(403);
    const head = await raw('HEAD', '/queue', bearer(tokens['analyst-xt']!));
    expect(head.status).toBe(403);
  });
});

describe('credentials', () => {
  it('29. a forged session cookie is refused', async () => {
    const r = await get('/auth/whoami', undefined, { cookie: `lf_session=${'A'.repeat(43)}` });
    expect(r.status).toBe(401);
    expect((await get('/auth/whoami', undefined, { cookie: 'lf_session=not-a-session' })).status).toBe(401);
  });
  it('30. a forged token, and a real token id with a wrong secret, are refused', async () => {
    expect((await get('/auth/whoami', undefined, bearer(`lf_${'0'.repeat(16)}_${'A'.repeat(43)}`))).status).toBe(401);
    const real = tokens['analyst-xt']!;
    const tampered = `${real.slice(0, -1)}${real.endsWith('A') ? 'B' : 'A'}`;
    expect((await get('/auth/whoami', undefined, bearer(tampered))).status).toBe(401);
    expect(
      (await get('/auth/whoami', undefined, { authorization: `Basic ${Buffer.from(`analyst-xt:${PASSWORD}`).toString('base64')}` })).status,
    ).toBe(401);
  });
  it('31. an expired token and an expired session are refused', async () => {
    const token = await tokenFor(api.base, 'analyst-qd');
    const login = await post('/auth/login', { name: 'analyst-qd', password: PASSWORD });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    expect((await get('/auth/whoami', undefined, bearer(token))).status).toBe(200);
    expect((await get('/auth/whoami', undefined, { cookie })).status).toBe(200);
    await api.host.write(async (store) => {
      await store.run("UPDATE api_tokens SET expires_at = now() - INTERVAL 1 MINUTE WHERE user_name = 'analyst-qd'");
      await store.run("UPDATE auth_sessions SET expires_at = now() - INTERVAL 1 MINUTE WHERE user_name = 'analyst-qd'");
    });
    expect((await get('/auth/whoami', undefined, bearer(token))).status).toBe(401);
    expect((await get('/auth/whoami', undefined, { cookie })).status).toBe(401);
    tokens['analyst-qd'] = await tokenFor(api.base, 'analyst-qd');
  });
  it('32. a disabled user’s token and session stop working at once', async () => {
    const login = await post('/auth/login', { name: 'reviewer-xt', password: PASSWORD });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    expect((await get('/auth/whoami', 'reviewer-xt')).status).toBe(200);
    const disable = await fetch(`${api.base}/users/reviewer-xt`, {
      method: 'PATCH',
      headers: { ...json, ...bearer(tokens.root!) },
      body: '{"disabled":true}',
    });
    expect(disable.status).toBe(200);
    expect((await get('/auth/whoami', 'reviewer-xt')).status).toBe(401);
    expect((await get('/auth/whoami', undefined, { cookie })).status).toBe(401);
    expect((await post('/auth/token', { name: 'reviewer-xt', password: PASSWORD })).status).toBe(401);
  });
  it('33. a revoked token is refused', async () => {
    const token = await tokenFor(api.base, 'analyst-xt');
    const id = /^lf_([a-z0-9]{16})_/.exec(token)![1]!;
    const revoke = await fetch(`${api.base}/auth/tokens/${id}`, { method: 'DELETE', headers: bearer(token) });
    expect(revoke.status).toBe(200);
    expect((await get('/auth/whoami', undefined, bearer(token))).status).toBe(401);
  });
  it('34. a token cannot mint tokens, nor can a caller without credentials', async () => {
    expect((await post('/auth/token', {}, 'root')).status).toBe(403);
    expect((await post('/auth/token', {})).status).toBe(401);
    expect((await post('/auth/token', { name: 'root' })).status).toBe(400);
  });
  it('35. with a lower role’s token the higher role’s actions are refused', async () => {
    const cases: [string, string, string, unknown?][] = [
      ['caseworker-xt', 'GET', '/queries/wage-guide'],
      ['caseworker-xt', 'POST', '/sql', { sql: 'SELECT 1' }],
      ['analyst-xt', 'GET', '/queue'],
      ['analyst-xt', 'GET', '/recommendations'],
      ['analyst-xt', 'GET', '/users'],
      ['analyst-xt', 'POST', '/runs/match', {}],
      ['reviewer-xt', 'GET', '/alerts'],
      ['service-hebei', 'POST', '/sql', { sql: 'SELECT 1' }],
      ['service-hebei', 'GET', '/queue'],
      ['caseworker-yc', 'POST', '/users', { name: 'x1', role: 'admin', region: null }],
      ['analyst-hb', 'GET', '/access-log'],
    ];
    for (const [user, method, path, body] of cases) {
      if (user === 'reviewer-xt') continue; // disabled above
      const r = await fetch(`${api.base}${path}`, {
        method,
        headers: { ...bearer(tokens[user]!), ...(body ? json : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      expect(r.status, `${user} ${method} ${path}`).toBe(403);
    }
  });
  it('36. a bearer token wins over another user’s cookie', async () => {
    const login = await post('/auth/login', { name: 'root', password: PASSWORD });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    expect((await get('/users', 'analyst-xt', { cookie })).status).toBe(403);
  });
  it('37. a session cannot be used for writes from another origin', async () => {
    const login = await post('/auth/login', { name: 'root', password: PASSWORD });
    const cookie = login.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const session = cookie.split(';')[0]!;
    const r = await post('/users', { name: 'csrf', role: 'analyst', region: '130500', password: PASSWORD }, undefined, {
      cookie: session,
      origin: 'http://evil.example',
    });
    expect(r.status).toBe(403);
    expect((await get('/users/csrf', 'root')).status).toBe(404);
  });
  it('38. after logout the session is gone', async () => {
    const login = await post('/auth/login', { name: 'analyst-hb', password: PASSWORD });
    const session = login.headers.get('set-cookie')!.split(';')[0]!;
    expect((await post('/auth/logout', {}, undefined, { cookie: session })).status).toBe(200);
    expect((await get('/auth/whoami', undefined, { cookie: session })).status).toBe(401);
  });
  it('39. failed logins are slowed per user and logged', async () => {
    for (let i = 0; i < 5; i++) expect((await post('/auth/login', { name: 'caseworker-yc', password: `wrong-${i}` })).status).toBe(401);
    const throttled = await post('/auth/login', { name: 'caseworker-yc', password: PASSWORD });
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
    const events = await api.host.withReader(async (c) =>
      (
        await c.runAndReadAll(
          "SELECT event, count(*) FROM auth_events WHERE user_name = 'caseworker-yc' AND event LIKE 'login%' GROUP BY 1 ORDER BY 1",
        )
      ).getRowsJson(),
    );
    expect(events).toEqual([
      ['login_failed', '5'],
      ['login_throttled', '1'],
    ]);
  });
});
