import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { once } from 'node:events';
import { dirname } from 'node:path';
import { SinkError } from '../core/PipelineError.ts';

/** Lines are gathered into chunks of about this many bytes before each write. */
const CHUNK_BYTES = 1 << 20;

/**
 * Appends NDJSON lines to a file with bounded memory: lines are batched into ~1 MiB chunks and
 * the writer waits for the stream to drain, so generating a billion records never buffers them.
 */
export class NdjsonFileWriter {
  private parts: (string | Buffer)[] = [];
  private pending = 0;
  private failure: Error | null = null;
  lines = 0;
  bytes = 0;

  private constructor(readonly path: string, private readonly stream: WriteStream) {
    stream.on('error', (error) => {
      this.failure = error;
    });
  }

  static async create(path: string): Promise<NdjsonFileWriter> {
    await mkdir(dirname(path), { recursive: true });
    const stream = createWriteStream(path, { flags: 'w' });
    try {
      await once(stream, 'open');
    } catch (error) {
      throw new SinkError(`cannot write ${path}: ${(error as Error).message}`, {
        code: 'GENERATE_OUTPUT_UNWRITABLE', cause: error, hint: 'check that the --out directory is writable',
      });
    }
    return new NdjsonFileWriter(path, stream);
  }

  /**
   * One line without its newline; a Buffer for bytes that are not valid UTF-8 on purpose.
   * Returns a promise only when a chunk is flushed (await it then): most lines cost no promise.
   */
  writeLine(line: string | Buffer): Promise<void> | undefined {
    this.parts.push(line, '\n');
    this.pending += line.length + 1;
    this.lines++;
    return this.pending >= CHUNK_BYTES ? this.flush() : undefined;
  }

  async flush(): Promise<void> {
    if (this.failure) throw this.error(this.failure);
    if (this.parts.length === 0) return;
    const chunk = this.parts.some((p) => typeof p !== 'string')
      ? Buffer.concat(this.parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)))
      : Buffer.from((this.parts as string[]).join(''), 'utf8');
    this.parts = [];
    this.pending = 0;
    this.bytes += chunk.length;
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await once(this.stream, 'finish');
    if (this.failure) throw this.error(this.failure);
  }

  private error(cause: Error): SinkError {
    return new SinkError(`writing ${this.path} failed: ${cause.message}`, {
      code: 'GENERATE_WRITE_FAILED', cause, retriable: false, hint: 'check free disk space and permissions of the --out directory',
    });
  }
}
