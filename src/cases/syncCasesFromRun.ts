import type { DuckDBStore } from '../store/DuckDBStore.ts';
import { sqlFile } from '../store/sqlFile.ts';

/** Days after a case is closed before a run may open a new one for the same seeker (a month: policy: monthly-follow-up). */
export const DEFAULT_QUIET_DAYS = 30;

/**
 * Brings the cases up to date with a match run's hand-over (its caseworker_queue rows): a seeker
 * with an open case has it updated (tier, points, reasons, runs counted; a change of tier or
 * points is a 'reassessed' event), a seeker without one gets a case and an 'opened' event. So
 * however many runs flag a seeker, they have one open case. Runs inside the caller's transaction
 * (the run's results), else in its own.
 */
export async function syncCasesFromRun(
  store: DuckDBStore,
  runId: string,
  options: { quietDays?: number } = {},
): Promise<{ opened: number; updated: number }> {
  return store.transaction(async () => {
    const count = async (sql: string) => Number((await store.all<{ n: number }>(sql, { run_id: runId }))[0]?.n ?? 0);
    const updated = await count(
      "SELECT count(*) AS n FROM cases c JOIN caseworker_queue q ON q.seeker_id = c.seeker_id AND q.run_id = $run_id WHERE c.status <> 'closed'",
    );
    await store.run(await sqlFile('cases/run_reassessed_events'), { run_id: runId });
    await store.run(await sqlFile('cases/run_update_cases'), { run_id: runId });
    await store.run(await sqlFile('cases/run_open_cases'), { run_id: runId, quiet_days: options.quietDays ?? DEFAULT_QUIET_DAYS });
    await store.run(await sqlFile('cases/run_opened_events'), { run_id: runId });
    const opened = await count('SELECT count(*) AS n FROM cases WHERE first_run_id = $run_id');
    return { opened, updated };
  });
}
