import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Logger } from '../core/Logger.ts';
import { RECORD_KINDS } from '../records/recordKinds.ts';
import type { DuckDBStore } from '../store/DuckDBStore.ts';
import { sqlFile } from '../store/sqlFile.ts';

/**
 * DuckDB views over the Parquet lake for analysts: lake_postings, lake_seekers, … (newest event
 * per id, like the tables) and lake_rejected. The views read the folder named by the session
 * variable `labourflow_lake`, which `attach` sets; in the DuckDB shell run
 * `SET VARIABLE labourflow_lake = '/path/to/lake';` first.
 */
export class LakeViews {
  /** Creates (or refreshes) the views for the record types that have files; returns their names. */
  static async attach(store: DuckDBStore, lakeDir: string): Promise<string[]> {
    const dir = resolve(lakeDir);
    await store.run('SET VARIABLE labourflow_lake = $dir', { dir });
    const template = await sqlFile('lake/view');
    const created: string[] = [];
    for (const { type, table } of RECORD_KINDS) {
      if (!LakeViews.hasFiles(join(dir, `type=${type}`))) continue;
      const view = `lake_${table}`;
      await store.run(template.replaceAll('{{view}}', view).replaceAll('{{type}}', type));
      created.push(view);
    }
    if (LakeViews.hasFiles(join(dir, 'type=rejected'))) {
      await store.run(await sqlFile('lake/rejected_view'));
      created.push('lake_rejected');
    }
    Logger.for('lake').info('lake_views_attached', { lake: dir, views: created });
    return created;
  }

  private static hasFiles(dir: string): boolean {
    if (!existsSync(dir)) return false;
    return readdirSync(dir, { recursive: true }).some((f) => String(f).endsWith('.parquet'));
  }
}
