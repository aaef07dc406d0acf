import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import iconv from 'iconv-lite';
import { SourceError } from '../core/PipelineError.ts';
import { CsvParser, type CsvRecord } from './CsvParser.ts';
import { decoderName, type TextEncodingName } from '../ingest/TextEncodingName.ts';

export interface CsvFileReaderOptions {
  delimiter?: string;
  encoding?: TextEncodingName;
  maxRecordChars?: number;
  /** Bytes per read; small values are for tests that split multi-byte characters and CRLFs. */
  chunkBytes?: number;
}

/**
 * Streams a CSV file as records: bytes → decoder (iconv-lite: UTF-8, GB18030/GBK, which Excel
 * and government systems on Chinese Windows write, Big5, UTF-16) → CsvParser. Undecodable
 * bytes become U+FFFD and the mapper rejects that row, so one bad byte never stops an import.
 */
export class CsvFileReader {
  private constructor(
    readonly path: string,
    readonly sizeBytes: number,
    readonly modified: Date,
    private readonly options: CsvFileReaderOptions,
  ) {}

  static async create(path: string, options: CsvFileReaderOptions = {}): Promise<CsvFileReader> {
    try {
      const info = await stat(path);
      if (!info.isFile()) throw new SourceError('not a regular file', { code: 'CSV_UNREADABLE', retriable: false });
      return new CsvFileReader(path, info.size, info.mtime, options);
    } catch (error) {
      throw new SourceError(`cannot read CSV file ${path}: ${(error as Error).message}`, {
        code: 'CSV_UNREADABLE',
        cause: error,
        hint: 'check the --file path (a job-board export saved as CSV or .xlsx)',
      });
    }
  }

  async *records(): AsyncGenerator<CsvRecord> {
    const decoder = iconv.getDecoder(decoderName(this.options.encoding ?? 'utf-8'));
    const parser = new CsvParser({ delimiter: this.options.delimiter, maxRecordChars: this.options.maxRecordChars });
    const stream = createReadStream(this.path, { highWaterMark: this.options.chunkBytes ?? 64 * 1024 });
    try {
      for await (const chunk of stream) {
        yield* parser.push(decoder.write(chunk as Buffer));
      }
    } catch (error) {
      throw new SourceError(`reading ${this.path} failed: ${(error as Error).message}`, {
        code: 'CSV_READ_FAILED',
        cause: error,
        retriable: true,
      });
    } finally {
      stream.destroy();
    }
    yield* parser.push(decoder.end() ?? '');
    yield* parser.end();
  }
}
