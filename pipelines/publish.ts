import { defineCommand } from './cli/Command.ts';
import { loadCoreConfig } from '../src/config/config.ts';
import { ConfigError } from '../src/core/PipelineError.ts';
import { NdjsonPublisher } from '../src/kafka/NdjsonPublisher.ts';
import { loadKafkaConfig } from '../src/kafka/KafkaConfig.ts';

export default defineCommand({
  name: 'publish',
  summary: 'publish NDJSON envelope files to a Kafka topic (batched, compressed, keyed by record id)',
  details: [
    'Each line is sent as it is (bad lines too: the ingest job dead-letters them), keyed by its "id".',
    'Examples:',
    '  labourflow publish --from out/postings.ndjson --topic postings',
    '  labourflow publish --from a.ndjson --from b.ndjson --topic labourflow.seekers --create-topics',
  ].join('\n'),
  options: {
    from: { type: 'string', multiple: true, description: 'NDJSON file ("-" for stdin)', valueName: 'PATH' },
    topic: {
      type: 'string',
      description: 'topic key (postings, seekers, enterprise-reports, follow-ups, …) or full topic name',
      valueName: 'NAME',
    },
    brokers: { type: 'string', description: 'host:port list (default: $KAFKA_BROKERS)', valueName: 'LIST' },
    prefix: { type: 'string', description: 'topic name prefix (default: $LABOURFLOW_TOPIC_PREFIX)', valueName: 'PREFIX' },
    'batch-size': { type: 'string', description: 'messages per produce request (default 2000)', valueName: 'N' },
    compression: { type: 'string', description: 'gzip (default), snappy, lz4, zstd or none', valueName: 'CODEC' },
    'create-topics': { type: 'boolean', description: 'create the labourflow topics first if missing' },
    config: { type: 'string', description: 'JSON config file (default: $LABOURFLOW_CONFIG)', valueName: 'FILE' },
  },
  async run({ values }) {
    if (!values.from?.length)
      throw new ConfigError('publish needs --from PATH', { hint: 'e.g. labourflow publish --from postings.ndjson --topic postings' });
    if (!values.topic) throw new ConfigError('publish needs --topic NAME', { hint: 'e.g. --topic postings (or a full topic name)' });
    const batchSize = values['batch-size'] === undefined ? undefined : Number(values['batch-size']);
    if (batchSize !== undefined && (!Number.isInteger(batchSize) || batchSize < 1))
      throw new ConfigError('--batch-size must be a positive integer');
    const core = loadCoreConfig({ kafkaBrokers: values.brokers, topicPrefix: values.prefix, configFile: values.config });
    const config = loadKafkaConfig(core, values.compression ? { compression: values.compression as 'gzip' } : {});
    const summary = await NdjsonPublisher.publishFiles(config, values.from, values.topic, {
      batchSize,
      createTopics: values['create-topics'] ?? false,
    });
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    return 0;
  },
});
