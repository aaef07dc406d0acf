import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import type { SASLOptions as SaslOptions } from 'kafkajs';
import { z } from 'zod';
import { loadSection, type CoreConfig } from '../config/config.ts';
import { ConfigError } from '../core/PipelineError.ts';
import { RECORD_KINDS } from '../records/recordKinds.ts';

/**
 * The "kafka" section of the config file (plus KAFKA_BROKERS / LABOURFLOW_TOPIC_PREFIX from the
 * core config). SASL and TLS settings are passed through to kafkajs; secrets are read from
 * environment variables named here, so config files never hold passwords.
 */
const PositiveInt = z.number().int().positive();

const TlsSettings = z
  .object({
    /** PEM files; relative paths are resolved from the working directory. */
    caFile: z.string().optional(),
    certFile: z.string().optional(),
    keyFile: z.string().optional(),
    /** Environment variable holding the private key passphrase. */
    passphraseEnv: z.string().optional(),
    servername: z.string().optional(),
    rejectUnauthorized: z.boolean().default(true),
  })
  .strict();

const SaslSettings = z
  .object({
    mechanism: z.enum(['plain', 'scram-sha-256', 'scram-sha-512'], {
      message: 'sasl.mechanism must be plain, scram-sha-256 or scram-sha-512',
    }),
    username: z.string().min(1),
    /** Name of the environment variable that holds the password (default KAFKA_SASL_PASSWORD). */
    passwordEnv: z.string().default('KAFKA_SASL_PASSWORD'),
  })
  .strict();

/** Topics the service writes besides the record kinds' input topics (src/records/). */
const SERVICE_TOPICS = { 'dead-letter': 1, recommendations: 3, 'layoff-alerts': 1 } as const;
/** The topics `labourflow ingest --from kafka` reads by default: one per record kind. */
export const INPUT_TOPIC_KEYS: readonly string[] = RECORD_KINDS.map((k) => k.topic);
export const TOPIC_KEYS = [...INPUT_TOPIC_KEYS, ...Object.keys(SERVICE_TOPICS)] as unknown as readonly [string, ...string[]];
/** A logical topic name ("postings", "dead-letter", …); the topic is `<prefix>labourflow.<key>`. */
export type TopicKey = string;

export const KafkaSection = z
  .object({
    brokers: z
      .array(z.string().regex(/^[^\s:,]+:\d{1,5}$/, { message: 'each broker must be host:port' }))
      .min(1)
      .optional(),
    clientId: z
      .string()
      .regex(/^[\w.-]+$/)
      .default('labourflow'),
    /** Prepended to every topic name, e.g. "staging." gives "staging.labourflow.postings". */
    topicPrefix: z
      .string()
      .regex(/^[\w.-]*$/, { message: 'topicPrefix may use letters, digits, _ . - only' })
      .optional(),
    ssl: z.union([z.boolean(), TlsSettings]).default(false),
    sasl: SaslSettings.optional(),
    connectionTimeoutMs: PositiveInt.default(3_000),
    requestTimeoutMs: PositiveInt.default(30_000),
    /** Partition count per topic for `topics create`; `default` covers the topics not listed. */
    partitions: z.partialRecord(z.enum([...TOPIC_KEYS, 'default']), PositiveInt).default({}),
    replicationFactor: PositiveInt.default(1),
    /** Codec of the batches we publish; every codec is read whatever this says. */
    compression: z
      .enum(['gzip', 'snappy', 'lz4', 'zstd', 'none'], { message: 'kafka.compression must be gzip, snappy, lz4, zstd or none' })
      .default('gzip'),
    consumer: z
      .object({
        groupId: z
          .string()
          .regex(/^[\w.-]+$/)
          .default('labourflow-ingest'),
        sessionTimeoutMs: PositiveInt.default(30_000),
        heartbeatIntervalMs: PositiveInt.default(3_000),
        /** Bytes fetched per partition per request; bigger means fewer, larger DuckDB transactions. */
        maxBytesPerPartition: PositiveInt.default(1024 * 1024),
        maxBytes: PositiveInt.default(8 * 1024 * 1024),
        /** Records decoded but not yet committed before fetching pauses (bounded memory). */
        maxPendingRecords: PositiveInt.default(30_000),
        /** Records per DuckDB transaction at most (several fetched batches are committed together). */
        maxRecordsPerTransaction: PositiveInt.default(20_000),
        /** Messages bigger than this are dead-lettered without being parsed. */
        maxMessageBytes: PositiveInt.default(1024 * 1024),
        progressIntervalMs: PositiveInt.default(5_000),
        /**
         * Parse and validate on a worker thread, leaving the main thread to kafkajs and DuckDB. Once
         * the store got cheaper the main thread became the bound, and the worker gave 25–27k rec/s
         * against 22–24k inline on 2 cores (1M records), within the memory budget.
         */
        decodeWorker: z.boolean().default(true),
      })
      .strict()
      .prefault({}),
  })
  .strict();
