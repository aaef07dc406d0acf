import { envSetting } from '../config/Config.ts';
/**
 * Crash points for the exactly-once tests: LABOURFLOW_FAULT=<point>:<n> kills this process with
 * SIGKILL the n-th time execution reaches <point> (e.g. "kafka.before-duckdb-commit:3"), so a
 * test can crash the job between any two steps of a commit. Unset in production: one env lookup.
 */
const spec = envSetting('LABOURFLOW_FAULT')?.match(/^([\w.-]+):(\d+)$/) ?? null;
let hits = 0;

export function faultPoint(point: string): void {
  if (spec === null || spec[1] !== point) return;
  hits++;
  if (hits >= Number(spec[2])) {
    process.stderr.write(`fault injection: SIGKILL at ${point} (#${hits})\n`);
    process.kill(process.pid, 'SIGKILL');
  }
}
