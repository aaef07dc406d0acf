#!/usr/bin/env node
// The published entry point. Runs the compiled CLI in dist/ (built by `npm run build`, which the
// install step runs as `prepare`), in this process: no TypeScript is transpiled at start-up and a
// command loads only the modules it uses. Without dist/ (an install without dev dependencies), or
// with LABOURFLOW_FROM_SOURCE=1 (tests, or while editing src/ without rebuilding), it runs the
// TypeScript sources through tsx instead.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const compiled = join(root, 'dist', 'pipelines', 'cli', 'main.js');
let cli;
if (process.env.LABOURFLOW_FROM_SOURCE !== '1' && existsSync(compiled)) {
  cli = await import(pathToFileURL(compiled).href);
} else {
  const { tsImport } = await import('tsx/esm/api');
  cli = await tsImport(pathToFileURL(join(root, 'pipelines', 'cli', 'main.ts')).href, import.meta.url);
}
process.exitCode = await cli.runCli(process.argv.slice(2));
