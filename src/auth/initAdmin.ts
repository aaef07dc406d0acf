import { requireEnvSetting } from '../config/config.ts';
import { ConfigError } from '../core/PipelineError.ts';
import { Logger } from '../core/Logger.ts';
import type { DuckDBStore } from '../store/DuckDBStore.ts';
import { assertStrongPassword } from './passwordPolicy.ts';
import { UserStore } from './UserStore.ts';

export const INIT_ADMIN_ENV = 'LABOURFLOW_INIT_ADMIN_PASSWORD';

/**
 * `serve --init-admin`: the first user, `admin`, national, with the password from
 * LABOURFLOW_INIT_ADMIN_PASSWORD (refused when unset or weak). An existing admin is left as it is
 * (a restart with the flag never resets a password); returns whether the user was created.
 */
export async function initAdmin(store: DuckDBStore, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  const password = initAdminPassword(env);
  const users = new UserStore(store);
  if (await users.get('admin')) {
    Logger.for('auth').warn('init_admin_exists', { user: 'admin', effect: 'left unchanged; change it with labourflow users' });
    return false;
  }
  await users.add({ name: 'admin', role: 'admin', region: null, password }, 'serve --init-admin');
  Logger.for('auth').info('init_admin_created', { user: 'admin' });
  return true;
}

/** The password for --init-admin, checked before anything starts: refused when unset or weak. */
export function initAdminPassword(env: NodeJS.ProcessEnv = process.env): string {
  const password = requireEnvSetting('LABOURFLOW_INIT_ADMIN_PASSWORD', env);
  if (!password) {
    throw new ConfigError(`--init-admin needs the password in ${INIT_ADMIN_ENV}`, {
      code: 'INIT_ADMIN_PASSWORD_MISSING',
      hint: `set ${INIT_ADMIN_ENV} to a strong password (12+ characters, mixed) for this start only`,
    });
  }
  assertStrongPassword('admin', password);
  return password;
}
