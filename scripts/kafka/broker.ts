/**
 * Development broker manager: `npx tsx scripts/kafka/broker.ts start|stop|status|fetch`.
 * `start` leaves a detached broker running and prints `KAFKA_BROKERS=127.0.0.1:PORT` on stdout;
 * its pid and log dir are kept in .cache/kafka/broker.json so `stop` can end it.
 */
import { existsSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PipelineError } from '../../src/core/PipelineError.ts';
import { DEFAULT_CACHE_DIR, KafkaBroker, ensureKafkaJars, type BrokerState } from './KafkaBroker.ts';

const STATE_FILE = join(DEFAULT_CACHE_DIR, 'broker.json');

function readState(): BrokerState | null {
  if (!existsSync(STATE_FILE)) return null;
  return JSON.parse(readFileSync(STATE_FILE, 'utf8')) as BrokerState;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function main(command: string | undefined): Promise<number> {
  switch (command) {
    case 'fetch': {
      process.stdout.write(`${await ensureKafkaJars()}\n`);
      return 0;
    }
    case 'start': {
      const existing = readState();
      if (existing && alive(existing.pid)) {
        process.stdout.write(`KAFKA_BROKERS=${existing.brokers}\n`);
        return 0;
      }
      const broker = await KafkaBroker.create({ tiedToParent: false, keepData: true });
      mkdirSync(DEFAULT_CACHE_DIR, { recursive: true });
      writeFileSync(STATE_FILE, `${JSON.stringify(broker.state(), null, 2)}\n`);
      process.stdout.write(`KAFKA_BROKERS=${broker.brokers}\n`);
      return 0;
    }
    case 'stop': {
      const state = readState();
      if (!state || !alive(state.pid)) {
        process.stderr.write('no development broker is running\n');
        if (state) rmSync(STATE_FILE, { force: true });
        return 0;
      }
      process.kill(state.pid, 'SIGTERM');
      const deadline = Date.now() + 20_000;
      while (alive(state.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      if (alive(state.pid)) process.kill(state.pid, 'SIGKILL');
      rmSync(state.dataDir, { recursive: true, force: true });
      rmSync(STATE_FILE, { force: true });
      process.stderr.write(`stopped the broker on ${state.brokers}\n`);
      return 0;
    }
    case 'status': {
      const state = readState();
      if (state && alive(state.pid)) {
        process.stdout.write(`running pid=${state.pid} KAFKA_BROKERS=${state.brokers} dir=${state.dataDir}\n`);
        return 0;
      }
      process.stdout.write('stopped\n');
      return 3;
    }
    default:
      process.stderr.write('usage: npx tsx scripts/kafka/broker.ts start|stop|status|fetch\n');
      return 2;
  }
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`broker: ${(error as Error).message}\n`);
    if (error instanceof PipelineError && error.hint) process.stderr.write(`  what to do: ${error.hint}\n`);
    process.exit(1);
  },
);
