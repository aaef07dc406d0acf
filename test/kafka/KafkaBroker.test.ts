import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureKafkaJars, freePort, KafkaBroker, kraftClusterId } from '../../scripts/kafka/KafkaBroker.ts';
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

  it("draws the cluster id again when it would start with '-' (StorageTool would read it as an option)", () => {
    // 0xf8 encodes to base64url '-' first; then a draw that does not.
    const draws = [Buffer.alloc(16, 0xf8), Buffer.alloc(16, 0x41)];
    let calls = 0;
    const id = kraftClusterId(() => draws[calls++]!);
    expect(Buffer.alloc(16, 0xf8).toString('base64url')).toMatch(/^-/);
    expect(calls).toBe(2);
    expect(id).toBe(Buffer.alloc(16, 0x41).toString('base64url'));
    expect(id).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
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
