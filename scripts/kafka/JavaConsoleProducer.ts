import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SourceError } from '../../src/core/PipelineError.ts';
import { DEFAULT_CACHE_DIR, ensureKafkaJars } from './KafkaBroker.ts';

export type JavaCompression = 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';

export interface JavaProduceOptions {
  brokers: string;
  topic: string;
  /** One message per entry; a key is sent when given (it must hold no tab or newline, nor may the value). */
  messages: readonly { key?: string | null; value: string }[];
  /** The producer's `compression.type`. */
  compression: JavaCompression;
  /** More producer settings, e.g. `{ 'batch.size': '4096' }`. */
  producerProperties?: Record<string, string>;
  cacheDir?: string;
}

/**
 * Publishes with Apache Kafka's own Java console producer (`kafka.tools.ConsoleProducer`, in the
 * broker's kafka_2.13 jar up to 3.9; it moved to kafka-tools in 4.0) from the jars the
 * development broker already uses, so tests see batches exactly as Java clients write them:
 * snappy in snappy-java's framing, lz4 and zstd through lz4-java and zstd-jni.
 */
export async function produceWithJava(options: JavaProduceOptions): Promise<{ sent: number }> {
  const libs = await ensureKafkaJars(options.cacheDir ?? DEFAULT_CACHE_DIR);
  const keyed = options.messages.some((m) => m.key != null);
  for (const m of options.messages) {
    if (/[\n\r]/.test(m.value) || (keyed && (m.key == null || /[\t\n\r]/.test(m.key)))) {
      throw new SourceError('the console producer takes one line per message: no newline in values, a tab-free key on every message', {
        code: 'JAVA_PRODUCER_INPUT',
      });
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'labourflow-java-producer-'));
  // Errors to stderr: a send that fails is only logged by the console producer.
  writeFileSync(
    join(dir, 'log4j.properties'),
    [
      'log4j.rootLogger=WARN, stderr',
      'log4j.appender.stderr=org.apache.log4j.ConsoleAppender',
      'log4j.appender.stderr.Target=System.err',
      'log4j.appender.stderr.layout=org.apache.log4j.PatternLayout',
      'log4j.appender.stderr.layout.ConversionPattern=%p %m (%c)%n',
      '',
    ].join('\n'),
  );
  const properties = {
    acks: 'all',
    'enable.idempotence': 'true',
    'linger.ms': '20',
    ...options.producerProperties,
  };
  const args = [
    '-Xmx256m',
    '-XX:+UseSerialGC',
    '-Djava.awt.headless=true',
    `-Dlog4j.configuration=file:${join(dir, 'log4j.properties')}`,
    '-cp',
    `${libs}/*`,
    'kafka.tools.ConsoleProducer',
    '--bootstrap-server',
    options.brokers,
    '--topic',
    options.topic,
    // The console producer sets compression.type from this flag last, over any --producer-property.
    '--compression-codec',
    options.compression,
    ...Object.entries(properties).flatMap(([k, v]) => ['--producer-property', `${k}=${v}`]),
    ...(keyed ? ['--property', 'parse.key=true', '--property', 'key.separator=\t'] : []),
  ];
  try {
    const { code, output } = await new Promise<{ code: number; output: string }>((resolve, reject) => {
      const child = spawn('java', args, { stdio: ['pipe', 'pipe', 'pipe'] });
      let output = '';
      const keep = (d: Buffer) => {
        output = (output + d.toString()).slice(-8000);
      };
      child.stdout.on('data', keep);
      child.stderr.on('data', keep);
      child.on('error', reject);
      child.on('close', (exit) => resolve({ code: exit ?? 1, output }));
      child.stdin.on('error', () => undefined); // a JVM that died early is reported by its exit code
      const text = options.messages.map((m) => (keyed ? `${m.key}\t${m.value}` : m.value)).join('\n');
      child.stdin.end(`${text}\n`);
    });
    if (code !== 0 || /\bERROR\b/.test(output)) {
      throw new SourceError(`the Java console producer failed (exit ${code}): ${output.slice(-2000)}`, {
        code: 'JAVA_PRODUCER_FAILED',
        hint: 'check that java 17+ is installed and the broker in KAFKA_BROKERS is up',
      });
    }
    return { sent: options.messages.length };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
