import { createHash } from 'node:crypto';
import { ConfigError } from '../core/PipelineError.ts';
import type { SourceItem } from '../ingest/SourceItem.ts';
import type { EducationRequirement } from '../records/fields.ts';
import type { ValidationIssue } from '../records/envelope.ts';
import { isValidCreditCode } from '../validation/creditCode.ts';
import { BUILTIN_EDUCATION, BUILTIN_EMPLOYMENT_TYPES, BUILTIN_EXPERIENCE, BUILTIN_NEGOTIABLE, BUILTIN_REGIONS } from './builtinSynonyms.ts';
import type { CsvRecord } from './CsvParser.ts';
import { derivedCreditCode } from './derivedCreditCode.ts';
import type { FieldResult } from './FieldResult.ts';
import type { ColumnRef, ExperienceRange, MappingSpec } from './MappingSpec.ts';
import { foldTable, normalizeCell, synonymKey } from './normalizeCell.ts';
import { addDays, parseDate } from './parseDate.ts';
import { parseEducation } from './parseEducation.ts';
import { parseExperience } from './parseExperience.ts';
import { parseSalary, type Salary, type SalaryOptions } from './parseSalary.ts';
import { RegionResolver } from './RegionResolver.ts';
import { TEXT_ENCODINGS } from '../ingest/TextEncodingName.ts';

export interface ImportContext {
  /** Goes into each posting's `source` and its id. */
  sourceName: string;
  /** posted_date for rows whose board gives none (flag --posted-date, else the file's date). */
  postedDate: string;
  /** event_time of every envelope: fixed per file, so importing the same file again is a no-op. */
  eventTime: string;
  /** How a CSV was decoded ("gb18030 (not UTF-8 …)"), named when a row holds undecodable bytes. */
  encoding?: string;
}

export const DERIVED_SOURCE_SUFFIX = ';credit_code=derived';
const MAX_TITLE = 200;
const MAX_DESCRIPTION = 20_000;
const MAX_SKILLS = 100;

type Field = Exclude<keyof MappingSpec['columns'], 'description'>;

/**
 * Turns CSV rows into posting envelopes following a mapping, or into items carrying the
 * reasons they cannot be mapped. Pure apart from the region table it reads; built once per
 * file from the mapping and the header, so a mapping that does not fit the file fails before
 * any row is read.
 */
export class PostingRowMapper {
  private readonly columnIndex = new Map<Field, number>();
  private readonly descriptionColumns: { index: number; label: string }[] = [];
  private readonly idIndexes: number[] | null;
  private readonly regions: RegionResolver;
  private readonly education: ReadonlyMap<string, EducationRequirement>;
  private readonly experience: ReadonlyMap<string, ExperienceRange>;
  private readonly employmentTypes: ReadonlyMap<string, string>;
  private readonly salaryOptions: SalaryOptions;
  private readonly strip: boolean;
  readonly warnings: string[] = [];
  /** Boards repeat the same few hundred wordings; parse each once. */
  private readonly memo = {
    salary: memoize<FieldResult<Salary>>(),
    experience: memoize<FieldResult<ExperienceRange>>(),
    education: memoize<FieldResult<EducationRequirement>>(),
    creditCode: memoize<string>(),
  };

