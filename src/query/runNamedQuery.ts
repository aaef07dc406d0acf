import { Logger } from '../core/Logger.ts';
import type { AnalyticsSession, QueryResult } from './AnalyticsSession.ts';
import type { QueryDefinition } from './parseQueryFile.ts';
import { bindParams } from './bindParams.ts';

export interface NamedQueryResult extends QueryResult {
  /** Required tables the store does not have yet (their pipeline has not run): the result is empty for them. */
  missingTables: string[];
  params: Record<string, string | number>;
  seconds: number;
}

/** Runs one query of the pack in a session: parameters checked and bound, never spliced. */
export async function runNamedQuery(
  session: AnalyticsSession,
  def: QueryDefinition,
  given: Record<string, string> = {},
): Promise<NamedQueryResult> {
  const params = bindParams(def, given);
  const missingTables = def.requires.filter((t) => !session.available.has(t));
  if (missingTables.length) {
    Logger.for('query').warn('table_not_available_yet', {
      query: def.name,
      tables: missingTables,
      effect: 'empty result until the pipeline that writes them has run',
    });
  }
  const started = performance.now();
  const result = await session.query(def.sql, params);
  return { ...result, missingTables, params, seconds: (performance.now() - started) / 1000 };
}
