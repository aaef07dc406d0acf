import { sqlFile } from '../../store/sqlFile.ts';

/** A statement of sql/serve/ (the API's own reads, run in a scoped session). */
export function serveSql(name: string): Promise<string> {
  return sqlFile(`serve/${name}`);
}
