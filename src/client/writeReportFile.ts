import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { SinkError } from '../core/PipelineError.ts';

/** Writes the report the server rendered where --out says (as `labourflow report` does); returns its size in bytes. */
export async function writeReportFile(out: string, html: string): Promise<number> {
  try {
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, html, 'utf8');
  } catch (error) {
    throw new SinkError(`cannot write report ${out}: ${(error as Error).message}`, {
      code: 'REPORT_WRITE_FAILED',
      cause: error,
      hint: 'check --out',
    });
  }
  return Buffer.byteLength(html);
}
