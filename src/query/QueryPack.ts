import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sqlFolder } from '../store/sqlFile.ts';
import { ConfigError } from '../core/PipelineError.ts';
import { parseQueryFile, type QueryDefinition } from './parseQueryFile.ts';

export const QUERIES_DIR = sqlFolder('queries');

/** The analysts' named queries: every `sql/queries/<name>.sql`, parsed and checked once. */
export class QueryPack {
  private constructor(private readonly byName: Map<string, QueryDefinition>) {}

  static async load(dir: string = QUERIES_DIR): Promise<QueryPack> {
    const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
    const byName = new Map<string, QueryDefinition>();
    for (const file of files) {
      const def = parseQueryFile(file, await readFile(join(dir, file), 'utf8'));
      byName.set(def.name, def);
    }
    return new QueryPack(byName);
  }

  list(): QueryDefinition[] {
    return [...this.byName.values()];
  }

  get(name: string): QueryDefinition {
    const def = this.byName.get(name);
    if (!def) {
      throw new ConfigError(`no query named "${name}"`, {
        code: 'QUERY_UNKNOWN',
        hint: `run \`labourflow query --list\`; known: ${[...this.byName.keys()].join(', ')}`,
      });
    }
    return def;
  }
}
