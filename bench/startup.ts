// npm run bench:startup [-- --runs 15]
// Start-up cost of the installed CLI: `labourflow --help` (bin/labourflow.js, the compiled dist/)
// against a bare `node -e 0`, alternating in the same run so both see the same machine load, and
// the same command run from the TypeScript sources through tsx (LABOURFLOW_FROM_SOURCE=1) for
// comparison. Target (issue #16): the median of `--help` within 4× the median of `node -e 0`.
// Last stdout line: one JSON object.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({ options: { runs: { type: 'string' } } });
const runs = Number(values.runs ?? 15);
if (!existsSync(`${root}dist/pipelines/cli/main.js`)) {
  process.stderr.write('dist/ is missing: run `npm run build` (npm ci runs it) first\n');
  process.exit(1);
}

const bin = `${root}bin/labourflow.js`;
const cases = {
  node: { args: ['-e', '0'], env: {} },
  help: { args: [bin, '--help'], env: {} },
  help_from_source: { args: [bin, '--help'], env: { LABOURFLOW_FROM_SOURCE: '1' } },
} as const;
const times: Record<keyof typeof cases, number[]> = { node: [], help: [], help_from_source: [] };

const timeOnce = (name: keyof typeof cases): number => {
  const started = performance.now();
  const result = spawnSync(process.execPath, cases[name].args, { env: { ...process.env, ...cases[name].env }, stdio: 'ignore' });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`${name} exited with ${result.status}`);
  return ms;
};

for (const name of Object.keys(cases) as (keyof typeof cases)[]) timeOnce(name); // warm the file cache
for (let i = 0; i < runs; i++) {
  for (const name of Object.keys(cases) as (keyof typeof cases)[]) times[name].push(timeOnce(name));
  process.stderr.write(`run ${i + 1}/${runs}\n`);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};
const node = median(times.node);
const help = median(times.help);
const fromSource = median(times.help_from_source);
console.log(
  JSON.stringify({
    bench: 'startup',
    runs,
    node_e0_ms: Math.round(node),
    help_ms: Math.round(help),
    ratio: Math.round((help / node) * 100) / 100,
    help_from_source_ms: Math.round(fromSource),
    ratio_from_source: Math.round((fromSource / node) * 100) / 100,
    target_ratio: 4,
    load_average_1m: Math.round(loadavg()[0]! * 100) / 100,
  }),
);
