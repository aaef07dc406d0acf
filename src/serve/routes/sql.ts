import { z } from 'zod';
import { SqlSandbox } from '../../query/SqlSandbox.ts';
import { ErrorResponse, type RouteModule } from '../buildHttpServer.ts';
import { listChunks } from '../results/resultStream.ts';
import { FormatParams, ResultBody, sendChunks } from './results.ts';
import './fastifyTypes.ts';

/**
 * Read-only ad-hoc SQL in the sandbox: a private in-memory DuckDB holding only the rows of the
 * caller's region of the tables the statement names, file access off (src/query/SqlSandbox.ts).
 * Every statement is in the access trail, with its text and row count.
 */
export const sqlRoutes: RouteModule = async (app, context) => {
  app.post(
    '/sql',
    {
      config: { action: 'sql' },
      schema: {
        description:
          "One read-only statement (SELECT, WITH … SELECT, EXPLAIN) over the caller's region only: the tables are " +
          'copies of the in-scope rows; users, tokens and the access trail do not exist there.',
        tags: ['sql'],
        querystring: z.object(FormatParams).strict(),
        body: z.object({ sql: z.string().min(1).max(100_000) }).strict(),
        response: { 200: ResultBody, 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse },
      },
    },
    async (request, reply) => {
      const statement = request.body.sql;
      const reader = await context.host.reader();
      let sandbox: SqlSandbox;
      try {
        sandbox = await SqlSandbox.fromConnection(
          reader,
          { scope: request.principal!.region, taxonomyDir: context.core.taxonomyDir },
          statement,
        );
      } finally {
        reader.closeSync();
      }
      let result: Awaited<ReturnType<SqlSandbox['queryReadOnly']>>;
      try {
        result = await sandbox.queryReadOnly(statement);
      } catch (error) {
        await sandbox.close();
        throw error;
      }
      return sendChunks(
        context,
        request,
        reply,
        {
          columns: result.columns.map((c) => ({ name: c.name, type: c.type })),
          chunks: listChunks(result.chunks),
          close: () => sandbox.close(),
        },
        { format: request.query.format, bom: request.query.bom === 'true', accessWhat: `sql ${statement}`, kind: 'sql' },
      );
    },
  );
};
