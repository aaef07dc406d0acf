// Child of bench/serve.run.ts: the analysts, as HTTP clients of the service in their own process
// (so their JSON parsing does not run on the service's event loop). Loops over the query pack
// until stdin closes or says "stop", then prints one JSON line: latencies, failures, packs.
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { QueryPack } from '../src/query/QueryPack.ts';
import { httpClient, runAnalysts } from './lib/serveClients.ts';

const { values } = parseArgs({
  options: { base: { type: 'string' }, token: { type: 'string' }, clients: { type: 'string', default: '8' } },
});
if (!values.base || !values.token) throw new Error('usage: serve.clients.ts --base URL --token TOKEN [--clients N]');
const pack = (await QueryPack.load()).list();
let stop = false;
const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  if (line.trim() === 'stop') stop = true;
});
lines.on('close', () => {
  stop = true;
});
const load = await runAnalysts(Number(values.clients), pack, httpClient(values.base, values.token), () => stop);
lines.close();
console.log(JSON.stringify(load));
