import { createServer } from 'node:http';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Logger } from '../core/Logger.ts';
import { ConfigError, PipelineError, RequestError } from '../core/PipelineError.ts';
import type { ServiceContext } from './ServiceContext.ts';

/** The shape of every error response: what went wrong, each problem, and what to do next. */
export const ErrorResponse = z.object({
  code: z.string(),
  message: z.string(),
  issues: z.array(z.object({ code: z.string(), path: z.string(), message: z.string() })),
  hint: z.string().optional(),
});
export type ErrorResponse = z.infer<typeof ErrorResponse>;

export type Api = FastifyInstance<
  import('node:http').Server,
  import('node:http').IncomingMessage,
  import('node:http').ServerResponse,
  import('fastify').FastifyBaseLogger,
  ZodTypeProvider
>;

/** A group of routes: one file under src/serve/routes/, registered by buildHttpServer. */
export type RouteModule = (app: Api, context: ServiceContext) => Promise<void> | void;

export interface HttpServerOptions {
  /** Route groups beyond /health, /metrics and /openapi.json. */
  routes?: readonly RouteModule[];
  /** Largest request body accepted, bytes (default 1 MiB; uploads raise it on their own route). */
  bodyLimit?: number;
  /** A client that sends its request slower than this is cut off (ms, default 30 s). */
  requestTimeoutMs?: number;
}

/**
 * The service's HTTP API on Fastify: every request and response is described by a zod schema
 * (validated on the way in, serialised on the way out) and published as OpenAPI at
 * /openapi.json. Errors are answered as `{code, message, issues: [{code, path, message}], hint}`,
 * 4xx for what the caller can fix, 5xx otherwise.
 */
export async function buildHttpServer(context: ServiceContext, options: HttpServerOptions = {}): Promise<Api> {
  const log = Logger.for('serve');
  const requestTimeout = options.requestTimeoutMs ?? 30_000;
  const app = Fastify({
    logger: false,
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    requestTimeout,
    connectionTimeout: requestTimeout,
    // Node checks request deadlines only every connectionsCheckingInterval (30 s by default), so a
    // client trickling a byte at a time would hold its connection that long past the limit.
    serverFactory: (handler) =>
      createServer(
        { requestTimeout, headersTimeout: requestTimeout, connectionsCheckingInterval: Math.min(1000, requestTimeout / 2) },
        handler,
      ),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'labourflow', description: 'Public employment services: ingest, analytics, matching, layoff watch', version: '1' },
    },
    transform: jsonSchemaTransform,
  });

  app.setErrorHandler((error, request, reply) => {
    const body = errorBody(error);
    const status = errorStatus(error);
    if (status >= 500) log.error('request_failed', { method: request.method, url: request.url, code: body.code, error });
    else log.debug('request_refused', { method: request.method, url: request.url, code: body.code, status });
    const retryAfter = (error as { retryAfterS?: unknown }).retryAfterS;
    if (typeof retryAfter === 'number') void reply.header('retry-after', String(retryAfter));
    void reply.status(status).send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    void reply
      .status(404)
      .send({ code: 'NOT_FOUND', message: `no such endpoint: ${request.method} ${request.url.split('?')[0]}`, issues: [] });
  });

  app.get(
    '/health',
    {
      schema: {
        description: 'Ready once the store is open and the consumer and scheduler have started.',
        response: { 200: z.object({ status: z.literal('ok') }), 503: z.object({ status: z.literal('starting') }) },
      },
    },
    async (_request, reply) => (context.ready() ? { status: 'ok' as const } : reply.status(503).send({ status: 'starting' as const })),
  );
  app.get('/metrics', { schema: { description: 'Prometheus text format.', hide: false } }, async (_request, reply) => {
    void reply.header('content-type', 'text/plain; version=0.0.4; charset=utf-8');
    return context.metricsText();
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  for (const routes of options.routes ?? []) await routes(app, context);
  return app;
}

const REQUEST_ERROR_STATUS: Readonly<Record<RequestError['reason'], number>> = { not_found: 404, conflict: 409, invalid: 400 };

/** The HTTP status of an error thrown by a route or a hook (the console renders the same status as a page). */
export function errorStatus(error: unknown): number {
  if (hasZodFastifySchemaValidationErrors(error)) return 400;
  // The desks' refusals (src/review/, src/cases/): another region's record does not exist for the caller.
  if (error instanceof RequestError) return REQUEST_ERROR_STATUS[error.reason];
  const status = (error as { statusCode?: unknown }).statusCode;
  // A PipelineError that names its HTTP status (401, 403, 404, 429, …) is answered with it.
  if (error instanceof PipelineError && typeof status === 'number' && status >= 400 && status < 600) return status;
  if (error instanceof ConfigError) return 400;
  if (error instanceof PipelineError) return error.retriable ? 503 : 500;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
}

/** The error response body: code, message, issues, hint. */
export function errorBody(error: unknown): ErrorResponse {
  if (hasZodFastifySchemaValidationErrors(error)) {
    return {
      code: 'REQUEST_INVALID',
      message: 'the request does not match its schema',
      issues: error.validation.map((v) => ({
        code: String(v.params?.issue && typeof v.params.issue === 'object' ? (v.params.issue as { code?: string }).code : v.keyword),
        path: `${error.validationContext ?? ''}${v.instancePath.replaceAll('/', '.')}`,
        message: v.message ?? 'invalid',
      })),
      hint: 'see /openapi.json for the request schema',
    };
  }
  if (error instanceof PipelineError) {
    const issues = (error as { issues?: ErrorResponse['issues'] }).issues;
    return {
      code: error.code,
      message: error.message,
      issues: Array.isArray(issues) ? issues : [],
      ...(error.hint ? { hint: error.hint } : {}),
    };
  }
  const e = error as { code?: unknown; message?: unknown; statusCode?: number };
  // Fastify's own errors (body too large, bad JSON, timeouts) carry FST_ codes and a status.
  const code = typeof e.code === 'string' ? e.code : 'INTERNAL';
  const message = e.statusCode && e.statusCode < 500 && typeof e.message === 'string' ? e.message : 'internal error';
  // A refused request names what was wrong with it: the body (bad JSON, too large, wrong type) or the request as a whole.
  const issues = e.statusCode && e.statusCode < 500 ? [{ code, path: code.startsWith('FST_ERR_CTP_') ? 'body' : 'request', message }] : [];
  return { code, message, issues };
}