export type KafkaSection = z.infer<typeof KafkaSection>;

export interface KafkaConfig extends Omit<KafkaSection, 'brokers' | 'topicPrefix'> {
  brokers: string[];
  topicPrefix: string;
}

const DEFAULT_PARTITIONS: Readonly<Record<TopicKey, number>> = {
  ...Object.fromEntries(RECORD_KINDS.map((k) => [k.topic, k.partitions])),
  ...SERVICE_TOPICS,
};

/** Builds the Kafka config from the core config (flags/env) and the "kafka" section; brokers are required. */
export function loadKafkaConfig(core: CoreConfig, overrides: Partial<KafkaSection> = {}): KafkaConfig {
  const section = loadSection(core, 'kafka', KafkaSection, overrides);
  const brokers = core.kafkaBrokers
    ? core.kafkaBrokers
        .split(',')
        .map((b) => b.trim())
        .filter(Boolean)
    : (section.brokers ?? []);
  if (brokers.length === 0) {
    throw new ConfigError('no Kafka brokers configured (KAFKA_BROKERS is empty)', {
      code: 'KAFKA_BROKERS_MISSING',
      hint:
        'set KAFKA_BROKERS=host:port[,host:port] (for a local broker: `npx tsx scripts/kafka/broker.ts ' +
        'start`), or "kafka": {"brokers": [...]} in the config file',
    });
  }
  for (const broker of brokers) {
    if (!/^[^\s:,]+:\d{1,5}$/.test(broker)) {
      throw new ConfigError(`KAFKA_BROKERS entry "${broker}" is not host:port`, {
        hint: 'use e.g. KAFKA_BROKERS=127.0.0.1:9092,10.0.0.2:9092',
      });
    }
  }
  const topicPrefix = core.topicPrefix || section.topicPrefix || '';
  return { ...section, brokers, topicPrefix };
}

export function topicName(config: Pick<KafkaConfig, 'topicPrefix'>, key: TopicKey): string {
  return `${config.topicPrefix}labourflow.${key}`;
}

/** Accepts a logical key ("postings") or a full topic name ("labourflow.postings", "other.topic"). */
export function resolveTopic(config: Pick<KafkaConfig, 'topicPrefix'>, nameOrKey: string): string {
  if ((TOPIC_KEYS as readonly string[]).includes(nameOrKey)) return topicName(config, nameOrKey as TopicKey);
  if (!/^[\w.-]{1,249}$/.test(nameOrKey)) {
    throw new ConfigError(`"${nameOrKey}" is not a valid topic name`, {
      hint: `use one of ${TOPIC_KEYS.join(', ')} or a full topic name (letters, digits, _ . -)`,
    });
  }
  return nameOrKey;
}

export function partitionsFor(config: Pick<KafkaConfig, 'partitions'>, key: TopicKey): number {
  return config.partitions[key] ?? config.partitions.default ?? DEFAULT_PARTITIONS[key] ?? 1;
}

function readPem(path: string | undefined, what: string): string | undefined {
  if (!path) return undefined;
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read the TLS ${what} file ${path}: ${(error as Error).message}`, {
      hint: `fix kafka.ssl.${what}File in the config file`,
    });
  }
}

/** The connection part of a kafkajs client config: brokers, TLS, SASL. */
export function kafkajsConnection(
  config: KafkaConfig,
  env: NodeJS.ProcessEnv = process.env,
): {
  brokers: string[];
  clientId: string;
  ssl?: ConnectionOptions | boolean;
  sasl?: SaslOptions;
  connectionTimeout: number;
  requestTimeout: number;
} {
  let ssl: ConnectionOptions | boolean = config.ssl === true;
  if (typeof config.ssl === 'object') {
    const passphrase = config.ssl.passphraseEnv ? env[config.ssl.passphraseEnv] : undefined;
    ssl = {
      ca: readPem(config.ssl.caFile, 'ca'),
      cert: readPem(config.ssl.certFile, 'cert'),
      key: readPem(config.ssl.keyFile, 'key'),
      ...(passphrase ? { passphrase } : {}),
      ...(config.ssl.servername ? { servername: config.ssl.servername } : {}),
      rejectUnauthorized: config.ssl.rejectUnauthorized,
    };
  }
  let sasl: SaslOptions | undefined;
  if (config.sasl) {
    const password = env[config.sasl.passwordEnv];
    if (!password) {
      throw new ConfigError(`SASL is configured but the environment variable ${config.sasl.passwordEnv} is empty`, {
        hint: `export ${config.sasl.passwordEnv}=… (the password for SASL user ${config.sasl.username})`,
      });
    }
    sasl = { mechanism: config.sasl.mechanism, username: config.sasl.username, password } as SaslOptions;
  }
  return {
    brokers: config.brokers,
    clientId: config.clientId,
    ...(ssl ? { ssl } : {}),
    ...(sasl ? { sasl } : {}),
    connectionTimeout: config.connectionTimeoutMs,
    requestTimeout: config.requestTimeoutMs,
  };
}
