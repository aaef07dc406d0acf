import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parquetRowCount } from '../../src/client/writeBytes.ts';
import { bearer, prepareTemplate, type RunningApi, startApi, tokenFor } from './apiFixture.ts';

vi.hoisted(() => {
  process.env.LABOURFLOW_SCRYPT_LOG2N = '14';
});

let dir: string;
let api: RunningApi;
let analyst: string;
let root: string;
const json = { 'content-type': 'application/json' };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lf-api-test-'));
  api = await startApi(await prepareTemplate(dir), { requestTimeoutMs: 1500, bodyLimit: 64 * 1024 });
  analyst = await tokenFor(api.base, 'analyst-xt');
  root = await tokenFor(api.base, 'root');
});
afterAll(async () => {
  await api?.close();
  rmSync(dir, { recursive: true, force: true });
});

const sql = (statement: string, format = 'json', token = analyst) =>
  fetch(`${api.base}/sql?format=${format}`, {
    method: 'POST',
    headers: { ...json, ...bearer(token) },
    body: JSON.stringify({ sql: statement }),
  });

describe('results', () => {
  it('streams the same rows as JSON, CSV (with a BOM on request), Parquet and an Arrow IPC stream, over many chunks', async () => {
    const statement = "SELECT range AS n, range::VARCHAR || '号' AS label, range * 0.5 AS half FROM range(5000)";
    const body = (await (await sql(statement)).json()) as {
      columns: { name: string; type: string }[];
      rows: unknown[][];
      row_count: number;
    };
    expect(body.row_count).toBe(5000);
    expect(body.rows.length).toBe(5000);
    expect(body.columns).toEqual([
      { name: 'n', type: 'BIGINT' },
      { name: 'label', type: 'VARCHAR' },
      { name: 'half', type: 'DECIMAL(21,1)' },
    ]);
    expect(body.rows[4999]).toEqual([4999, '4999号', 2499.5]);
    const bytes = Buffer.from(
      await (
        await fetch(`${api.base}/sql?format=csv&bom=true`, {
          method: 'POST',
          headers: { ...json, ...bearer(analyst) },
          body: JSON.stringify({ sql: statement }),
        })
      ).arrayBuffer(),
    );
    // Read as bytes: text() would drop the byte order mark.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = bytes.subarray(3).toString('utf8');
    expect(csv.startsWith('n,label,half\r\n0,0号,0\r\n')).toBe(true);
    expect(csv.split('\r\n').length).toBe(5002);
    const arrowResponse = await sql(statement, 'arrow');
    expect(arrowResponse.headers.get('content-type')).toBe('application/vnd.apache.arrow.stream');
    const table = tableFromIPC(new Uint8Array(await arrowResponse.arrayBuffer()));
    expect(table.numRows).toBe(5000);
    expect(table.batches.length).toBeGreaterThan(1);
    expect(String(table.getChild('label')!.get(4999))).toBe('4999号');
    const parquet = new Uint8Array(await (await sql(statement, 'parquet')).arrayBuffer());
    expect(Buffer.from(parquet.subarray(0, 4)).toString()).toBe('PAR1');
    const file = join(dir, 'r.parquet');
    writeFileSync(file, parquet);
    expect(await parquetRowCount(file)).toBe(5000);
  });

  it('an empty result still carries its columns in every format', async () => {
    const statement = "SELECT id FROM seekers WHERE id = 'none'";
    expect(((await (await sql(statement)).json()) as { row_count: number }).row_count).toBe(0);
    expect(await (await sql(statement, 'csv')).text()).toBe('id\r\n');
    expect(tableFromIPC(new Uint8Array(await (await sql(statement, 'arrow')).arrayBuffer())).schema.fields.map((f) => f.name)).toEqual([
      'id',
    ]);
  });

  it('writes every read of seeker-level rows to the access trail with its row count, and not aggregate-only reads of postings', async () => {
    const before = await trail();
    const r = await fetch(`${api.base}/queries/benefit-integrity?limit=7`, { headers: bearer(analyst) });
    const rows = ((await r.json()) as { row_count: number }).row_count;
    await (await fetch(`${api.base}/queries/wage-guide`, { headers: bearer(analyst) })).text();
    await (await sql('SELECT id FROM seekers LIMIT 3')).text();
    const added = (await trail()).slice(0, (await trail()).length - before.length);
    expect(added.map((e) => e.what.split(' ')[0])).toEqual(['sql', 'query']);
    expect(added[1]).toMatchObject({
      user_name: 'analyst-xt',
      role: 'analyst',
      region: '130500',
      endpoint: '/queries/benefit-integrity',
      rows,
      outcome: 'ok',
    });
    expect(added[0]).toMatchObject({ endpoint: '/sql', what: 'sql SELECT id FROM seekers LIMIT 3', rows: 3 });
  });

  it('publishes every route with its request and response schemas at /openapi.json', async () => {
    const doc = (await (await fetch(`${api.base}/openapi.json`)).json()) as {
      paths: Record<
        string,
        Record<string, { parameters?: { name: string }[]; requestBody?: unknown; responses?: Record<string, unknown> }>
      >;
    };
    for (const path of [
      '/auth/login',
      '/auth/whoami',
      '/auth/token',
      '/users',
      '/queries',
      '/queries/wage-guide',
      '/sql',
      '/report',
      '/alerts',
      '/recommendations',
      '/queue',
      '/ingest',
      '/ingest/status',
      '/runs/match',
      '/runs/watch-layoffs',
      '/access-log',
    ]) {
      expect(doc.paths, path).toHaveProperty([path]);
      for (const op of Object.values(doc.paths[path]!))
        expect(Object.keys(op.responses ?? {}), path).toEqual(expect.arrayContaining([expect.stringMatching(/^20[01]$/)]));
    }
    expect(doc.paths['/queries/wage-guide']!.get!.parameters!.map((p) => p.name)).toEqual(
      expect.arrayContaining(['group_by', 'region_level', 'min_n', 'posted_from', 'posted_to', 'format', 'bom']),
    );
    expect(doc.paths['/sql']!.post!.requestBody).toBeDefined();
  });
});

