import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Runs `labourflow ARGS` as a real child process through the published bin entry. */
export function runCliProcess(args: string[], env: NodeJS.ProcessEnv = {}, cwd: string = ROOT) {
  const result = spawnSync(process.execPath, [fileURLToPath(new URL('../../bin/labourflow.js', import.meta.url)), ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, LABOURFLOW_LOG_LEVEL: 'warn', ...env },
    timeout: 240_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

export const PROJECT_ROOT = ROOT;
