import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project's SQL folder: every statement the code runs is a named file under it. */
const SQL_ROOT = fileURLToPath(new URL('../../sql', import.meta.url));

/** A name is a path under sql/ without `.sql`: lower-case words, no `..`, never built from input. */
const NAME = /^[a-z0-9_-]+(\/[a-z0-9_-]+)*$/;

const cache = new Map<string, Promise<string>>();

function pathOf(name: string): string {
  if (!NAME.test(name)) throw new RangeError(`not a SQL file name: "${name}" (e.g. 'matching/insert_run')`);
  return join(SQL_ROOT, `${name}.sql`);
}

/**
 * The one way the code reads its SQL: `sqlFile('matching/insert_run')` is the text of
 * sql/matching/insert_run.sql, read once per process (DuckDBStore#sql is the same).
 */
export function sqlFile(name: string): Promise<string> {
  let text = cache.get(name);
  if (!text) {
    text = readFile(pathOf(name), 'utf8');
    cache.set(name, text);
    text.catch(() => cache.delete(name));
  }
  return text;
}

const syncCache = new Map<string, string>();

/** sqlFile for the few places that build statements in a constructor (ingest writers). */
export function sqlFileSync(name: string): string {
  let text = syncCache.get(name);
  if (text === undefined) {
    text = readFileSync(pathOf(name), 'utf8');
    syncCache.set(name, text);
  }
  return text;
}

/** A folder under sql/ that holds a set of files read as a whole (the query pack, migrations). */
export function sqlFolder(name: string): string {
  if (!NAME.test(name)) throw new RangeError(`not a SQL folder name: "${name}"`);
  return join(SQL_ROOT, name);
}
