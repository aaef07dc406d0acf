import { envSetting } from '../config/config.ts';
/**
 * Crash points for the exactly-once tests: LABOURFLOW_FAULT=<point>:<n> kills this process with
 * SIGKILL the n-th time execution reaches <point> (e.g. "kafka.before-duckdb-commit:3"), so a
 * test can crash the job between any two steps of a commit. `<point>:<n>:pause<ms>` instead
 * waits <ms> at every hit from the n-th on, without blocking signals, so a test can stop a
 * stream mid-way however fast the machine is. Unset in production: one env lookup.
 */
const spec = envSetting('LABOURFLOW_FAULT')?.match(/^([\w.-]+):(\d+)(?::pause(\d+))?$/) ?? null;
let hits = 0;

export function faultPoint(point: string): void {
  if (spec === null || spec[1] !== point || spec[3] !== undefined) return;
  hits++;
  if (hits >= Number(spec[2])) {
    process.stderr.write(`fault injection: SIGKILL at ${point} (#${hits})\n`);
    process.kill(process.pid, 'SIGKILL');
  }
}

/** A pause point (see above); resolves at once unless LABOURFLOW_FAULT names it with `pause`. */
export async function faultPause(point: string): Promise<void> {
  if (spec === null || spec[1] !== point || spec[3] === undefined) return;
  hits++;
  if (hits >= Number(spec[2])) await new Promise((r) => setTimeout(r, Number(spec[3])));
}