describe('bad input gets a clear 4xx with {code, path, message} issues, and the server keeps serving', () => {
  const issuesOf = async (r: Response) => (await r.json()) as { code: string; issues: { code: string; path: string; message: string }[] };

  it('malformed JSON', async () => {
    const r = await fetch(`${api.base}/sql`, { method: 'POST', headers: { ...json, ...bearer(analyst) }, body: '{"sql": "SELECT 1"' });
    expect(r.status).toBe(400);
    const body = await issuesOf(r);
    expect(body.issues[0]).toMatchObject({ path: 'body' });
    expect(body.issues[0]!.message).toBeTruthy();
  });

  it('a body of the wrong shape and unknown parameters', async () => {
    const wrong = await fetch(`${api.base}/sql`, { method: 'POST', headers: { ...json, ...bearer(analyst) }, body: '{"sql": 42}' });
    expect(wrong.status).toBe(400);
    expect((await issuesOf(wrong)).issues[0]!.path).toBe('body.sql');
    const unknown = await fetch(`${api.base}/queries/wage-guide?min_n=1&colour=red`, { headers: bearer(analyst) });
    expect(unknown.status).toBe(400);
    expect((await issuesOf(unknown)).issues[0]!.path).toMatch(/^querystring/);
    const typed = await fetch(`${api.base}/queries/wage-guide?min_n=lots`, { headers: bearer(analyst) });
    expect(typed.status).toBe(400);
    expect((await issuesOf(typed)).issues.map((i) => i.path)).toContain('querystring.min_n');
    const date = await fetch(`${api.base}/queries/benefit-integrity?as_of=2026-02-30`, { headers: bearer(analyst) });
    expect(date.status).toBe(400);
    expect((await issuesOf(date)).code).toBe('QUERY_PARAM_INVALID');
  });

  it('an oversized body', async () => {
    const r = await fetch(`${api.base}/sql`, {
      method: 'POST',
      headers: { ...json, ...bearer(analyst) },
      body: JSON.stringify({ sql: `SELECT '${'x'.repeat(100_000)}'` }),
    });
    expect(r.status).toBe(413);
    expect((await issuesOf(r)).issues[0]).toMatchObject({ path: 'body' });
  });

  it('an upload that is not multipart, or has no file', async () => {
    const r = await fetch(`${api.base}/ingest`, { method: 'POST', headers: { ...json, ...bearer(root) }, body: '{}' });
    expect(r.status).toBe(415);
    const form = new FormData();
    form.append('source', 'x');
    const none = await fetch(`${api.base}/ingest`, { method: 'POST', headers: bearer(root), body: form });
    expect(none.status).toBe(400);
    expect((await issuesOf(none)).issues[0]!.path).toBe('body.file');
  });

  it('a slow client is cut off and others are served meanwhile', async () => {
    const url = new URL(api.base);
    const socket = connect(Number(url.port), url.hostname);
    let answer = '';
    const closed = new Promise<void>((resolve) => {
      socket.on('data', (c) => {
        answer += c.toString();
      });
      socket.on('close', () => resolve());
      socket.on('error', () => resolve());
    });
    socket.write(
      `POST /sql HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: Bearer ${analyst}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"sql":`,
    );
    const trickle = setInterval(() => socket.write(' '), 300);
    // Meanwhile the server answers others.
    expect((await fetch(`${api.base}/health`)).status).toBe(200);
    const started = Date.now();
    await closed;
    clearInterval(trickle);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(answer === '' || /^HTTP\/1\.1 408/.test(answer), answer).toBe(true);
    expect((await sql('SELECT 1 AS one')).status).toBe(200);
  });

  it('still serves after all of it', async () => {
    expect((await fetch(`${api.base}/health`)).status).toBe(200);
    const r = await fetch(`${api.base}/queries/wage-guide?format=csv`, { headers: bearer(analyst) });
    expect(r.status).toBe(200);
  });
});

async function trail(): Promise<{ user_name: string; endpoint: string; what: string; rows: number; outcome: string }[]> {
  return (await (await fetch(`${api.base}/access-log?limit=1000`, { headers: bearer(root) })).json()) as never;
}
