import { readFile } from 'node:fs/promises';
import { SQL_DIR } from '../../store/DuckDBStore.ts';

const cache = new Map<string, string>();

/** A statement of sql/serve/ (the API's own reads, run in a scoped session). */
export async function serveSql(name: string): Promise<string> {
  let text = cache.get(name);
  if (text === undefined) {
    text = await readFile(`${SQL_DIR}serve/${name}.sql`, 'utf8');
    cache.set(name, text);
  }
  return text;
}
