import { z } from 'zod';
import { ROLES, type Principal } from '../../auth/roles.ts';
import { MAX_TOKEN_DAYS, type UserRow } from '../../auth/UserStore.ts';
import { Regions } from '../../validation/Regions.ts';
import { HttpError } from '../HttpError.ts';
import { ErrorResponse, type RouteModule } from '../buildHttpServer.ts';
import { IssuedTokenBody } from './auth.ts';
import './fastifyTypes.ts';

const User = z.object({
  name: z.string(),
  role: z.enum(ROLES),
  region: z.string().nullable(),
  disabled: z.boolean(),
  created_at: z.string(),
  updated_at: z.string(),
});
const Region = z.string().regex(/^\d{6}$/, 'a six-digit GB/T 2260 code');
const Password = z.string().min(1).max(1000);
const Name = z.string().regex(/^[a-z][a-z0-9._-]{1,39}$/, '2-40 lower-case letters, digits, ".", "_" or "-", starting with a letter');
const Errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse };

/**
 * Users, for admins. An admin with a region manages only users of that region (a county admin
 * cannot create a province user, nor a national one): an admin can never hand out more than
 * they can see themselves.
 */
export const userRoutes: RouteModule = async (app) => {
  const users = app.auth;

  app.get(
    '/users',
    {
      config: { action: 'users' },
      schema: {
        description: 'Users the admin manages (all of them for a national admin), with their live token counts.',
        tags: ['users'],
        response: { 200: z.array(User.extend({ live_tokens: z.number() })), ...Errors },
      },
    },
    async (request) => (await users.readUsers((u) => u.list())).filter((u) => manages(request.principal!, u.region)),
  );

  app.post(
    '/users',
    {
      config: { action: 'users' },
      schema: {
        description: 'Adds a user. Region: the province, city or county the user works for; null only for a national admin.',
        tags: ['users'],
        body: z.object({ name: Name, role: z.enum(ROLES), region: Region.nullable(), password: Password.optional() }).strict(),
        response: { 201: User, 409: ErrorResponse, ...Errors },
      },
    },
    async (request, reply) => {
      const body = request.body;
      mustManage(request.principal!, body.region, 'give the new user');
      const created = await users.writeUsers((u) => u.add(body, request.principal!.name)).catch(conflict);
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/users/:name',
    {
      config: { action: 'users' },
      schema: { tags: ['users'], params: z.object({ name: Name }).strict(), response: { 200: User, ...Errors } },
    },
    async (request) => target(request.principal!, await users.readUsers((u) => u.get(request.params.name)), request.params.name),
  );

  app.patch(
    '/users/:name',
    {
      config: { action: 'users' },
      schema: {
        description: 'Changes role, region, password, or disables/enables a user (their sessions end at once).',
        tags: ['users'],
        params: z.object({ name: Name }).strict(),
        body: z
          .object({
            role: z.enum(ROLES).optional(),
            region: Region.nullable().optional(),
            disabled: z.boolean().optional(),
            password: Password.optional(),
          })
          .strict(),
        response: { 200: User, ...Errors },
      },
    },
    async (request) => {
      const p = request.principal!;
      const { name } = request.params;
      target(p, await users.readUsers((u) => u.get(name)), name);
      if (request.body.region !== undefined) mustManage(p, request.body.region, 'move the user to');
      if (
        name === p.name &&
        (request.body.disabled || (request.body.role && request.body.role !== p.role) || request.body.region !== undefined)
      ) {
        throw new HttpError(400, 'an admin cannot disable, demote or move themselves', {
          code: 'SELF_CHANGE_REFUSED',
          hint: 'ask another admin',
        });
      }
      return users.writeUsers((u) => u.change(name, request.body, p.name));
    },
  );

  app.post(
    '/users/:name/tokens',
    {
      config: { action: 'users' },
      schema: {
        description: 'Issues an API token for a user (for scripts and scheduled jobs); the token is shown once.',
        tags: ['users'],
        params: z.object({ name: Name }).strict(),
        body: z.object({ label: z.string().max(200).optional(), days: z.number().int().min(1).max(MAX_TOKEN_DAYS).optional() }).strict(),
        response: { 201: IssuedTokenBody, ...Errors },
      },
    },
    async (request, reply) => {
      const { name } = request.params;
      target(request.principal!, await users.readUsers((u) => u.get(name)), name);
      const issued = await users.issueToken(name, {
        label: request.body.label ?? null,
        days: request.body.days,
        actor: request.principal!.name,
      });
      return reply.status(201).send(issued);
    },
  );

  app.get(
    '/users/:name/tokens',
    {
      config: { action: 'users' },
      schema: {
        tags: ['users'],
        params: z.object({ name: Name }).strict(),
        response: {
          200: z.array(
            z.object({
              token_id: z.string(),
              label: z.string().nullable(),
              created_by: z.string(),
              created_at: z.string(),
              expires_at: z.string(),
              last_used_at: z.string().nullable(),
              revoked_at: z.string().nullable(),
            }),
          ),
          ...Errors,
        },
      },
    },
    async (request) => {
      const { name } = request.params;
      target(request.principal!, await users.readUsers((u) => u.get(name)), name);
      return users.readUsers((u) => u.tokens(name));
    },
  );

  app.delete(
    '/users/:name/tokens/:token_id',
    {
      config: { action: 'users' },
      schema: {
        tags: ['users'],
        params: z.object({ name: Name, token_id: z.string().regex(/^[a-z0-9]{16}$/) }).strict(),
        response: { 200: z.object({ revoked: z.literal(true) }), ...Errors },
      },
    },
    async (request) => {
      const { name, token_id } = request.params;
      target(request.principal!, await users.readUsers((u) => u.get(name)), name);
      if (!(await users.writeUsers((u) => u.revokeToken(name, token_id, request.principal!.name))))
        throw HttpError.notFound(`token ${token_id}`);
      return { revoked: true as const };
    },
  );
};

/** Whether an admin manages users of this region: a national admin all, a regional one its subtree. */
export function manages(admin: Principal, region: string | null): boolean {
  if (admin.region === null) return true;
  return region !== null && Regions.get().within(region, admin.region);
}

function mustManage(admin: Principal, region: string | null, doing: string): void {
  if (!manages(admin, region)) {
    throw new HttpError(
      403,
      `you cannot ${doing} ${region === null ? 'national reach' : `region ${region}`}: it is outside your region ${admin.region}`,
      {
        code: 'OUT_OF_SCOPE',
        issues: [{ code: 'out_of_scope', path: 'body.region', message: `outside ${admin.region}` }],
      },
    );
  }
}

/** The user, if it exists and the admin manages it; otherwise 404 (users elsewhere are not revealed). */
function target(admin: Principal, user: UserRow | null, name: string): UserRow {
  if (!user || !manages(admin, user.region)) throw HttpError.notFound(`user ${name}`);
  return user;
}

function conflict(error: unknown): never {
  const code = (error as { code?: string }).code;
  if (code === 'USER_EXISTS') throw new HttpError(409, (error as Error).message, { code });
  throw error;
}
