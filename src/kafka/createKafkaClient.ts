import { Kafka, logLevel, type LogEntry } from 'kafkajs';
import { Logger } from '../core/Logger.ts';
import { ensureKafkaCodecs } from './kafkaCodecs.ts';
import { kafkajsConnection, type KafkaConfig } from './KafkaConfig.ts';
import type { SocketRegistry } from './SocketRegistry.ts';

const LEVEL: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/**
 * A kafkajs client whose own logs go through our structured logger (warnings and errors only:
 * kafkajs is chatty at info level during every rebalance). Every client can read and write
 * every codec Kafka has (gzip, snappy, lz4, zstd): the codecs are registered with the first client.
 */
export function createKafkaClient(config: KafkaConfig, role: string, sockets?: SocketRegistry): Kafka {
  ensureKafkaCodecs();
  const log = Logger.for('kafka');
  return new Kafka({
    ...kafkajsConnection(config),
    clientId: `${config.clientId}-${role}`,
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ namespace, level, log: entry }: LogEntry) => {
        const { message, timestamp: _t, logger: _l, ...rest } = entry;
        // Bounded retries are deliberate: a send that still fails is raised, and a resend can only
        // duplicate a message, which the upsert by id and version makes harmless.
        const benign = /Limiting retries for the idempotent producer/.test(String(message));
        log[benign ? 'debug' : (LEVEL[level] ?? 'info')]('kafkajs', { component: namespace, message, ...rest });
      },
    retry: { initialRetryTime: 300, retries: 8, maxRetryTime: 10_000 },
    ...(sockets ? { socketFactory: sockets.factory } : {}),
  });
}
