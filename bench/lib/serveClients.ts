import { AnalyticsSession } from '../../src/query/AnalyticsSession.ts';
import type { QueryDefinition } from '../../src/query/parseQueryFile.ts';
import { runNamedQuery } from '../../src/query/runNamedQuery.ts';
import type { ServiceRuntime } from '../../src/serve/ServiceRuntime.ts';

/** One analyst's way of running a query of the pack against the service; resolves when the answer is complete. */
export type QueryClient = (def: QueryDefinition) => Promise<void>;

/**
 * In-process (`--in-process`): each query borrows a pooled session through the service's
 * admission gate (`withAnalytics`), as the HTTP query routes do, without HTTP. `fresh` builds a
 * session per query instead (a connection of its own), to compare.
 */
export function inProcessClient(runtime: ServiceRuntime, fresh = false): QueryClient {
  return async (def) => {
    const started = performance.now();
    if (fresh) {
      await runtime.host.withReader(async (connection) => {
        await runNamedQuery(await AnalyticsSession.onConnection(connection, { scope: null }), def, {});
      });
    } else {
      await runtime.withAnalytics(null, (session) => runNamedQuery(session, def, {}));
    }
    runtime.observeQuery('query', (performance.now() - started) / 1000);
  };
}

/**
 * Over HTTP: `GET {base}/queries/{name}` with a bearer token, as an analyst's script would. The
 * body is read to the end, so the streamed response counts in full.
 */
export function httpClient(base: string, token: string): QueryClient {
  return async (def) => {
    const response = await fetch(`${base}/queries/${encodeURIComponent(def.name)}`, { headers: { authorization: `Bearer ${token}` } });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${def.name}: HTTP ${response.status}`);
  };
}

export interface LoadResult {
  latencies: number[];
  failures: string[];
  packs: number;
}

/**
 * `clients` analysts, each looping over the whole pack until `stop()` says so; per-query
 * latency as the analyst sees it (admission wait included), in seconds.
 */
export async function runAnalysts(
  clients: number,
  pack: readonly QueryDefinition[],
  client: QueryClient,
  stop: () => boolean,
): Promise<LoadResult> {
  const result: LoadResult = { latencies: [], failures: [], packs: 0 };
  await Promise.all(
    Array.from({ length: clients }, async (_, i) => {
      // Analysts start at different queries, as people would.
      let k = (i * 5) % pack.length;
      while (!stop()) {
        for (let n = 0; n < pack.length && !stop(); n++, k = (k + 1) % pack.length) {
          const def = pack[k]!;
          const started = performance.now();
          try {
            await client(def);
            result.latencies.push((performance.now() - started) / 1000);
          } catch (error) {
            result.failures.push(`${def.name}: ${(error as Error).message}`);
          }
        }
        result.packs++;
      }
    }),
  );
  return result;
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
