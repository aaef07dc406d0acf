import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { once } from 'node:events';
import { dirname } from 'node:path';
import { SinkError } from '../core/PipelineError.ts';

/** Lines are encoded into chunks of about this many bytes before each write. */
const CHUNK_BYTES = 1 << 20;

/**
 * Appends NDJSON lines to a file with bounded memory: lines are UTF-8 encoded straight into a
 * ~1 MiB chunk (no joined string, no per-line Buffer) and the writer waits for the stream to
 * drain, so generating a billion records never buffers them.
 */
export class NdjsonFileWriter {
  private chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  private offset = 0;
  private failure: Error | null = null;
  lines = 0;
  bytes = 0;

  private constructor(
    readonly path: string,
    private readonly stream: WriteStream,
  ) {
    stream.on('error', (error) => {
      this.failure = error;
    });
  }

  static async create(path: string): Promise<NdjsonFileWriter> {
    let stream: WriteStream;
    try {
      await mkdir(dirname(path), { recursive: true });
      // Room for a few chunks, so the next chunk is generated while the previous one is written.
      stream = createWriteStream(path, { flags: 'w', highWaterMark: 4 * CHUNK_BYTES });
      await once(stream, 'open');
    } catch (error) {
      throw new SinkError(`cannot write ${path}: ${(error as Error).message}`, {
        code: 'GENERATE_OUTPUT_UNWRITABLE',
        cause: error,
        hint: 'check that the --out directory is writable',
      });
    }
    return new NdjsonFileWriter(path, stream);
  }

  /**
   * One line without its newline; a Buffer for bytes that are not valid UTF-8 on purpose.
   * Returns a promise only when a chunk was handed to the stream and it asked to wait (await it
   * then): most lines cost no promise.
   */
  writeLine(line: string | Buffer): Promise<void> | undefined {
    this.lines++;
    // A UTF-16 code unit takes at most 3 bytes in UTF-8.
    const worst = (typeof line === 'string' ? line.length * 3 : line.length) + 1;
    let waiting: Promise<void> | undefined;
    if (this.offset + worst > this.chunk.length) {
      waiting = this.handOff();
      if (worst > this.chunk.length) this.chunk = Buffer.allocUnsafe(worst);
    }
    this.offset += typeof line === 'string' ? this.chunk.write(line, this.offset, 'utf8') : line.copy(this.chunk, this.offset);
    this.chunk[this.offset++] = 0x0a;
    return waiting;
  }

  async flush(): Promise<void> {
    await this.handOff();
  }

  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await once(this.stream, 'finish');
    if (this.failure) throw this.error(this.failure);
  }

  /** Gives the filled part of the chunk to the stream (which keeps it until written) and starts a new one. */
  private handOff(): Promise<void> | undefined {
    if (this.failure) throw this.error(this.failure);
    if (this.offset === 0) return undefined;
    const filled = this.chunk.subarray(0, this.offset);
    this.bytes += filled.length;
    this.chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    this.offset = 0;
    return this.stream.write(filled) ? undefined : once(this.stream, 'drain').then(() => undefined);
  }

  private error(cause: Error): SinkError {
    return new SinkError(`writing ${this.path} failed: ${cause.message}`, {
      code: 'GENERATE_WRITE_FAILED',
      cause,
      retriable: false,
      hint: 'check free disk space and permissions of the --out directory',
    });
  }
}
