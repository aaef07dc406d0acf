import { readFile } from 'node:fs/promises';
import { SQL_DIR } from '../store/DuckDBStore.ts';

const cache = new Map<string, Promise<string>>();

/** The text of a named SQL file under sql/ (e.g. 'review/queue'), read once. */
export function sqlFile(name: string): Promise<string> {
  let text = cache.get(name);
  if (!text) {
    text = readFile(`${SQL_DIR}${name}.sql`, 'utf8');
    cache.set(name, text);
  }
  return text;
}
