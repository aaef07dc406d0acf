import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { PROJECT_ROOT } from './runCliProcess.ts';

/**
 * Runs `labourflow ARGS` as a child process without blocking this one, for tests whose server
 * runs in the test process (a synchronous spawn would stop it from answering).
 */
export function runCliAsync(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  cwd: string = PROJECT_ROOT,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const bin = fileURLToPath(new URL('../../bin/labourflow.js', import.meta.url));
  const base = { ...process.env };
  for (const key of ['LABOURFLOW_SERVER', 'LABOURFLOW_TOKEN', 'LABOURFLOW_SCOPE', 'LABOURFLOW_DB']) delete base[key];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd, env: { ...base, LABOURFLOW_LOG_LEVEL: 'warn', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      stdout += c;
    });
    child.stderr.setEncoding('utf8').on('data', (c: string) => {
      stderr += c;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 240_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
