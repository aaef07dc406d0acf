import { requireEnvSetting } from '../config/config.ts';
import { openAsBlob } from 'node:fs';
import { basename } from 'node:path';
import { isErrorCode } from '../core/errorCodes.ts';
import { ConfigError, PipelineError, SourceError } from '../core/PipelineError.ts';
import type { IngestSummary } from '../ingest/IngestPipeline.ts';
import type { MatchJobSummary } from '../matching/runMatchJob.ts';
import type { AutomaticReviewResult } from '../review/automaticReview.ts';
import type { QueryResult } from '../query/AnalyticsSession.ts';
import type { QueryDefinition } from '../query/parseQueryFile.ts';
import type { WatchSummary } from '../risk/watchLayoffs.ts';

export const SERVER_ENV = 'LABOURFLOW_SERVER';
export const TOKEN_ENV = 'LABOURFLOW_TOKEN';

/** `--server URL`, shared by the commands that can run through a server. */
export const SERVER_OPTION = {
  server: {
    type: 'string',
    valueName: 'URL',
    description: `run through a labourflow serve at URL (default: $${SERVER_ENV}; API token in $${TOKEN_ENV})`,
  },
} as const;

interface ErrorBody {
  code?: string;
  message?: string;
  hint?: string;
  issues?: { path: string; message: string }[];
}

export interface ReportAnswer {
  html: string;
  scope_code: string | null;
  scope_name: string;
  quarter: string;
  month: string;
}

/**
 * The CLI's side of `labourflow serve`: the same commands, answered by the server with the
 * caller's token (so with the caller's region and role). A refusal (4xx) becomes a ConfigError
 * (exit 2) carrying the server's message and hint; an unreachable or failing server a retriable
 * SourceError (exit 1).
 */
export class ApiClient {
  private constructor(
    readonly base: string,
    private readonly token: string | null,
  ) {}

