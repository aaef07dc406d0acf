import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ProgressReporter } from '../ingest/ProgressReporter.ts';
import type { AnyEnvelope } from '../records/envelope.ts';
import { type RecordType, recordKind } from '../records/recordKinds.ts';
import { BadLineFactory, type BadLineKind } from './BadLineFactory.ts';
import { generateEnterpriseReports, type LayoffEvent } from './enterpriseReportGenerator.ts';
import { FollowUpGenerator } from './FollowUpGenerator.ts';
import { GenerationContext, type GeneratorOptions } from './GenerationContext.ts';
import { NdjsonFileWriter } from './NdjsonFileWriter.ts';
import { OutcomeGenerator } from './OutcomeGenerator.ts';
import { PostingGenerator } from './PostingGenerator.ts';
import { Random, mix3 } from './Random.ts';
import { SeekerGenerator } from './SeekerGenerator.ts';
import { STREAM } from './streams.ts';

export interface DatasetSpec extends GeneratorOptions {
  outDir: string;
  postings: number;
  seekers: number;
  /** Enterprises reporting monthly, for every month of the window. */
  enterprises: number;
  /** Whether to derive follow-ups from the seekers (default true; benches wanting exact totals turn it off). */
  followUps?: boolean;
  /** Outcome events (default: as many as seekers). */
  outcomes?: number;
  /** Share of lines that are deliberately bad (0 = none). */
  badShare?: number;
  /** `files`: one file per record kind; `mixed`: every kind interleaved in one file. */
  layout?: 'files' | 'mixed';
  mixedFileName?: string;
  /** Where manifest.json and layoff_events.json go (default: OUT/meta, so `ingest --from OUT` reads data files only). */
  metaDir?: string;
  /** Whether to write a progress line on stderr for long runs. */
  progress?: boolean;
}

export interface FileSummary {
  file: string;
  records: number;
  badLines: number;
  bytes: number;
}

export interface DatasetSummary {
  outDir: string;
  files: FileSummary[];
  records: number;
  badLines: number;
  badByKind: Partial<Record<BadLineKind, number>>;
  layoffEvents: number;
  wallSeconds: number;
}

/** The file each record type is written to (declared with the record kind, src/records/). */
const fileOf = (type: RecordType) => recordKind(type).file;

/**
 * Writes a generated dataset to disk as NDJSON, streaming (constant memory at any size), plus
 * `manifest.json` (options and counts, so a benchmark can reconcile what it ingested) and
 * `layoff_events.json` (ground truth of the injected layoff events, for backtests).
 */
export class DatasetWriter {
  private readonly ctx: GenerationContext;
  private readonly badRate: number;
  private readonly badByKind: Partial<Record<BadLineKind, number>> = {};
  private readonly progress: ProgressReporter | null;
  private written = 0;
  private readonly total: number | undefined;

  constructor(private readonly spec: DatasetSpec) {
    this.ctx = new GenerationContext(spec);
    const share = spec.badShare ?? 0;
    if (!(share >= 0 && share < 0.5)) throw new RangeError(`badShare must be in [0, 0.5), got ${share}`);
    // Bad lines are added after good ones, so this rate makes them `share` of all lines.
    this.badRate = share / (1 - share);
    this.progress = spec.progress === false ? null : new ProgressReporter('generate');
    // Follow-ups per seeker are only known as they are drawn, so there is no total to show then.
    this.total =
      spec.followUps === false || spec.seekers === 0
        ? spec.postings + spec.seekers + (spec.outcomes ?? spec.seekers) + spec.enterprises * this.ctx.months
        : undefined;
  }

