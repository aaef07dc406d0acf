import { userInfo } from 'node:os';
import { DB_OPTION, defineCommand } from './cli/Command.ts';
import { ApiClient, SERVER_OPTION } from '../src/client/ApiClient.ts';
import { loadCoreConfig } from '../src/config/config.ts';
import { ConfigError } from '../src/core/PipelineError.ts';
import { type UserListRow, UserStore } from '../src/auth/UserStore.ts';
import { withStore } from '../src/store/DuckDBStore.ts';
import { Regions } from '../src/validation/Regions.ts';
import { displayWidth, padDisplay } from '../src/query/displayWidth.ts';

const SUBCOMMANDS = ['add', 'list', 'disable', 'enable', 'token'] as const;

export default defineCommand({
  name: 'users',
  summary: 'manage the users of `labourflow serve`: add, list, disable, enable, issue API tokens',
  positionals: 'add NAME | list | disable NAME | enable NAME | token',
  details: [
    'On the store file when no server runs (--db), or through a server with an admin token (--server, $LABOURFLOW_TOKEN).',
    'Roles: admin (everything, users), analyst (queries, SQL, report, alerts), reviewer, caseworker (recommendations,',
    'queue), service (match, watch-layoffs, ingest). Every user but a national admin has a region (GB/T 2260 code).',
    '',
    'Examples:',
    '  labourflow users add wang --role analyst --region 130500 --password "…"',
    '  labourflow users list',
    '  labourflow users disable wang',
    '  labourflow users token --server http://127.0.0.1:8080 --user wang --password "…"   (prints the token last)',
    '  labourflow users token --user nightly-match --days 30          (embedded, or --server with an admin token)',
  ].join('\n'),
  options: {
    ...DB_OPTION,
    ...SERVER_OPTION,
    role: { type: 'string', valueName: 'ROLE', description: 'add: admin | analyst | reviewer | caseworker | service' },
    region: { type: 'string', valueName: 'CODE', description: 'add: province, city or county code (omit only for a national admin)' },
    password: { type: 'string', valueName: 'P', description: 'add: the password; token: sign in as --user with it' },
    user: { type: 'string', valueName: 'NAME', description: 'token: whose token' },
    days: { type: 'string', valueName: 'N', description: 'token: days until it expires (default 90)' },
    label: { type: 'string', valueName: 'TEXT', description: 'token: what it is for' },
    json: { type: 'boolean', description: 'list: JSON lines instead of a table' },
  },
  async run({ values, positionals }) {
    const [sub, ...args] = positionals;
    if (!sub || !(SUBCOMMANDS as readonly string[]).includes(sub)) {
      throw new ConfigError(`give a subcommand: ${SUBCOMMANDS.join(', ')}`, { code: 'CLI_ARGS_INVALID', hint: 'labourflow users --help' });
    }
    const needsName = sub === 'add' || sub === 'disable' || sub === 'enable';
    if (needsName ? args.length !== 1 : args.length !== 0) {
      throw new ConfigError(`users ${sub} ${needsName ? 'takes one user name' : 'takes no further arguments'}`, {
        code: 'CLI_ARGS_INVALID',
      });
    }
    const name = args[0]!;
    const days = values.days === undefined ? undefined : Number(values.days);
    if (days !== undefined && (!Number.isInteger(days) || days < 1))
      throw new ConfigError(`--days must be a positive whole number, got "${values.days}"`);
    if (sub === 'token' && !values.user) throw new ConfigError('users token needs --user NAME', { code: 'CLI_ARGS_INVALID' });

    // users token --server URL --user NAME --password P signs in as that user: no admin token needed.
    const client = ApiClient.fromFlags(values.server, process.env, { token: !(sub === 'token' && values.password) });
    if (client) {
      ApiClient.refuseLocalFlags(values, ['db']);
      switch (sub) {
        case 'add': {
          const created = await client.json<UserListRow>('POST', '/users', {
            name,
            role: requireRole(values.role),
            region: values.region ?? null,
            ...(values.password ? { password: values.password } : {}),
          });
          process.stdout.write(`user ${created.name} added: ${describe(created)}\n`);
          return 0;
        }
        case 'list':
          printUsers(await client.json<UserListRow[]>('GET', '/users'), values.json);
          return 0;
        case 'disable':
        case 'enable': {
          const changed = await client.json<UserListRow>('PATCH', `/users/${encodeURIComponent(name)}`, { disabled: sub === 'disable' });
          process.stdout.write(`user ${changed.name} ${changed.disabled ? 'disabled' : 'enabled'}\n`);
          return 0;
        }
        case 'token': {
          const issued = values.password
            ? await client.tokenWithPassword(values.user!, values.password, {
                ...(values.label ? { label: values.label } : {}),
                ...(days ? { days } : {}),
              })
            : await client.json<{ token: string; expires_at: string }>('POST', `/users/${encodeURIComponent(values.user!)}/tokens`, {
                ...(values.label ? { label: values.label } : {}),
                ...(days ? { days } : {}),
              });
          printToken(values.user!, issued);
          return 0;
        }
      }
    }

    const core = loadCoreConfig({ db: values.db });
    const actor = `cli:${userInfo().username}`;
    return withStore({ path: core.db }, async (store) => {
      const users = new UserStore(store);
      switch (sub) {
        case 'add': {
          const created = await users.add(
            { name, role: requireRole(values.role), region: values.region ?? null, password: values.password ?? null },
            actor,
          );
          process.stdout.write(`user ${created.name} added: ${describe(created)}\n`);
          break;
        }
        case 'list':
          printUsers(await users.list(), values.json);
          break;
        case 'disable':
        case 'enable': {
          const changed = await users.change(name, { disabled: sub === 'disable' }, actor);
          process.stdout.write(`user ${changed.name} ${changed.disabled ? 'disabled' : 'enabled'}\n`);
          break;
        }
        case 'token': {
          if (values.password && !(await users.checkPassword(values.user!, values.password))) {
            throw new ConfigError(`user name or password is wrong, or ${values.user} is disabled`, { code: 'LOGIN_FAILED' });
          }
          printToken(values.user!, await users.issueToken(values.user!, { label: values.label ?? null, days, actor }));
          break;
        }
      }
      return 0;
    });
  },
});

