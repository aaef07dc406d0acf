import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { SourceError } from '../core/PipelineError.ts';
import type { SourceItem } from './SourceItem.ts';

export interface NdjsonReadOptions {
  /** Lines longer than this are rejected without being held in memory whole. */
  maxLineBytes?: number;
  /** Called as bytes are consumed (for progress). */
  onBytes?: (bytesRead: number, totalBytes: number) => void;
  /** Blank lines hold no record and are not items; this counts them for the summary. */
  onBlankLine?: () => void;
}

export const DEFAULT_MAX_LINE_BYTES = 1024 * 1024;
const KEEP_OF_LONG_LINE = 1024;
const NEWLINE = 0x0a;
const utf8Strict = new TextDecoder('utf-8', { fatal: true });

/**
 * Streams an NDJSON file as source items, one per non-blank line, in constant memory: chunks
 * are split on newline bytes, a line over `maxLineBytes` is cut off and turned into a rejected
 * item carrying only its head, and invalid UTF-8 is reported with its byte offset instead of
 * being silently replaced.
 */
export async function* readNdjsonFile(path: string, options: NdjsonReadOptions = {}): AsyncGenerator<SourceItem> {
  const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  let totalBytes: number;
  try {
    totalBytes = (await stat(path)).size;
  } catch (error) {
    throw new SourceError(`cannot read ${path}: ${(error as Error).message}`, {
      code: 'SOURCE_NOT_FOUND', cause: error, hint: 'check the --from path or glob',
    });
  }
  const stream = createReadStream(path, { highWaterMark: 1024 * 1024 });
  let lineNumber = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let overflow = false; // the current line already passed maxLineBytes
  let overflowBytes = 0;
  let bytesRead = 0;

  const finishLine = (tail: Buffer): SourceItem | null => {
    lineNumber++;
    if (overflow) {
      const head = Buffer.concat(pending).subarray(0, KEEP_OF_LONG_LINE).toString('utf8');
      const size = overflowBytes + tail.length;
      pending = []; pendingBytes = 0; overflow = false; overflowBytes = 0;
      return {
        position: `line ${lineNumber}`, raw: head, rawBytes: size,
        issues: [{ code: 'too_big', path: '', message: `line is ${size} bytes, over the ${maxLineBytes}-byte limit (raise --max-line-bytes if such records are legitimate)` }],
      };
    }
    const bytes = pending.length > 0 ? Buffer.concat([...pending, tail]) : tail;
    pending = []; pendingBytes = 0;
    return decodeLine(bytes, lineNumber);
  };

  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      bytesRead += chunk.length;
      let start = 0;
      for (;;) {
        const nl = chunk.indexOf(NEWLINE, start);
        if (nl < 0) break;
        const item = finishLine(chunk.subarray(start, nl));
        if (item) yield item;
        else options.onBlankLine?.();
        start = nl + 1;
      }
      const rest = chunk.subarray(start);
      if (rest.length > 0) {
        if (overflow) {
          overflowBytes += rest.length;
        } else if (pendingBytes + rest.length > maxLineBytes) {
          overflow = true;
          overflowBytes = pendingBytes + rest.length;
          pending = [Buffer.concat([...pending, rest]).subarray(0, KEEP_OF_LONG_LINE)];
        } else {
          // Copy: the stream may reuse the chunk's memory.
          pending.push(Buffer.from(rest));
          pendingBytes += rest.length;
        }
      }
      options.onBytes?.(bytesRead, totalBytes);
    }
  } catch (error) {
    throw new SourceError(`reading ${path} failed at line ${lineNumber + 1}: ${(error as Error).message}`, {
      code: 'SOURCE_READ_FAILED', retriable: true, cause: error,
    });
  }
  if (pendingBytes > 0 || overflow) {
    const item = finishLine(Buffer.alloc(0));
    if (item) yield item;
    else options.onBlankLine?.();
  }
}

function decodeLine(bytes: Buffer, lineNumber: number): SourceItem | null {
  let text = bytes.toString('utf8');
  if (text.endsWith('\r')) text = text.slice(0, -1);
  if (text.trim() === '') return null; // blank lines hold no record; they are counted apart
  const position = `line ${lineNumber}`;
  // The lenient decode turns bad bytes into U+FFFD; only then pay for a strict decode to find where.
  if (text.includes('\uFFFD')) {
    try {
      utf8Strict.decode(bytes);
    } catch {
      const offset = firstInvalidUtf8Offset(bytes);
      return {
        position, raw: text, rawBytes: bytes.length,
        issues: [{ code: 'invalid_encoding', path: '', message: `invalid UTF-8 at byte ${offset} of the line; re-export the file as UTF-8` }],
      };
    }
  }
  return { position, raw: text, rawBytes: bytes.length };
}

export function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let lo = 0;
  let hi = bytes.length;
  // Binary search on the longest valid prefix; a cut inside a multi-byte char also fails, so step back 3.
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    try { utf8Strict.decode(bytes.subarray(0, mid), { stream: true }); lo = mid; } catch { hi = mid - 1; }
  }
  return lo;
}
