import type { AccessLog } from '../../auth/AccessLog.ts';
import type { AuthService } from '../../auth/AuthService.ts';
import type { Action, Principal } from '../../auth/roles.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is asking (set by the auth hook before the route runs); null only on public routes. */
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** What the route does, checked against the caller's role (src/auth/roles.ts GRANTS). */
    action?: Action;
    /** Open without signing in (health, metrics, OpenAPI, sign-in itself). */
    public?: boolean;
  }
  interface FastifyInstance {
    auth: AuthService;
    accessLog: AccessLog;
  }
}