function requireRole(role: string | undefined): string {
  if (!role)
    throw new ConfigError('users add needs --role', {
      code: 'CLI_ARGS_INVALID',
      hint: 'admin | analyst | reviewer | caseworker | service',
    });
  return role;
}

function describe(u: { role: string; region: string | null; disabled: boolean }): string {
  const region = u.region ? `${u.region} ${Regions.get().name(u.region) ?? ''}`.trim() : 'national';
  return `${u.role}, ${region}${u.disabled ? ', disabled' : ''}`;
}

function printUsers(rows: UserListRow[], json: boolean | undefined): void {
  if (json) {
    for (const r of rows) process.stdout.write(`${JSON.stringify(r)}\n`);
    return;
  }
  const table = [
    ['name', 'role', 'region', 'disabled', 'tokens', 'created'],
    ...rows.map((r) => [
      r.name,
      r.role,
      r.region ? `${r.region} ${Regions.get().name(r.region) ?? ''}`.trim() : 'national',
      r.disabled ? 'yes' : 'no',
      String(r.live_tokens),
      r.created_at,
    ]),
  ];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => displayWidth(row[i]!))));
  for (const row of table)
    process.stdout.write(
      `${row
        .map((c, i) => padDisplay(c, widths[i]!))
        .join('  ')
        .trimEnd()}\n`,
    );
  process.stdout.write(`(${rows.length} user${rows.length === 1 ? '' : 's'})\n`);
}

/** The token goes last, alone on its line, so scripts can take `| tail -n 1`. */
function printToken(user: string, issued: { token: string; expires_at: string }): void {
  process.stdout.write(`API token for ${user}, expires ${issued.expires_at}; it is shown only now:\n${issued.token}\n`);
}
