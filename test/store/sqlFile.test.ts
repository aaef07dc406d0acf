import { describe, expect, it } from 'vitest';
import { DuckDBStore } from '../../src/store/DuckDBStore.ts';
import { sqlFile, sqlFileSync, sqlFolder } from '../../src/store/sqlFile.ts';

describe('SqlFile: the one loader of the project SQL', () => {
  it('reads a named file under sql/, the same text sync, async and through a store', async () => {
    const text = await sqlFile('matching/insert_run');
    expect(text).toContain('INSERT INTO match_runs');
    expect(sqlFileSync('matching/insert_run')).toBe(text);
    const store = await DuckDBStore.create({ path: ':memory:', migrate: false });
    try {
      expect(await store.sql('matching/insert_run')).toBe(text);
    } finally {
      await store.close();
    }
    expect(sqlFolder('queries')).toMatch(/sql\/queries$/);
  });

  it('refuses names that are not a plain path under sql/, and says which file is missing', async () => {
    for (const bad of ['../package', 'matching/../../etc/passwd', '/etc/passwd', 'matching/insert_run.sql', 'Matching/x', '']) {
      expect(() => sqlFile(bad)).toThrow(/not a SQL file name/);
    }
    await expect(sqlFile('matching/no_such_statement')).rejects.toThrow(/no_such_statement\.sql/);
  });
});
