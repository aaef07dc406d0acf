// Child process of test/core/glibcMalloc.test.ts (run with --expose-gc): frees 256 MiB of small
// glibc blocks, then trims with MallocTrimmer. Prints one JSON line: RSS in MiB after the free,
// after the trim, and the trims done.
import { MallocTrimmer } from '../../src/core/glibcMalloc.ts';

const rssMb = () => Math.round(process.memoryUsage().rss / 1048576);
// 16 KiB blocks: below glibc's mmap threshold, so they come from the heap and stay there once freed.
const held: { blocks: Buffer[] | null } = {
  blocks: Array.from({ length: 16_384 }, () => Buffer.allocUnsafeSlow(16_384).fill(1)),
};
// The last block keeps the heap's top in use, so only a trim of the free pages below it can help.
const pin = Buffer.allocUnsafeSlow(16_384).fill(2);
held.blocks = null;
(globalThis as { gc?: () => void }).gc?.();
await new Promise((resolve) => setTimeout(resolve, 200));
(globalThis as { gc?: () => void }).gc?.();
const freed = rssMb();
const trimmer = await MallocTrimmer.create(60_000);
await trimmer?.trimNow();
console.log(JSON.stringify({ freed, trimmed: rssMb(), trims: trimmer?.trims ?? null, pinned: pin.length }));