  private constructor(
    private readonly mapping: MappingSpec,
    private readonly header: string[],
    private readonly context: ImportContext,
  ) {
    this.strip = mapping.csv.strip_cell_labels;
    const syn = mapping.synonyms;
    this.regions = new RegionResolver(foldTable({ ...BUILTIN_REGIONS, ...syn.region }), this.strip);
    this.education = foldTable({ ...BUILTIN_EDUCATION, ...syn.education });
    this.experience = foldTable({ ...BUILTIN_EXPERIENCE, ...syn.experience });
    this.employmentTypes = foldTable({ ...BUILTIN_EMPLOYMENT_TYPES, ...syn.employment_type });
    this.salaryOptions = {
      defaultUnit: mapping.salary.default_unit,
      negotiable: mapping.salary.negotiable,
      periods: mapping.salary.periods,
      negotiableWords: new Set([...BUILTIN_NEGOTIABLE, ...syn.negotiable].map(synonymKey)),
      stripLabel: this.strip,
    };

    const { description, ...fields } = mapping.columns;
    const required: Field[] = ['title', 'salary', 'region'];
    if (mapping.defaults.experience === undefined) required.push('experience');
    if (mapping.defaults.education_required === undefined) required.push('education');
    required.push(mapping.employer.when_credit_code_missing === 'derive_from_name' ? 'employer_name' : 'employer_credit_code');
    const fatal: string[] = [];
    for (const [field, ref] of Object.entries(fields) as [Field, ColumnRef | undefined][]) {
      if (ref === undefined) continue;
      const index = this.find(ref);
      if (index !== null) this.columnIndex.set(field, index);
      else if (required.includes(field)) fatal.push(`${field} (${describeRef(ref)} is not in the header)`);
      else this.warnings.push(`column for ${field} (${describeRef(ref)}) is not in the header; its default is used`);
    }
    for (const field of required) {
      if (fields[field] === undefined) fatal.push(`${field} (no column mapped and no default)`);
    }
    for (const d of description) {
      const index = this.find(d.column);
      if (index === null) this.warnings.push(`description column ${describeRef(d.column)} is not in the header; left out`);
      else this.descriptionColumns.push({ index, label: d.label ?? (header[index] ?? '').trim() });
    }
    let idIndexes = mapping.id_columns?.map((ref) => this.find(ref)) ?? null;
    if (idIndexes?.some((i) => i === null)) {
      this.warnings.push(
        `id_columns (${mapping.id_columns!.map((r) => describeRef(r)).join(', ')}) are not all in the header; ids hash the whole row`,
      );
      idIndexes = null;
    }
    this.idIndexes = idIndexes as number[] | null;
    if (fatal.length > 0) {
      throw new ConfigError(`mapping "${mapping.name}" does not fit this file: missing ${fatal.join('; ')}`, {
        code: 'CSV_MAPPING_MISMATCH',
        hint:
          `the file's header is: ${header.map((h) => JSON.stringify(h)).join(', ') || '(none)'}; fix the mapping's ` +
          `"columns" (header text, or 0-based index when csv.header is false)`,
      });
    }
  }

  /** `header` is the file's first record, or null when the mapping says the file has none. */
  static create(mapping: MappingSpec, header: string[] | null, context: ImportContext): PostingRowMapper {
    return new PostingRowMapper(mapping, header ?? [], context);
  }

  /** Cells the header defines; trailing unnamed header cells (",,,") do not count. */
  get width(): number {
    let w = this.header.length;
    while (w > 0 && this.header[w - 1]!.trim() === '') w--;
    return w;
  }

  private find(ref: ColumnRef): number | null {
    const options = Array.isArray(ref) ? ref : [ref];
    for (const option of options) {
      if (typeof option === 'number') {
        if (!this.mapping.csv.header || option < this.header.length) return option;
        continue;
      }
      const wanted = synonymKey(option);
      const index = this.header.findIndex((h) => synonymKey(h) === wanted);
      if (index >= 0) return index;
    }
    return null;
  }

