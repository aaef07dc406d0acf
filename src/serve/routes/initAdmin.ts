import { initAdmin, initAdminPassword } from '../../auth/initAdmin.ts';
import type { RouteModule } from '../buildHttpServer.ts';

/**
 * `serve --init-admin`: creates user `admin` on the service's store before it listens (a route
 * group that adds no route, so it runs inside the service's own store host). Checks the password
 * at once, so a missing or weak LABOURFLOW_INIT_ADMIN_PASSWORD stops the start before anything runs.
 */
export function initAdminModule(env: NodeJS.ProcessEnv = process.env): RouteModule {
  initAdminPassword(env);
  return async (_app, context) => {
    await context.host.write((store) => initAdmin(store, env));
  };
}
