import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkEnvironment, ENV_SETTINGS, envSetting, requireEnvSetting } from '../../src/config/config.ts';
import { PROJECT_ROOT, runCliProcess } from '../helpers/runCliProcess.ts';

describe('LABOURFLOW_* variables go through the validated config (issue #13)', () => {
  it('a bad DuckDB memory limit names the variable and the fix, exits 2 and creates no database', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lf-env-'));
    try {
      const db = join(dir, 'lf.duckdb');
      const run = runCliProcess(['ingest', '--from', join(PROJECT_ROOT, 'data-samples', 'postings.ndjson'), '--db', db, '--quiet'], {
        LABOURFLOW_DUCKDB_MEMORY_LIMIT: 'lots',
      });
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toContain('LABOURFLOW_DUCKDB_MEMORY_LIMIT=lots');
      expect(run.stderr).toMatch(/what to do: set LABOURFLOW_DUCKDB_MEMORY_LIMIT to e\.g\. 256MB/);
      expect(run.stderr).not.toMatch(/directory exists/);
      expect(existsSync(db)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('checks every variable, core ones included, and reads valid values typed', () => {
    expect(() => checkEnvironment({ LABOURFLOW_DUCKDB_THREADS: 'two', LABOURFLOW_LOG_LEVEL: 'loud' })).toThrow(
      /LABOURFLOW_DUCKDB_THREADS=two: must be a whole number[\s\S]*LABOURFLOW_LOG_LEVEL=loud/,
    );
    expect(() => checkEnvironment({ LABOURFLOW_SCOPE: 'Xingtai' })).toThrow(/LABOURFLOW_SCOPE=Xingtai: scope must be a six-digit/);
    expect(() => checkEnvironment({ LABOURFLOW_SCRYPT_LOG2N: '9' })).toThrow(/must be at least 14/);
    expect(() => checkEnvironment({ LABOURFLOW_DUCKDB_MEMORY_LIMIT: '2GB', LABOURFLOW_TEST_ANYTHING: 'x' })).not.toThrow();
    expect(envSetting('LABOURFLOW_DUCKDB_THREADS', { LABOURFLOW_DUCKDB_THREADS: '2' })).toBe(2);
    expect(envSetting('LABOURFLOW_DUCKDB_THREADS', { LABOURFLOW_DUCKDB_THREADS: 'two' })).toBeUndefined();
    expect(() => requireEnvSetting('LABOURFLOW_SERVER', { LABOURFLOW_SERVER: 'not a url' })).toThrow(/LABOURFLOW_SERVER=not a url/);
    // The settings the code reads are all declared (none is read raw: see src/core/envSettings.ts).
    expect(Object.keys(ENV_SETTINGS)).toEqual(expect.arrayContaining(['LABOURFLOW_EMBEDDINGS', 'LABOURFLOW_FAULT', 'LABOURFLOW_ZOD_ONLY']));
  });
});
