import { defineCommand } from './cli/Command.ts';
import { loadCoreConfig } from '../src/config/config.ts';
import { ConfigError } from '../src/core/PipelineError.ts';
import { loadKafkaConfig } from '../src/kafka/KafkaConfig.ts';
import { TopicAdmin } from '../src/kafka/TopicAdmin.ts';

export default defineCommand({
  name: 'topics',
  summary: 'create the labourflow Kafka topics (input topics, dead letters, recommendations, layoff alerts)',
  details: [
    'Examples:',
    '  KAFKA_BROKERS=127.0.0.1:9092 labourflow topics create',
    '  labourflow topics create --brokers 127.0.0.1:9092 --prefix staging. --partitions 12',
    'Partition counts come from "kafka": {"partitions": {"postings": 12, "default": 3}} in the config file.',
  ].join('\n'),
  positionals: 'create|list',
  options: {
    brokers: { type: 'string', description: 'host:port list (default: $KAFKA_BROKERS)', valueName: 'LIST' },
    prefix: { type: 'string', description: 'topic name prefix (default: $LABOURFLOW_TOPIC_PREFIX)', valueName: 'PREFIX' },
    partitions: { type: 'string', description: 'partitions for every topic created now (overrides the config file)', valueName: 'N' },
    config: { type: 'string', description: 'JSON config file (default: $LABOURFLOW_CONFIG)', valueName: 'FILE' },
  },
  async run({ values, positionals }) {
    const action = positionals[0] ?? 'create';
    if (action !== 'create' && action !== 'list') {
      throw new ConfigError(`unknown topics action "${action}"`, { hint: 'use `labourflow topics create` or `labourflow topics list`' });
    }
    const core = loadCoreConfig({ kafkaBrokers: values.brokers, topicPrefix: values.prefix, configFile: values.config });
    let partitions: Record<string, number> | undefined;
    if (values.partitions !== undefined) {
      const n = Number(values.partitions);
      if (!Number.isInteger(n) || n < 1) throw new ConfigError(`--partitions must be a positive integer, got "${values.partitions}"`);
      partitions = { default: n };
    }
    const config = loadKafkaConfig(core, partitions ? { partitions } : {});
    const admin = await TopicAdmin.create(config);
    try {
      if (action === 'create') {
        for (const t of await admin.ensureTopics()) {
          process.stdout.write(`${t.created ? 'created' : 'exists '}  ${t.topic}  partitions=${t.partitions}\n`);
        }
      } else {
        for (const topic of (await admin.raw.listTopics()).filter((t) => !t.startsWith('__')).sort()) process.stdout.write(`${topic}\n`);
      }
    } finally {
      await admin.close();
    }
    return 0;
  },
});
