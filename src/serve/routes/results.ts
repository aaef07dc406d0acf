import type { DuckDBConnection } from '@duckdb/node-api';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AnalyticsSession } from '../../query/AnalyticsSession.ts';
import type { ServiceContext } from '../ServiceContext.ts';
import type { SessionLease } from '../SessionPool.ts';
import { CONTENT_TYPES, type ChunkSource, encodeResult, fetchChunks, WIRE_FORMATS, type WireFormat } from '../results/resultStream.ts';
import { addressOf } from './auth.ts';
import './fastifyTypes.ts';

/** `format` and `bom` of every result endpoint. */
export const FormatParams = {
  format: z.enum(WIRE_FORMATS).default('json').describe('json (default) | csv | parquet | arrow (IPC stream)'),
  bom: z.enum(['true', 'false']).optional().describe('csv: start with a UTF-8 byte order mark, so Excel reads Chinese right'),
};

export const ResultBody = z
  .object({
    columns: z.array(z.object({ name: z.string(), type: z.string().describe('DuckDB type') })),
    rows: z.array(z.array(z.unknown())),
    row_count: z.number().int(),
  })
  .passthrough()
  .describe('format=json; csv, parquet and arrow stream the same rows in those formats');

/**
 * A session scoped to the caller's region (null only for a national admin): the same views and
 * default-deny rules as `labourflow query`. Pooled and admitted by the read gate when the
 * service has a pool (building one costs 20–60 ms of the main thread), else on a fresh reader
 * connection. The caller releases it, or hands it to sendStatement, which releases it when the
 * response ends; `release(false)` closes the connection (after a failure or an abort).
 */
export async function leaseSession(context: ServiceContext, request: FastifyRequest): Promise<SessionLease> {
  const scope = request.principal!.region;
  if (context.leaseAnalytics) return context.leaseAnalytics(scope);
  const connection = await context.host.reader();
  let session: AnalyticsSession;
  try {
    session = await AnalyticsSession.onConnection(connection, { scope, taxonomyDir: context.core.taxonomyDir });
  } catch (error) {
    connection.closeSync();
    throw error;
  }
  let released = false;
  return {
    session,
    connection,
    release: () => {
      if (released) return;
      released = true;
      connection.closeSync();
    },
  };
}

/** Runs fn on a leased session and releases it: returned to the pool unless fn failed. */
export async function withSession<T>(
  context: ServiceContext,
  request: FastifyRequest,
  fn: (lease: SessionLease) => Promise<T>,
): Promise<T> {
  const lease = await leaseSession(context, request);
  let result: T;
  try {
    result = await fn(lease);
  } catch (error) {
    lease.release(false);
    throw error;
  }
  lease.release(true);
  return result;
}

export interface SendOptions {
  format: WireFormat;
  bom?: boolean;
  trailer?: Record<string, unknown>;
  /** What is read, for the access trail; null when the rows are not about persons. */
  accessWhat: string | null;
  kind: 'query' | 'sql' | 'report' | 'export';
}

/** Streams a statement's result on the leased session (released when the response ends), timing it and writing the access trail. */
export async function sendStatement(
  context: ServiceContext,
  request: FastifyRequest,
  reply: FastifyReply,
  lease: SessionLease,
  sql: string,
  params: Record<string, string | number>,
  options: SendOptions,
): Promise<FastifyReply> {
  let result: Awaited<ReturnType<DuckDBConnection['stream']>>;
  try {
    result = await lease.connection.stream(sql, params as never);
  } catch (error) {
    lease.release(false);
    throw error;
  }
  const source: ChunkSource = {
    columns: result.columnNames().map((name, i) => ({ name, type: result.columnTypes()[i]!.toString() })),
    chunks: fetchChunks(result),
    close: (outcome) => lease.release(outcome === 'ok'),
  };
  return sendChunks(context, request, reply, source, options);
}

export function sendChunks(
  context: ServiceContext,
  request: FastifyRequest,
  reply: FastifyReply,
  source: ChunkSource,
  options: SendOptions,
): FastifyReply {
  const started = performance.now();
  const p = request.principal!;
  const stream = encodeResult(source, options.format, {
    bom: options.bom,
    trailer: options.trailer,
    onEnd: async (rows, outcome) => {
      context.observeQuery(options.kind, (performance.now() - started) / 1000);
      if (options.accessWhat === null) return;
      await request.server.accessLog.record({
        user_name: p.name,
        role: p.role,
        region: p.region,
        method: request.method,
        endpoint: request.routeOptions.url ?? request.url,
        what: options.accessWhat,
        rows,
        outcome,
        address: addressOf(request),
      });
    },
  });
  void reply.header('content-type', CONTENT_TYPES[options.format]);
  if (options.format === 'parquet' || options.format === 'arrow' || options.format === 'csv') {
    // A fixed name: nothing from the request reaches the download's file name.
    const ext = options.format === 'arrow' ? 'arrows' : options.format;
    void reply.header('content-disposition', `attachment; filename="result.${ext}"`);
  }
  return reply.send(stream);
}
