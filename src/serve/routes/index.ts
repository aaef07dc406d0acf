import type { RouteModule } from '../HttpServer.ts';

/**
 * The route groups `labourflow serve` registers beside /health, /metrics and /openapi.json: one
 * module per file in this folder (queries, SQL, exports, users, …), each `(app, context) => …`.
 */
export const SERVE_ROUTES: RouteModule[] = [];