  async run(): Promise<DatasetSummary> {
    const started = performance.now();
    const { spec, ctx } = this;
    const seekers = new SeekerGenerator(ctx, spec.seekers);
    const postings = new PostingGenerator(ctx, { count: spec.postings });
    const followUps = new FollowUpGenerator(ctx, seekers);
    const withFollowUps = spec.followUps !== false;
    const outcomeCount = spec.outcomes ?? spec.seekers;
    const outcomes =
      outcomeCount > 0 && spec.seekers > 0 && spec.postings > 0
        ? new OutcomeGenerator(ctx, seekers, postings, { count: outcomeCount })
        : null;
    const enterprise =
      spec.enterprises > 0
        ? generateEnterpriseReports({
            enterprises: spec.enterprises,
            months: ctx.months,
            startPeriod: ctx.date(ctx.startDay).slice(0, 7),
            seed: ctx.seed >>> 0,
            regions: [...new Set(ctx.postingCounties.items.map((c) => c.code))],
          })
        : null;

    /** A seeker followed by their follow-ups: one pass generates both. */
    const seekersWithFollowUps = function* (): Generator<AnyEnvelope> {
      for (let i = 0; i < seekers.count; i++) {
        const s = seekers.detailed(i);
        yield s.envelope;
        if (withFollowUps) yield* followUps.forSeeker(i, s);
      }
    };

    const files: FileSummary[] = [];
    if ((spec.layout ?? 'files') === 'files') {
      files.push(await this.writeFile(fileOf('posting'), 1, () => postings));
      const names = withFollowUps ? [fileOf('seeker'), fileOf('follow_up')] : [fileOf('seeker')];
      files.push(...(await this.writeSplit(names, 2, seekersWithFollowUps())));
      if (outcomes) files.push(await this.writeFile(fileOf('outcome'), 4, () => outcomes));
      if (enterprise) files.push(await this.writeFile(fileOf('enterprise_report'), 5, () => enterprise.reports));
    } else {
      const sources: [Iterator<AnyEnvelope>, number][] = [
        [postings[Symbol.iterator](), spec.postings],
        [seekersWithFollowUps(), spec.seekers],
        [outcomes ? outcomes[Symbol.iterator]() : [][Symbol.iterator](), outcomes ? outcomeCount : 0],
        [enterprise ? enterprise.reports[Symbol.iterator]() : [][Symbol.iterator](), enterprise ? spec.enterprises * ctx.months : 0],
      ];
      files.push(
        await this.writeFile(spec.mixedFileName ?? 'mixed.ndjson', 6, () =>
          interleave(sources, new Random(mix3(ctx.seed, STREAM.interleave, 0))),
        ),
      );
    }
    this.progress?.done();

    const layoffEvents: LayoffEvent[] = enterprise?.groundTruth ?? [];
    const summary: DatasetSummary = {
      outDir: spec.outDir,
      files,
      records: files.reduce((a, f) => a + f.records, 0),
      badLines: files.reduce((a, f) => a + f.badLines, 0),
      badByKind: this.badByKind,
      layoffEvents: layoffEvents.length,
      wallSeconds: Math.round((performance.now() - started) / 10) / 100,
    };
    const { outDir: _o, progress: _p, metaDir: _m, ...options } = spec;
    const metaDir = spec.metaDir ?? join(spec.outDir, 'meta');
    await mkdir(metaDir, { recursive: true });
    await writeFile(
      join(metaDir, 'manifest.json'),
      `${JSON.stringify(
        {
          generator: 'labourflow generate',
          options: { ...options, seed: spec.seed ?? 1, endMonth: ctx.endMonth, months: ctx.months, profile: ctx.profile },
          files,
          badByKind: this.badByKind,
        },
        null,
        2,
      )}\n`,
    );
    if (enterprise) await writeFile(join(metaDir, 'layoff_events.json'), `${JSON.stringify(layoffEvents, null, 1)}\n`);
    return summary;
  }

  private async writeFile(name: string, stream: number, records: () => Iterable<AnyEnvelope>): Promise<FileSummary> {
    const [summary] = await this.writeSplit([name], stream, records()[Symbol.iterator]());
    return summary!;
  }

  /** Writes each record to the file for its type among `names` (or the only file). */
  private async writeSplit(
    names: string[],
    stream: number,
    records: Iterator<AnyEnvelope> | Iterable<AnyEnvelope>,
  ): Promise<FileSummary[]> {
    const writers = await Promise.all(names.map((n) => NdjsonFileWriter.create(join(this.spec.outDir, n))));
    const badLines = names.map(() => 0);
    const r = new Random(mix3(this.ctx.seed, STREAM.badLine, stream));
    const iterator = Symbol.iterator in records ? (records as Iterable<AnyEnvelope>)[Symbol.iterator]() : records;
    try {
      for (let next = iterator.next(); !next.done; next = iterator.next()) {
        const envelope = next.value;
        const k = names.length === 1 ? 0 : names.indexOf(fileOf(envelope.type));
        const writer = writers[k]!;
        const flushing = writer.writeLine(JSON.stringify(envelope));
        if (flushing) await flushing;
        if (this.badRate > 0 && r.next() < this.badRate) {
          const bad = BadLineFactory.random(envelope, r);
          await writer.writeLine(bad.bytes);
          badLines[k]!++;
          this.badByKind[bad.kind] = (this.badByKind[bad.kind] ?? 0) + 1;
        }
        if ((++this.written & 4095) === 0) this.progress?.update({ done: this.written, total: this.total });
      }
    } finally {
      for (const w of writers) await w.close();
    }
    return writers.map((w, k) => ({ file: names[k]!, records: w.lines - badLines[k]!, badLines: badLines[k]!, bytes: w.bytes }));
  }
}

/** Merges sources in a seeded random order, each drawn in proportion to what it has left. */
function* interleave(sources: [Iterator<AnyEnvelope>, number][], r: Random): Generator<AnyEnvelope> {
  const remaining = sources.map(([, n]) => n);
  const live = sources.map(([, n]) => n > 0);
  for (;;) {
    let total = 0;
    for (let k = 0; k < sources.length; k++) if (live[k]) total += Math.max(1, remaining[k]!);
    if (total === 0) return;
    let x = r.next() * total;
    let k = 0;
    for (; k < sources.length; k++) {
      if (!live[k]) continue;
      x -= Math.max(1, remaining[k]!);
      if (x < 0) break;
    }
    k = Math.min(k, sources.length - 1);
    while (!live[k]) k = (k + 1) % sources.length;
    const next = sources[k]![0].next();
    if (next.done) {
      live[k] = false;
      continue;
    }
    remaining[k]!--;
    yield next.value;
  }
}
