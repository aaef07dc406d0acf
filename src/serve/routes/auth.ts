import cookie from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AccessLog } from '../../auth/AccessLog.ts';
import { AuthError } from '../../auth/AuthError.ts';
import { AuthService } from '../../auth/AuthService.ts';
import { ACTIONS, can, GRANTS, type Principal } from '../../auth/roles.ts';
import { MAX_TOKEN_DAYS } from '../../auth/UserStore.ts';
import { Regions } from '../../validation/Regions.ts';
import { HttpError } from '../HttpError.ts';
import { ErrorResponse, type RouteModule } from '../buildHttpServer.ts';
import './fastifyTypes.ts';

export const SESSION_COOKIE = 'lf_session';

/** Open without signing in: probes, the API description, and the sign-in routes themselves. */
const PUBLIC_PATHS = new Set(['/health', '/metrics', '/openapi.json']);

export const WhoAmI = z.object({
  name: z.string(),
  role: z.string(),
  region: z.string().nullable().describe('GB/T 2260 code every read is scoped to; null = national'),
  region_name: z.string().nullable(),
  via: z.enum(['session', 'token', 'password']),
  actions: z.array(z.string()).describe('what this role may do (src/auth/roles.ts)'),
  expires_at: z.string().optional(),
});

export const IssuedTokenBody = z.object({
  token: z.string().describe('shown once; send as "Authorization: Bearer <token>"'),
  token_id: z.string(),
  user: z.string(),
  expires_at: z.string(),
});

const Errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 429: ErrorResponse };

export function whoAmI(p: Principal, expiresAt?: string): z.infer<typeof WhoAmI> {
  return {
    name: p.name,
    role: p.role,
    region: p.region,
    region_name: p.region ? (Regions.get().name(p.region) ?? null) : null,
    via: p.via,
    actions: [...GRANTS[p.role]],
    ...(expiresAt ? { expires_at: expiresAt } : {}),
  };
}

/** The session cookie: HTTP-only, SameSite=Strict, Secure over HTTPS (the API's sign-in and the console's share it). */
export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, value: string, expiresAt: string): void {
  void reply.setCookie(SESSION_COOKIE, value, {
    httpOnly: true,
    sameSite: 'strict',
    secure: request.protocol === 'https',
    path: '/',
    expires: new Date(expiresAt),
  });
}

/** The client's address as the socket saw it (no proxy headers are trusted). */
export function addressOf(request: FastifyRequest): string {
  return request.ip ?? request.socket.remoteAddress ?? 'unknown';
}

/**
 * Identity for every request: an API token ("Authorization: Bearer …") or the session cookie,
 * looked up afresh each time; then the route's action is checked against the role. A route
 * that names no action and is not public is refused (default deny), so a route added without
 * a rule can never be open by accident.
 */
