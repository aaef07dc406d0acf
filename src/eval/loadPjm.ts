import { readFile } from 'node:fs/promises';
import { ConfigError, SourceError } from '../core/PipelineError.ts';
import { parseCsvObjects } from '../occupations/parseCsv.ts';

/**
 * The person-job screening dataset (pjm-screening-zh): one resume-job pair per row.
 *
 * Fairness by construction: the loader copies only an allow-list of columns into `PjmPair`.
 * Gender (性别) and age (年龄) are never read into memory the scorer can see, so no scoring
 * code can use them, by mistake or otherwise (the matching rules forbid both as score inputs).
 * The job column (岗位) is an opaque z-scored id and is not used either.
 */
export interface PjmPair {
  /** 0-based index of the data row (header not counted), as in the scores file. */
  row: number;
  jobId: string;
  /** Highest degree, z-scored upstream (higher = more advanced); NaN when missing. */
  education: number;
  duties: string;
  requirements: string;
  work: string;
  projects: string;
  label: number;
}

export const PJM_COLUMNS = {
  jobId: 'jd_id',
  education: '最高学历',
  duties: 'clean_岗位职责',
  requirements: 'clean_岗位要求',
  work: 'clean_工作经历',
  projects: 'clean_项目经历',
  label: '标签',
} as const;

/** Columns that must never reach a score. Listed so the tests can prove they change nothing. */
export const PJM_PROTECTED_COLUMNS = ['性别', '年龄'] as const;

export function parsePjm(text: string): PjmPair[] {
  const { header, records } = parseCsvObjects(text);
  const missing = Object.values(PJM_COLUMNS).filter((c) => !header.includes(c));
  if (missing.length) {
    throw new ConfigError(`not a pjm-screening file: missing column(s) ${missing.join(', ')}`, {
      code: 'DATASET_FORMAT',
      hint: 'pass --dataset with pjm-screening-zh/dev.csv or a file with the same columns',
    });
  }
  return records.map((r, row) => ({
    row,
    jobId: r[PJM_COLUMNS.jobId]!,
    education: r[PJM_COLUMNS.education] === '' ? Number.NaN : Number(r[PJM_COLUMNS.education]),
    duties: r[PJM_COLUMNS.duties] ?? '',
    requirements: r[PJM_COLUMNS.requirements] ?? '',
    work: r[PJM_COLUMNS.work] ?? '',
    projects: r[PJM_COLUMNS.projects] ?? '',
    label: Number(r[PJM_COLUMNS.label]) > 0 ? 1 : 0,
  }));
}

export async function loadPjm(path: string): Promise<PjmPair[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new SourceError(`cannot read dataset ${path}: ${(error as Error).message}`, {
      code: 'DATASET_UNREADABLE',
      cause: error,
      hint: 'pass --dataset with the path of pjm-screening-zh/dev.csv',
    });
  }
  return parsePjm(text);
}
