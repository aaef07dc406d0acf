import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SinkError } from '../../src/core/PipelineError.ts';
import { FileOutbox } from '../../src/push/FileOutbox.ts';
import { openOutbox } from '../../src/push/openOutbox.ts';

describe('FileOutbox', () => {
  it('writes one {topic, key, value} line per message to <dir>/<topic key>/<batch>.ndjson, nothing half-written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lf-outbox-'));
    const outbox = await openOutbox({ outboxDir: dir, kafkaBrokers: null, topicPrefix: 'staging.', configFile: null }, 'test');
    const sent = await outbox.publish('layoff-alerts', 'run-1', [{ id: 'a', level: 'red' }, { id: 'b' }], (m) => m.id);
    expect(sent).toEqual({ count: 2, where: `outbox:${join(dir, 'layoff-alerts', 'run-1.ndjson')}` });
    const lines = readFileSync(join(dir, 'layoff-alerts', 'run-1.ndjson'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toEqual([
      { topic: 'staging.labourflow.layoff-alerts', key: 'a', value: { id: 'a', level: 'red' } },
      { topic: 'staging.labourflow.layoff-alerts', key: 'b', value: { id: 'b' } },
    ]);
    expect(readdirSync(join(dir, 'layoff-alerts'))).toEqual(['run-1.ndjson']);
  });

  it('writes no file for an empty push', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lf-outbox-'));
    expect((await new FileOutbox(dir, '').publish('recommendations', 'run-2', [], () => '')).count).toBe(0);
    expect(existsSync(join(dir, 'recommendations'))).toBe(false);
  });

  it('fails with a hint when the outbox directory cannot be written', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'lf-outbox-')), 'not-a-dir');
    writeFileSync(file, 'x');
    const failed = new FileOutbox(file, '').publish('recommendations', 'run-3', [{ id: 1 }], () => '1');
    await expect(failed).rejects.toBeInstanceOf(SinkError);
    await expect(failed).rejects.toMatchObject({ code: 'OUTBOX_WRITE_FAILED', hint: expect.stringContaining('LABOURFLOW_OUTBOX_DIR') });
  });
});