  /** The client when a server is named (flag, then $LABOURFLOW_SERVER), else null: the command runs embedded. */
  static fromFlags(server: string | undefined, env: NodeJS.ProcessEnv = process.env, options: { token?: boolean } = {}): ApiClient | null {
    const url = server ?? requireEnvSetting('LABOURFLOW_SERVER', env);
    if (!url) return null;
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new ConfigError(`--server "${url}" is not a URL`, { code: 'SERVER_URL_INVALID', hint: 'e.g. --server http://127.0.0.1:8080' });
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new ConfigError(`--server "${url}" is not an http(s) URL`, {
        code: 'SERVER_URL_INVALID',
        hint: 'e.g. --server http://127.0.0.1:8080',
      });
    }
    const token = requireEnvSetting('LABOURFLOW_TOKEN', env) ?? null;
    if (options.token !== false && !token) {
      throw new ConfigError(`a server is named but ${TOKEN_ENV} is not set`, {
        code: 'TOKEN_MISSING',
        hint: `get one with \`labourflow users token --server ${url} --user NAME --password …\` and export ${TOKEN_ENV}`,
      });
    }
    return new ApiClient(parsed.href.replace(/\/+$/, ''), token);
  }

  /** Refuses flags that only mean something embedded (the server decides them). */
  static refuseLocalFlags(values: Record<string, unknown>, flags: readonly string[]): void {
    for (const flag of flags) {
      if (values[flag] !== undefined) {
        throw new ConfigError(`--${flag} cannot be used with --server`, {
          code: 'FLAG_NOT_WITH_SERVER',
          hint:
            flag === 'scope'
              ? 'the server scopes every answer to your user’s region; ask an admin to change it'
              : 'the server uses its own store and configuration; drop the flag',
        });
      }
    }
  }

  async listQueries(): Promise<QueryDefinition[]> {
    const list = (await (await this.request('GET', '/queries')).json()) as {
      name: string;
      title_zh: string;
      title_en: string;
      description: string;
      requires: string[];
      params: QueryDefinition['params'];
    }[];
    return list.map((q) => ({
      name: q.name,
      titleZh: q.title_zh,
      titleEn: q.title_en,
      description: q.description,
      requires: q.requires,
      params: q.params,
      sql: '',
    }));
  }

  async runQuery(name: string, params: Record<string, string>): Promise<QueryResult> {
    return resultOf(await this.request('GET', `/queries/${encodeURIComponent(name)}`, { query: { ...params, format: 'json' } }));
  }

  async queryBytes(name: string, params: Record<string, string>, format: 'parquet' | 'arrow' | 'csv'): Promise<Uint8Array> {
    return new Uint8Array(
      await (await this.request('GET', `/queries/${encodeURIComponent(name)}`, { query: { ...params, format } })).arrayBuffer(),
    );
  }

  async sql(statement: string): Promise<QueryResult> {
    return resultOf(await this.request('POST', '/sql', { query: { format: 'json' }, json: { sql: statement } }));
  }

  async sqlBytes(statement: string, format: 'parquet' | 'arrow' | 'csv'): Promise<Uint8Array> {
    return new Uint8Array(await (await this.request('POST', '/sql', { query: { format }, json: { sql: statement } })).arrayBuffer());
  }

  async report(period: string | undefined): Promise<ReportAnswer> {
    const response = await this.request('GET', '/report', { query: period ? { period } : {} });
    const meta = JSON.parse(decodeURIComponent(response.headers.get('x-labourflow-report') ?? '%7B%7D')) as Omit<ReportAnswer, 'html'>;
    return { ...meta, html: await response.text() };
  }

  async match(body: {
    mode: 'full' | 'incremental';
    top?: number;
    as_of?: string;
    dry_run?: boolean;
    scope?: string;
  }): Promise<MatchJobSummary> {
    return (await this.request('POST', '/runs/match', { json: body })).json() as Promise<MatchJobSummary>;
  }

  async watchLayoffs(body: { period?: string; through?: string }): Promise<WatchSummary[]> {
    return ((await (await this.request('POST', '/runs/watch-layoffs', { json: body })).json()) as { summaries: WatchSummary[] }).summaries;
  }

  /** Uploads one NDJSON file (streamed from disk); `label` names it in the store as the path does embedded. */
  async ingestFile(
    path: string,
    label: string,
  ): Promise<{ summaries: IngestSummary[]; blank_lines: number; review: AutomaticReviewResult | null }> {
    const form = new FormData();
    form.append('source', label);
    form.append('file', await openAsBlob(path, { type: 'application/x-ndjson' }), basename(path));
    return (await this.request('POST', '/ingest', { form })).json() as Promise<{
      summaries: IngestSummary[];
      blank_lines: number;
      review: AutomaticReviewResult | null;
    }>;
  }

  async tokenWithPassword(
    name: string,
    password: string,
    options: { label?: string; days?: number } = {},
  ): Promise<{ token: string; expires_at: string }> {
    return (await this.request('POST', '/auth/token', { json: { name, password, ...options }, anonymous: true })).json() as Promise<{
      token: string;
      expires_at: string;
    }>;
  }

  /** Any JSON endpoint (the users commands). */
  async json<T>(method: string, path: string, json?: unknown): Promise<T> {
    return (await this.request(method, path, json === undefined ? {} : { json })).json() as Promise<T>;
  }

  private async request(
    method: string,
    path: string,
    options: { query?: Record<string, string>; json?: unknown; form?: FormData; anonymous?: boolean } = {},
  ): Promise<Response> {
    const url = new URL(this.base + path);
    for (const [k, v] of Object.entries(options.query ?? {})) url.searchParams.set(k, v);
    const headers: Record<string, string> = {};
    if (this.token && !options.anonymous) headers.authorization = `Bearer ${this.token}`;
    let body: string | FormData | undefined;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.form) body = options.form;
    let response: Response;
    try {
      response = await fetch(url, { method, headers, body });
    } catch (error) {
      throw new SourceError(`cannot reach the server at ${this.base}: ${(error as Error).message}${causeText(error)}`, {
        code: 'SERVER_UNREACHABLE',
        retriable: true,
        cause: error,
        hint: 'check --server / $LABOURFLOW_SERVER and that `labourflow serve` is running (GET /health)',
      });
    }
    if (response.ok) return response;
    const text = await response.text();
    let error: ErrorBody = {};
    try {
      error = JSON.parse(text) as ErrorBody;
    } catch {
      error = { message: text.slice(0, 500) };
    }
    const issues = (error.issues ?? []).map((i) => `\n  ${i.path}: ${i.message}`).join('');
    const message = `${error.message ?? `HTTP ${response.status}`}${issues}`;
    if (response.status >= 400 && response.status < 500 && response.status !== 429) {
      throw new ConfigError(message, { code: isErrorCode(error.code) ? error.code : 'SERVER_REFUSED', hint: error.hint });
    }
    throw new ServerError(message, {
      code: isErrorCode(error.code) ? error.code : 'SERVER_FAILED',
      retriable: response.status === 429 || response.status === 503,
      hint: error.hint,
    });
  }
}

/** The server failed (5xx) or asked to wait (429). */
export class ServerError extends PipelineError {}

function causeText(error: unknown): string {
  const cause = (error as { cause?: { code?: string } }).cause;
  return cause?.code ? ` (${cause.code})` : '';
}

async function resultOf(response: Response): Promise<QueryResult> {
  const body = (await response.json()) as { columns: { name: string; type: string }[]; rows: unknown[][] };
  return { columns: body.columns, rows: body.rows, chunks: [] };
}
