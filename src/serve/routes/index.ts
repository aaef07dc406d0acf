import type { RouteModule } from '../buildHttpServer.ts';
import { accessLogRoutes } from './accessLog.ts';
import { alertRoutes } from './alerts.ts';
import { authRoutes } from './auth.ts';
import { casesRoutes } from './cases.ts';
import { caseworkRoutes } from './casework.ts';
import { consoleRoutes } from './console.ts';
import { ingestRoutes } from './ingest.ts';
import { queryRoutes } from './queries.ts';
import { reportRoutes } from './report.ts';
import { reviewRoutes } from './review.ts';
import { runRoutes } from './runs.ts';
import { sqlRoutes } from './sql.ts';
import { userRoutes } from './users.ts';

/** The API's route groups, in order: authRoutes first (it installs identity and the access check every other route relies on). */
export const SERVE_ROUTES: readonly RouteModule[] = [
  authRoutes,
  userRoutes,
  queryRoutes,
  sqlRoutes,
  reportRoutes,
  alertRoutes,
  caseworkRoutes,
  reviewRoutes,
  casesRoutes,
  ingestRoutes,
  runRoutes,
  accessLogRoutes,
  consoleRoutes,
];
