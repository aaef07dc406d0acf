/**
 * Regenerates the generated part of data-samples/ with the `sample` profile (Xingtai in Hebei
 * with Nanhe and Julu, Yichang in Hubei, Chengdu and other Sichuan cities). The hand-written
 * bad-records.ndjson and its expected reasons are not touched.
 *
 *   npx tsx scripts/make-samples.ts [DIR]      (default: data-samples)
 *
 * The output is deterministic: running it again must leave `git status` clean.
 */
import { join } from 'node:path';
import { DatasetWriter } from '../src/generate/DatasetWriter.ts';

export const SAMPLE_SPEC = {
  profile: 'sample' as const,
  seed: 'labourflow-samples',
  endMonth: '2026-06',
  months: 12,
  postings: 900,
  seekers: 1200,
  enterprises: 120,
  outcomes: 900,
  idNumberShare: 0.01,
  badShare: 0,
};

const outDir = process.argv[2] ?? 'data-samples';
const summary = await new DatasetWriter({ ...SAMPLE_SPEC, outDir, metaDir: join(outDir, 'meta'), progress: false }).run();
for (const f of summary.files) process.stdout.write(`${join(outDir, f.file)}: ${f.records} records, ${(f.bytes / 1024).toFixed(0)} KiB\n`);
process.stdout.write(`${summary.layoffEvents} injected layoff events in ${join(outDir, 'meta', 'layoff_events.json')}\n`);
