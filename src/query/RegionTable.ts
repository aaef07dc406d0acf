import type { DuckDBConnection } from '@duckdb/node-api';
import { Regions, type Region } from '../validation/Regions.ts';

export const REGIONS_COLUMNS =
  'code VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, level VARCHAR NOT NULL, province_code VARCHAR NOT NULL, city_code VARCHAR';

/**
 * The `regions` reference table (code, name, level, province_code, city_code) built from the
 * GB/T 2260 divisions the validator uses, so queries join names instead of carrying them.
 */
export class RegionTable {
  /** Creates `<catalog>.main.regions` (catalog 'temp' for a session) and fills it. */
  static async create(connection: DuckDBConnection, catalog: 'temp' | 'main' = 'temp'): Promise<number> {
    if (catalog === 'temp') await connection.run(`CREATE TEMP TABLE regions (${REGIONS_COLUMNS})`);
    return RegionTable.fill(connection, catalog === 'temp' ? 'temp' : null);
  }

  /** Appends every division to an existing, empty `regions` table. */
  static async fill(connection: DuckDBConnection, catalog: string | null = null): Promise<number> {
    const appender = await connection.createAppender('regions', 'main', catalog);
    let n = 0;
    for (const r of Regions.get().all()) {
      appendRegion(appender, r);
      n++;
    }
    appender.flushSync();
    appender.closeSync();
    return n;
  }

  /** Codes of every division inside `scope` (itself included): the rows a scoped session may see. */
  static codesWithin(scope: string): string[] {
    const regions = Regions.get();
    return [...regions.all()].filter((r) => regions.within(r.code, scope)).map((r) => r.code);
  }
}

function appendRegion(appender: Awaited<ReturnType<DuckDBConnection['createAppender']>>, r: Region): void {
  appender.appendVarchar(r.code);
  appender.appendVarchar(r.name);
  appender.appendVarchar(r.level);
  appender.appendVarchar(r.provinceCode);
  if (r.cityCode === null) appender.appendNull();
  else appender.appendVarchar(r.cityCode);
  appender.endRow();
}
