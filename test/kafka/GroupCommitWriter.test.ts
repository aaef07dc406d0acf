import { describe, expect, it } from 'vitest';
import type { BatchSink, PartitionChunk, SinkCounts } from '../../src/kafka/BatchSink.ts';
import { GroupCommitWriter } from '../../src/kafka/GroupCommitWriter.ts';
import { isGroupMoved } from '../../src/kafka/KafkaIngestJob.ts';

/** A sink whose write lasts until the test lets it finish: a writer held up behind readers. */
function heldSink(): { sink: BatchSink; release: () => void; writes: number[] } {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const writes: number[] = [];
  const sink = {
    describe: 'held',
    async write(chunks: readonly PartitionChunk[]): Promise<SinkCounts> {
      await gate;
      const read = chunks.reduce((n, c) => n + c.read, 0);
      writes.push(read);
      return { read, stored: read, stale: 0, rejected: 0 };
    },
  } as unknown as BatchSink;
  return { sink, release, writes };
}

const chunk = (read: number): PartitionChunk => ({
  topic: 't',
  partition: 0,
  firstOffset: 0n,
  nextOffset: BigInt(read),
  read,
  rejects: [],
});

describe('GroupCommitWriter.waitForRoom', () => {
  it('waits while the writer holds more than the limit, heartbeating about once a second', async () => {
    const { sink, release, writes } = heldSink();
    const writer = new GroupCommitWriter(sink, 10_000);
    const committed = writer.submit(chunk(500));
    let beats = 0;
    const started = Date.now();
    setTimeout(release, 2_300);
    await writer.waitForRoom(100, async () => {
      beats++;
      return true;
    });
    await committed;
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);
    expect(beats).toBeGreaterThanOrEqual(2);
    expect(writes).toEqual([500]);
    expect(writer.pending).toBe(0);
  });

  it('stops waiting as soon as the heartbeat says the group moved on, and the chunk is still written', async () => {
    const { sink, release, writes } = heldSink();
    const writer = new GroupCommitWriter(sink, 10_000);
    const committed = writer.submit(chunk(500));
    const started = Date.now();
    await writer.waitForRoom(100, async () => false);
    expect(Date.now() - started).toBeLessThan(1_900);
    expect(writer.pending).toBe(500);
    release();
    await committed;
    expect(writes).toEqual([500]);
    expect(writer.pending).toBe(0);
  });
});

describe('isGroupMoved', () => {
  it("is true for Kafka's answers that end this member's generation, false for anything else", () => {
    for (const type of ['UNKNOWN_MEMBER_ID', 'REBALANCE_IN_PROGRESS', 'ILLEGAL_GENERATION', 'FENCED_INSTANCE_ID']) {
      expect(isGroupMoved(Object.assign(new Error(type), { type }))).toBe(true);
    }
    expect(isGroupMoved(Object.assign(new Error('x'), { type: 'REQUEST_TIMED_OUT' }))).toBe(false);
    expect(isGroupMoved(new Error('socket closed'))).toBe(false);
    expect(isGroupMoved(undefined)).toBe(false);
  });
});
