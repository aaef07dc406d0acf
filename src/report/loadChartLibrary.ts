import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { SinkError } from '../core/PipelineError.ts';

const require = createRequire(import.meta.url);

/**
 * The minified Chart.js UMD build from node_modules, inlined into the report so the page
 * needs no network (offices often have none) and no second file.
 */
export async function loadChartLibrary(): Promise<string> {
  const file = join(dirname(require.resolve('chart.js')), 'chart.umd.min.js');
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new SinkError(`cannot read the chart library ${file}`, {
      code: 'REPORT_ASSET_MISSING',
      cause: error,
      hint: 'run `npm ci` to install dependencies',
    });
  }
}
