import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureKafkaJars, freePort, KafkaBroker } from '../../scripts/kafka/KafkaBroker.ts';
import { ConfigError } from '../../src/core/PipelineError.ts';
import { brokers } from './kafkaTestKit.ts';

describe('KafkaBroker (development broker script)', () => {
  it('says exactly what to install when java or mvn is missing', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'labourflow-nopath-'));
    const path = process.env.PATH;
    process.env.PATH = empty;
    try {
      await expect(ensureKafkaJars(join(empty, 'cache'))).rejects.toThrow(ConfigError);
      await expect(KafkaBroker.create({ cacheDir: join(empty, 'cache') })).rejects.toMatchObject({
        hint: expect.stringMatching(/openjdk-17-jre-headless and maven/),
      });
    } finally {
      process.env.PATH = path;
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('picks free loopback ports', async () => {
    const a = await freePort();
    expect(a).toBeGreaterThan(1024);
    expect(a).toBeLessThan(65536);
  });

  it('the shared broker of this run answers on a loopback address (or KAFKA_BROKERS)', () => {
    const list = brokers();
    if (!process.env.KAFKA_BROKERS) expect(list).toMatch(/^127\.0\.0\.1:\d+$/);
    else expect(list.length).toBeGreaterThan(0);
  });
});
