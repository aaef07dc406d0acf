import { spawn } from 'node:child_process';

/**
 * Runs a TypeScript script in a child Node process (so its peak RSS is its own) and returns the
 * JSON object it prints as its last stdout line. stderr passes through for progress.
 */
export async function runChildJson<T>(script: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<T> {
  return runCommandJson<T>(process.execPath, ['--import', 'tsx', script, ...args], env);
}

/** Runs any command the same way (e.g. a Python peer) and returns the JSON object of its last stdout line. */
export async function runCommandJson<T>(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<T> {
  const child = spawn(command, args, {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...env },
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (c) => resolve(c ?? 1));
  });
  const last = out.trim().split('\n').pop() ?? '';
  if (code !== 0) throw new Error(`${args.find((a) => /\.(ts|py)$/.test(a)) ?? command} exited with ${code}: ${out.slice(-2000)}`);
  return JSON.parse(last) as T;
}

export function peakRssMb(): number {
  // resourceUsage().maxRSS is in KiB on Linux.
  return Math.round(process.resourceUsage().maxRSS / 1024);
}
