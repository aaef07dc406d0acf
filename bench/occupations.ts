/**
 * npm run bench:occupations -- --taxonomy DIR [--holdout 0.2] [--seeds 1,2,3] [--levels occupations|all]
 *
 * Occupation coding accuracy on held-out job-board aliases of the classification, our coder
 * beside the char-bigram TF-IDF nearest-occupation baseline in the same run, averaged over
 * the seeds. The classification is reference data the project may not ship, so this bench
 * needs --taxonomy (or LABOURFLOW_TAXONOMY_DIR); without it, it says so and exits 2.
 * Progress on stderr; the last stdout line is one JSON object.
 */
import { parseArgs } from 'node:util';
import { loadCoreConfig } from '../src/config/config.ts';
import { loadEmbedder, parseEmbeddingsMode } from '../src/occupations/embeddings/loadEmbedder.ts';
import { PipelineError } from '../src/core/PipelineError.ts';
import { evaluateOccupations, type OccupationEvalResult } from '../src/occupations/evaluateOccupations.ts';
import { OccupationTaxonomy } from '../src/occupations/OccupationTaxonomy.ts';

const { values } = parseArgs({
  options: {
    taxonomy: { type: 'string' },
    holdout: { type: 'string', default: '0.2' },
    seeds: { type: 'string', default: '1,2,3' },
    levels: { type: 'string', default: 'occupations' },
    embeddings: { type: 'string' },
  },
});

async function main(): Promise<number> {
  const core = loadCoreConfig({ taxonomyDir: values.taxonomy });
  let taxonomy: OccupationTaxonomy;
  try {
    taxonomy = await OccupationTaxonomy.load(core.taxonomyDir);
  } catch (error) {
    if (error instanceof PipelineError) {
      process.stderr.write(`bench:occupations: ${error.message}\n  ${error.hint ?? ''}\n`);
      return 2;
    }
    throw error;
  }
  const embedder = await loadEmbedder(parseEmbeddingsMode(values.embeddings));
  const levels = values.levels === 'all' ? 'all' : 'occupations';
  const seeds = values.seeds!.split(',').map(Number).filter(Number.isInteger);
  const runs: OccupationEvalResult[] = [];
  for (const seed of seeds) {
    const r = evaluateOccupations(taxonomy.occupations, { holdout: Number(values.holdout), seed, levels, embedder });
    process.stderr.write(
      `seed ${seed}: ${r.titles} titles  ours ${r.acc1}/${r.acc5}  baseline ${r.baseline_acc1}/${r.baseline_acc5}  ${r.titles_per_s} titles/s\n`,
    );
    runs.push(r);
  }
  const mean = (k: keyof OccupationEvalResult) => Math.round((runs.reduce((a, r) => a + (r[k] as number), 0) / runs.length) * 1000) / 1000;
  const out = {
    bench: 'occupations',
    levels,
    holdout: Number(values.holdout),
    seeds,
    titles: runs.reduce((a, r) => a + r.titles, 0),
    acc1: mean('acc1'),
    acc5: mean('acc5'),
    baseline: runs[0]?.baseline,
    baseline_acc1: mean('baseline_acc1'),
    baseline_acc5: mean('baseline_acc5'),
    titles_per_s: Math.round(mean('titles_per_s')),
    baseline_titles_per_s: Math.round(mean('baseline_titles_per_s')),
    fit_s: mean('fit_s'),
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
  return 0;
}

main().then(
  (code) => (process.exitCode = code),
  (error) => {
    process.stderr.write(`${String(error?.stack ?? error)}\n`);
    process.exitCode = 1;
  },
);
