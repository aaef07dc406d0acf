// Child process of test/core/limitMallocArenas.test.ts. Prints glibc's malloc_stats (one
// "Arena N:" line per arena) on stderr between markers, before and after six threads allocate at
// once; with argv "cap N", limitMallocArenas(N) runs in between. Last stdout line: what it returned.
import { Worker } from 'node:worker_threads';
import koffi from 'koffi';
import { limitMallocArenas } from '../../src/core/glibcMalloc.ts';

const mallocStats = koffi.load('libc.so.6').func('void malloc_stats()') as () => void;
// Writes to a pipe are synchronous on Linux, so the markers and glibc's lines keep their order.
const stats = (label: string) => {
  process.stderr.write(`\n=== ${label}\n`);
  mallocStats();
  process.stderr.write(`\n=== end\n`);
};

stats('before');
const limit = process.argv[2] === 'cap' ? await limitMallocArenas(Number(process.argv[3])) : null;
const source = `const { parentPort } = require('node:worker_threads');
const keep = [];
for (let i = 0; i < 2000; i++) { keep.push(Buffer.alloc(4096 + (i % 7) * 512)); if (keep.length > 50) keep.shift(); }
parentPort.postMessage('done');`;
await Promise.all(
  Array.from(
    { length: 6 },
    () =>
      new Promise<void>((resolve) => {
        const worker = new Worker(source, { eval: true });
        worker.once('message', () => void worker.terminate().then(() => resolve()));
      }),
  ),
);
stats('after');
console.log(JSON.stringify({ limit }));