export const authRoutes: RouteModule = async (app, context) => {
  const auth = new AuthService({
    write: (fn) => context.host.write(fn),
    read: async (fn) => {
      const store = await context.host.readerStore();
      try {
        return await fn(store);
      } finally {
        await store.close();
      }
    },
  });
  app.decorate('auth', auth);
  app.decorate('accessLog', new AccessLog((fn) => context.host.write(fn)));
  app.decorateRequest('principal', null);
  await app.register(cookie);

  app.addHook('onRequest', async (request) => {
    const url = request.routeOptions.url;
    if (url === undefined) return; // no such route: the not-found handler answers
    const config = request.routeOptions.config;
    const open = config.public === true || PUBLIC_PATHS.has(url);
    if (open) {
      request.principal = await identify(request, auth).catch(() => null);
      return;
    }
    const principal = await identify(request, auth);
    if (!principal) throw AuthError.unauthenticated();
    request.principal = principal;
    const action = config.action;
    if (!action) throw new HttpError(403, `${request.method} ${url} has no access rule`, { code: 'FORBIDDEN' });
    if (!can(principal.role, action)) throw AuthError.forbidden(principal.role, ACTIONS[action]);
    // A browser session may only change things from this server's own pages (SameSite=Strict already
    // keeps other sites' requests cookie-less; this also covers old browsers and same-site subdomains).
    if (principal.via === 'session' && request.method !== 'GET' && request.method !== 'HEAD') {
      const origin = request.headers.origin;
      if (origin !== undefined && !sameOrigin(origin, request.headers.host)) {
        throw new HttpError(403, `requests from ${origin} may not use this session`, { code: 'ORIGIN_REFUSED' });
      }
    }
  });

  app.post(
    '/auth/login',
    {
      config: { public: true },
      schema: {
        description: 'Sign in with a password: sets an HTTP-only session cookie (SameSite=Strict). Failed sign-ins are slowed and logged.',
        tags: ['auth'],
        body: z.object({ name: z.string().min(1).max(100), password: z.string().min(1).max(1000) }).strict(),
        response: { 200: WhoAmI, ...Errors },
      },
    },
    async (request, reply) => {
      const { principal, cookie: value, expiresAt } = await auth.login(request.body.name, request.body.password, addressOf(request));
      setSessionCookie(request, reply, value, expiresAt);
      return whoAmI(principal, expiresAt);
    },
  );

  app.post(
    '/auth/logout',
    {
      config: { action: 'session' },
      schema: {
        description: 'Ends the session of the cookie.',
        tags: ['auth'],
        response: { 200: z.object({ ok: z.literal(true) }), ...Errors },
      },
    },
    async (request, reply) => {
      const value = request.cookies[SESSION_COOKIE];
      if (request.principal!.via === 'session' && value) await auth.logout(value, request.principal!, addressOf(request));
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  );

  app.get(
    '/auth/whoami',
    {
      config: { action: 'session' },
      schema: {
        description: 'The signed-in user, their region (scope) and what their role may do.',
        tags: ['auth'],
        response: { 200: WhoAmI, ...Errors },
      },
    },
    async (request) => whoAmI(request.principal!, (request.principal as { expiresAt?: string }).expiresAt),
  );

  app.post(
    '/auth/token',
    {
      config: { public: true },
      schema: {
        description:
          'A new API token for scripts and scheduled jobs, shown once. Either with name and password in the body ' +
          '(throttled like sign-in), or from a signed-in browser session. A token cannot mint tokens.',
        tags: ['auth'],
        body: z
          .object({
            name: z.string().min(1).max(100).optional(),
            password: z.string().min(1).max(1000).optional(),
            label: z.string().max(200).optional(),
            days: z.number().int().min(1).max(MAX_TOKEN_DAYS).optional(),
          })
          .strict(),
        response: { 201: IssuedTokenBody, ...Errors },
      },
    },
    async (request, reply) => {
      const { name, password, label, days } = request.body;
      let user: string;
      if (name !== undefined || password !== undefined) {
        if (!name || !password) throw new HttpError(400, 'give both name and password', { code: 'CREDENTIALS_INCOMPLETE' });
        user = (await auth.checkPassword(name, password, addressOf(request))).name;
      } else if (request.principal?.via === 'session') {
        user = request.principal.name;
      } else if (request.principal) {
        throw new AuthError(403, 'an API token cannot create tokens', { code: 'FORBIDDEN', hint: 'sign in with a password' });
      } else {
        throw AuthError.unauthenticated();
      }
      const issued = await auth.issueToken(user, { label: label ?? null, days, actor: user });
      return reply.status(201).send(issued);
    },
  );

  const TokenRow = z.object({
    token_id: z.string(),
    label: z.string().nullable(),
    created_by: z.string(),
    created_at: z.string(),
    expires_at: z.string(),
    last_used_at: z.string().nullable(),
    revoked_at: z.string().nullable(),
  });
  app.get(
    '/auth/tokens',
    {
      config: { action: 'session' },
      schema: {
        description: "The caller's own API tokens (never their secrets).",
        tags: ['auth'],
        response: { 200: z.array(TokenRow), ...Errors },
      },
    },
    async (request) => auth.readUsers((users) => users.tokens(request.principal!.name)),
  );
  app.delete(
    '/auth/tokens/:token_id',
    {
      config: { action: 'session' },
      schema: {
        description: 'Revokes one of the caller’s own tokens.',
        tags: ['auth'],
        params: z.object({ token_id: z.string().regex(/^[a-z0-9]{16}$/) }).strict(),
        response: { 200: z.object({ revoked: z.literal(true) }), 404: ErrorResponse, ...Errors },
      },
    },
    async (request) => {
      const done = await auth.writeUsers((users) =>
        users.revokeToken(request.principal!.name, request.params.token_id, request.principal!.name),
      );
      if (!done) throw HttpError.notFound(`token ${request.params.token_id}`);
      return { revoked: true as const };
    },
  );
};

async function identify(request: FastifyRequest, auth: AuthService): Promise<Principal | null> {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const m = /^Bearer ([\x21-\x7e]{1,200})$/.exec(header);
    if (!m) throw AuthError.invalidCredential();
    return auth.fromToken(m[1]!);
  }
  const value = request.cookies?.[SESSION_COOKIE];
  if (value !== undefined) return auth.fromSession(value);
  return null;
}

function sameOrigin(origin: string, host: string | undefined): boolean {
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}
