// Child of bench/serve.ts: one measured phase of the service, one JSON line on stdout.
//   idle   — 8 analysts loop over the query pack on the idle store for --seconds
//   ingest — the service consumes the topic into the store; no analysts
//   both   — the service consumes the topic while 8 analysts loop over the pack
// The analysts are HTTP clients of the service's API (GET /queries/NAME with a national admin's
// token) in a process of their own (bench/serve.clients.ts); --in-process calls the pooled
// sessions directly instead, without HTTP.
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { loadCoreConfig } from '../src/config/config.ts';
import { configureLogging } from '../src/core/Logger.ts';
import { QueryPack } from '../src/query/QueryPack.ts';
import { UserStore } from '../src/auth/UserStore.ts';
import { buildHttpServer } from '../src/serve/buildHttpServer.ts';
import { SERVE_ROUTES } from '../src/serve/routes/index.ts';
import { ServiceRuntime } from '../src/serve/ServiceRuntime.ts';
import { peakRssMb } from './lib/runChild.ts';
import { inProcessClient, type LoadResult, runAnalysts } from './lib/serveClients.ts';

const { values } = parseArgs({
  options: {
    phase: { type: 'string' },
    db: { type: 'string' },
    topic: { type: 'string' },
    records: { type: 'string' },
    clients: { type: 'string', default: '8' },
    seconds: { type: 'string', default: '30' },
    'max-readers': { type: 'string' },
    threads: { type: 'string' },
    'fresh-sessions': { type: 'boolean', default: false },
    'in-process': { type: 'boolean', default: false },
  },
});
configureLogging({ level: 'warn' });
const phase = values.phase as 'idle' | 'ingest' | 'both';
const records = Number(values.records ?? 0);
const clients = Number(values.clients);
const core = loadCoreConfig({ db: values.db, outboxDir: `${values.db}-outbox` });
const runtime = await ServiceRuntime.create({
  core: phase === 'idle' ? { ...core, kafkaBrokers: null } : core,
  inbox: null,
  kafka: { group: `bench-serve-${phase}-${process.pid}`, topics: values.topic, 'worker-id': `bench-${phase}` },
  service: {
    scheduler: false,
    ...(values['max-readers'] ? { maxReaders: Number(values['max-readers']) } : {}),
    ...(values.threads ? { threads: Number(values.threads) } : {}),
  },
});
const pack = (await QueryPack.load()).list();
let walMax = 0;
const walTimer = setInterval(() => {
  try {
    walMax = Math.max(walMax, statSync(`${values.db}.wal`).size);
  } catch {}
}, 250);

// Measured from a ready service: the start-up (migrations, the review sweep) is nobody's query time.
await runtime.start();
const started = performance.now();
const cpu0 = process.cpuUsage();
const elu0 = performance.eventLoopUtilization();
let ingestDone: number | null = null;
/** Timed from the first commit (as bench:ingest-kafka times from the assignment): joining the group is not ingest. */
let first: { at: number; read: number } | null = null;
let stop = false;
const committed = async () => (await runtime.ingestStatus()).sources.filter((s) => !s.source.includes('/')).reduce((n, s) => n + s.read, 0);
const caughtUp = async () => {
  const status = await runtime.ingestStatus();
  const read = status.sources.filter((s) => !s.source.includes('/')).reduce((n, s) => n + s.read, 0);
  if (!first && read > 0) first = { at: performance.now(), read };
  return read >= records && status.sources.every((s) => s.lag === 0);
};
const ingest =
  phase === 'idle'
    ? null
    : (async () => {
        let last = 0;
        while (!(await caughtUp())) {
          await new Promise((r) => setTimeout(r, 100));
          const secs = (performance.now() - started) / 1000;
          if (secs - last >= 10) {
            last = secs;
            process.stderr.write(
              `[bench:serve]     ${phase}: ${(await committed()).toLocaleString('en-US')} committed after ${secs.toFixed(0)} s\n`,
            );
          }
        }
        ingestDone = performance.now();
        stop = true;
      })();
const until = phase === 'idle' ? started + Number(values.seconds) * 1000 : Number.POSITIVE_INFINITY;
const done = () => stop || performance.now() > until;
const load: LoadResult | null =
  phase === 'ingest'
    ? null
    : values['in-process'] || values['fresh-sessions']
      ? await runAnalysts(clients, pack, inProcessClient(runtime, values['fresh-sessions']), done)
      : await overHttp(done);
await ingest;
clearInterval(walTimer);
const wall = ((ingestDone ?? performance.now()) - started) / 1000;
const cpu = process.cpuUsage(cpu0);
const elu = performance.eventLoopUtilization(elu0);
const timed = first as { at: number; read: number } | null;
const ingestSeconds = ingestDone && timed ? (ingestDone - timed.at) / 1000 : null;
const status = await runtime.ingestStatus();
await runtime.close();
console.log(
  JSON.stringify({
    phase,
    wall_s: Number(wall.toFixed(2)),
    records: phase === 'idle' ? 0 : records,
    ingest_s: ingestSeconds === null ? null : Number(ingestSeconds.toFixed(2)),
    records_per_s: ingestSeconds === null || !timed ? null : Math.round((records - timed.read) / ingestSeconds),
    latencies: load?.latencies ?? [],
    failures: load?.failures ?? [],
    packs: load?.packs ?? 0,
    peak_rss_mb: peakRssMb(),
    cpu_s: Number(((cpu.user + cpu.system) / 1e6).toFixed(1)),
    /** Share of the time the main thread was busy (it runs kafkajs, the CSV staging and every DuckDB callback). */
    event_loop_utilization: Number(elu.utilization.toFixed(2)),
    load_average_1m: Number(loadavg()[0]!.toFixed(2)),
    wal_max_mb: Math.round(walMax / 1024 / 1024),
    stored: status.sources.filter((s) => !s.source.includes('/')).reduce((n, s) => n + s.stored, 0),
  }),
);

/** Serves the API on loopback and runs the analysts as HTTP clients in their own process until `done()`. */
async function overHttp(done: () => boolean): Promise<LoadResult> {
  const name = 'bench-analyst';
  const token = await runtime.host.write(async (db) => {
    const users = new UserStore(db);
    if (!(await users.get(name))) await users.add({ name, role: 'admin', region: null }, 'bench');
    return (await users.issueToken(name, { actor: 'bench', days: 1 })).token;
  });
  const app = await buildHttpServer(runtime, { routes: SERVE_ROUTES });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        new URL('./serve.clients.ts', import.meta.url).pathname,
        '--base',
        base,
        '--token',
        token,
        '--clients',
        String(clients),
      ],
      {
        stdio: ['pipe', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    while (!done()) await new Promise((r) => setTimeout(r, 100));
    child.stdin.end('stop\n');
    const code = await exited;
    if (code !== 0) throw new Error(`the analysts' process exited with ${code}`);
    return JSON.parse(out.trim().split('\n').pop()!) as LoadResult;
  } finally {
    await app.close();
  }
}
