import { describe, expect, it } from 'vitest';
import { loadCoreConfig } from '../../src/config/config.ts';
import { ConfigError } from '../../src/core/PipelineError.ts';
import { kafkajsConnection, loadKafkaConfig, partitionsFor, resolveTopic, topicName } from '../../src/kafka/KafkaConfig.ts';

const core = (flags: Record<string, string | undefined>) => loadCoreConfig(flags, {});

describe('KafkaConfig', () => {
  it('names topics with the prefix and resolves logical keys', () => {
    const config = loadKafkaConfig(core({ kafkaBrokers: '127.0.0.1:9092', topicPrefix: 'staging.' }));
    expect(topicName(config, 'postings')).toBe('staging.labourflow.postings');
    expect(resolveTopic(config, 'dead-letter')).toBe('staging.labourflow.dead-letter');
    expect(resolveTopic(config, 'other.topic')).toBe('other.topic');
    expect(() => resolveTopic(config, 'bad topic!')).toThrow(ConfigError);
    expect(config.brokers).toEqual(['127.0.0.1:9092']);
  });

  it('takes partition counts from the config section, per topic or as a default', () => {
    const config = loadKafkaConfig(core({ kafkaBrokers: 'a:1' }), { partitions: { postings: 12, default: 2 } });
    expect(partitionsFor(config, 'postings')).toBe(12);
    expect(partitionsFor(config, 'seekers')).toBe(2);
    expect(partitionsFor(loadKafkaConfig(core({ kafkaBrokers: 'a:1' })), 'dead-letter')).toBe(1);
  });

  it('fails with a hint when no brokers are configured or an entry is not host:port', () => {
    expect(() => loadKafkaConfig(core({}))).toThrow(/KAFKA_BROKERS/);
    try {
      loadKafkaConfig(core({ kafkaBrokers: 'localhost' }));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).hint).toMatch(/host:port|KAFKA_BROKERS/);
    }
  });

  it('rejects unknown keys and bad values in the kafka section', () => {
    expect(() => loadKafkaConfig(core({ kafkaBrokers: 'a:1' }), { compression: 'brotli' as never })).toThrow(
      /compression must be gzip, snappy, lz4, zstd or none/,
    );
    for (const codec of ['gzip', 'snappy', 'lz4', 'zstd', 'none'] as const)
      expect(loadKafkaConfig(core({ kafkaBrokers: 'a:1' }), { compression: codec }).compression).toBe(codec);
    expect(() => loadKafkaConfig(core({ kafkaBrokers: 'a:1' }), { consumer: { maxPendingRecords: -1 } as never })).toThrow(
      /maxPendingRecords/,
    );
  });

  it('passes SASL through with the password from the named environment variable, never from the file', () => {
    const config = loadKafkaConfig(core({ kafkaBrokers: 'kafka-1.pes.local:9093' }), {
      ssl: true,
      sasl: { mechanism: 'scram-sha-512', username: 'labourflow', passwordEnv: 'PES_KAFKA_PASSWORD' },
    });
    const connection = kafkajsConnection(config, { PES_KAFKA_PASSWORD: 's3cret' });
    expect(connection.ssl).toBe(true);
    expect(connection.sasl).toEqual({ mechanism: 'scram-sha-512', username: 'labourflow', password: 's3cret' });
    expect(() => kafkajsConnection(config, {})).toThrow(/PES_KAFKA_PASSWORD/);
  });

  it('reads TLS files and reports a missing one by its config key', () => {
    const config = loadKafkaConfig(core({ kafkaBrokers: 'a:1' }), { ssl: { caFile: '/nonexistent/ca.pem', rejectUnauthorized: true } });
    expect(() => kafkajsConnection(config, {})).toThrow(/ca file/);
  });
});