  /** `position` names the row as a spreadsheet shows it: "row 12" (the header is row 1), "sheet 岗位 row 12". */
  map(record: CsvRecord, position: string): SourceItem {
    const raw = record.raw;
    if (record.problem)
      return { position, raw, issues: [{ code: record.problemCode ?? 'csv_syntax', path: 'csv', message: record.problem }] };
    if (record.fields.some((f) => f.includes('\uFFFD'))) {
      return {
        position,
        raw,
        issues: [
          {
            code: 'invalid_encoding',
            path: 'csv',
            message:
              `row has bytes that are not valid ${this.context.encoding ?? this.mapping.csv.encoding} (an export saved ` +
              `in another encoding? pass --encoding ${TEXT_ENCODINGS.join('|')})`,
          },
        ],
      };
    }
    const issues: ValidationIssue[] = [];
    const width = this.mapping.csv.header ? this.width : record.fields.length;
    if (record.fields.length > width && this.mapping.csv.extra_fields === 'reject') {
      const extra = record.fields.slice(width).filter((f) => f.trim() !== '');
      if (extra.length > 0) {
        issues.push({
          code: 'ragged_row',
          path: 'csv',
          message: `row has ${record.fields.length} cells but the header has ${width}; extra non-empty cells (${extra
            .slice(0, 3)
            .map((e) => JSON.stringify(e.slice(0, 40)))
            .join(', ')}) mean the columns may be shifted`,
        });
        return { position, raw, issues };
      }
    }
    const cell = (field: Field): string | null => {
      const i = this.columnIndex.get(field);
      if (i === undefined) return null;
      return record.fields[i]?.trim() ?? '';
    };
    const short = [...this.columnIndex.entries()].filter(([, i]) => i >= record.fields.length).map(([f]) => f);
    const requiredShort = short.filter((f) => ['title', 'salary', 'region'].includes(f));
    if (requiredShort.length > 0) {
      issues.push({
        code: 'ragged_row',
        path: 'csv',
        message: `row has only ${record.fields.length} cells; the ${requiredShort.join(', ')} column${requiredShort.length > 1 ? 's are' : ' is'} missing`,
      });
      return { position, raw, issues };
    }

    const take = <T>(path: string, result: FieldResult<T>): T | undefined => {
      if (result.ok) return result.value;
      issues.push({ code: result.code, path, message: result.message });
      return undefined;
    };
    const d = this.mapping.defaults;

    const title = (cell('title') ?? '').replace(/\s+/g, ' ').slice(0, MAX_TITLE);
    if (title === '') issues.push({ code: 'title_missing', path: 'payload.title', message: 'job title is empty' });
    const employerName = (cell('employer_name') ?? '').replace(/\s+/g, ' ').slice(0, MAX_TITLE);

    let creditCode = (cell('employer_credit_code') ?? '').normalize('NFKC').replace(/\s+/g, '').toUpperCase();
    let derived = false;
    if (creditCode !== '' && !isValidCreditCode(creditCode)) {
      issues.push({
        code: 'credit_code_invalid',
        path: 'payload.employer_credit_code',
        message: `credit code "${creditCode}" fails GB 32100 (length, alphabet or check character)`,
      });
    } else if (creditCode === '') {
      if (this.mapping.employer.when_credit_code_missing === 'derive_from_name' && employerName !== '') {
        creditCode = this.memo.creditCode(employerName, derivedCreditCode);
        derived = true;
      } else {
        issues.push({
          code: 'credit_code_missing',
          path: 'payload.employer_credit_code',
          message:
            this.mapping.employer.when_credit_code_missing === 'derive_from_name'
              ? 'no credit code and no employer name to derive a placeholder from'
              : 'employer credit code is empty (the mapping rejects rows without one)',
        });
      }
    }

    const salary = take(
      'payload.salary_min',
      this.memo.salary(cell('salary') ?? '', (c) => parseSalary(c, this.salaryOptions)),
    );
    const regionCode = take('payload.region_code', this.regions.resolve(cell('region') ?? '', cell('district') ?? ''));

    const experienceCell = cell('experience');
    const experience = experienceCell
      ? take(
          'payload.experience_min_years',
          this.memo.experience(experienceCell, (c) => parseExperience(c, this.experience, this.strip)),
        )
      : d.experience;
    if (!experienceCell && !d.experience)
      issues.push({
        code: 'experience_missing',
        path: 'payload.experience_min_years',
        message: 'experience is empty and the mapping has no default',
      });

    const educationCell = cell('education');
    const education = educationCell
      ? take(
          'payload.education_required',
          this.memo.education(educationCell, (c) => parseEducation(c, this.education, this.strip)),
        )
      : d.education_required;
    if (!educationCell && !d.education_required)
      issues.push({
        code: 'education_missing',
        path: 'payload.education_required',
        message: 'education is empty and the mapping has no default',
      });

    const employmentTypeCell = cell('employment_type');
    let employmentType: string = d.employment_type;
    if (employmentTypeCell) {
      const t = this.employmentTypes.get(synonymKey(normalizeCell(employmentTypeCell, { stripLabel: this.strip })));
      if (t) employmentType = t;
      else
        issues.push({
          code: 'employment_type_unparsed',
          path: 'payload.employment_type',
          message: `employment type "${employmentTypeCell}" is not known (add it to synonyms.employment_type)`,
        });
    }

    const headcountCell = cell('headcount');
    let headcount = d.headcount;
    if (headcountCell) {
      const m = /(\d+)/.exec(normalizeCell(headcountCell, { stripLabel: this.strip }));
      if (m) headcount = Number(m[1]);
      else if (!/若干|不限|多名|数名/.test(headcountCell))
        issues.push({ code: 'headcount_unparsed', path: 'payload.headcount', message: `headcount "${headcountCell}" is not a number` });
    }

    const postedCell = cell('posted_date');
    const postedDate = postedCell ? take('payload.posted_date', parseDate(postedCell, this.strip)) : this.context.postedDate;
    const expiryCell = cell('expiry_date');
    const expiryDate = expiryCell
      ? take('payload.expiry_date', parseDate(expiryCell, this.strip))
      : d.expiry_days !== undefined && postedDate
        ? addDays(postedDate, d.expiry_days)
        : null;

    // Never invented: a row without an industry cell and a mapping without a default stays unknown.
    const industryCode = cell('industry_code') || d.industry_code || null;
    const occupationCode = cell('occupation_code') || d.occupation_code || null;

    const skillsCell = cell('skills') ?? '';
    const skills = [
      ...new Set(
        skillsCell
          .split(/[,，、;；|/]+/)
          .map((s) => s.trim().slice(0, 60))
          .filter(Boolean),
      ),
    ].slice(0, MAX_SKILLS);

    const description = this.descriptionColumns
      .map(({ index, label }) => ({ label, value: (record.fields[index] ?? '').trim() }))
      .filter(({ value }) => value !== '')
      .map(({ label, value }) => (label ? `${label}: ${value}` : value))
      .join('\n')
      .slice(0, MAX_DESCRIPTION);

    if (issues.length > 0) return { position, raw, issues };

    const payload = {
      employer_credit_code: creditCode,
      ...(employerName ? { employer_name: employerName } : {}),
      title,
      occupation_code: occupationCode,
      industry_code: industryCode,
      region_code: regionCode!,
      salary_min: salary!.min,
      salary_max: salary!.max,
      salary_months: salary!.months,
      education_required: education!,
      experience_min_years: experience!.min,
      experience_max_years: experience!.max,
      headcount,
      description,
      skills,
      employment_type: employmentType,
      status: d.status,
      posted_date: postedDate!,
      expiry_date: expiryDate ?? null,
      commitment_accepted: false,
      source: (this.context.sourceName + (derived ? DERIVED_SOURCE_SUFFIX : '')).slice(0, 100),
    };
    return {
      position,
      raw,
      value: { type: 'posting', id: this.idFor(record), version: 1, event_time: this.context.eventTime, payload },
    };
  }

  /** Stable across imports: the source name plus the identifying cells (default: the whole row). */
  private idFor(record: CsvRecord): string {
    let cells = this.idIndexes?.map((i) => (record.fields[i] ?? '').trim()) ?? [];
    if (cells.every((c) => c === '')) {
      cells = record.fields.map((f) => f.trim());
      // Trailing empty cells are export noise; they must not make the same row a new posting.
      while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
    }
    const hash = createHash('sha256').update(this.context.sourceName).update('\u0000').update(cells.join('\u001f')).digest('hex');
    return `${this.context.sourceName.slice(0, 28)}:${hash.slice(0, 32)}`;
  }
}

const MEMO_LIMIT = 10_000;

function memoize<T>(): (key: string, compute: (key: string) => T) => T {
  const cache = new Map<string, T>();
  return (key, compute) => {
    let value = cache.get(key);
    if (value === undefined) {
      value = compute(key);
      if (cache.size >= MEMO_LIMIT) cache.clear();
      cache.set(key, value);
    }
    return value;
  };
}

function describeRef(ref: ColumnRef): string {
  return (Array.isArray(ref) ? ref : [ref]).map((r) => (typeof r === 'number' ? `#${r}` : JSON.stringify(r))).join(' or ');
}
