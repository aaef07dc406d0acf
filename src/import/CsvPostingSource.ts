import type { SourceItem } from '../ingest/SourceItem.ts';
import { CsvFileReader } from './CsvFileReader.ts';
import type { CsvRecord } from './CsvParser.ts';
import type { MappingSpec } from './MappingSpec.ts';
import { PostingRowMapper, type ImportContext } from './PostingRowMapper.ts';

export interface CsvPostingSourceOptions {
  path: string;
  mapping: MappingSpec;
  /** Overrides the mapping's source_name (and so the ids). */
  sourceName?: string;
  /** YYYY-MM-DD for rows without a date; default: the file's modification date (China time). */
  postedDate?: string;
  chunkBytes?: number;
}

/**
 * A job-board CSV as a stream of SourceItems for IngestPipeline: one per data row, carrying
 * either a posting envelope or the reasons the row cannot be mapped. The header is read in
 * `create`, so a mapping that does not fit the file fails before anything is written.
 */
export class CsvPostingSource {
  /** Rows rejected before validation, by issue code (the pipeline's own reasons group by message). */
  readonly mappingRejects: Record<string, number> = {};
  rows = 0;

  private constructor(
    readonly path: string,
    readonly mapping: MappingSpec,
    readonly mapper: PostingRowMapper,
    readonly context: ImportContext,
    private readonly records: AsyncGenerator<CsvRecord>,
    private readonly firstDataRecord: CsvRecord | null,
    private readonly headerRows: number,
  ) {}

  static async create(options: CsvPostingSourceOptions): Promise<CsvPostingSource> {
    const { mapping } = options;
    const reader = await CsvFileReader.create(options.path, {
      delimiter: mapping.csv.delimiter,
      encoding: mapping.csv.encoding,
      chunkBytes: options.chunkBytes,
    });
    const records = reader.records();
    const first = await records.next();
    const firstRecord = first.done ? null : first.value;
    const header = mapping.csv.header ? (firstRecord?.fields ?? []) : null;
    const postedDate = options.postedDate ?? chinaDate(reader.modified);
    const context: ImportContext = {
      sourceName: options.sourceName ?? mapping.source_name ?? mapping.name,
      postedDate,
      // Fixed per file, so a second import of the same file is stale everywhere; a newer export wins.
      eventTime: options.postedDate ? `${options.postedDate}T00:00:00+08:00` : reader.modified.toISOString(),
    };
    const mapper = PostingRowMapper.create(mapping, header, context);
    return new CsvPostingSource(
      options.path,
      mapping,
      mapper,
      context,
      records,
      mapping.csv.header ? null : firstRecord,
      mapping.csv.header ? 1 : 0,
    );
  }

  async *items(): AsyncGenerator<SourceItem> {
    let row = this.headerRows;
    const emit = (record: CsvRecord): SourceItem => {
      row++;
      this.rows++;
      const item = this.mapper.map(record, row);
      for (const issue of item.issues ?? []) this.mappingRejects[issue.code] = (this.mappingRejects[issue.code] ?? 0) + 1;
      return item;
    };
    if (this.firstDataRecord) yield emit(this.firstDataRecord);
    for await (const record of this.records) yield emit(record);
  }
}

function chinaDate(d: Date): string {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
