import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import multipart from '@fastify/multipart';
import { z } from 'zod';
import { ErrorResponse, type RouteModule } from '../buildHttpServer.ts';
import { HttpError } from '../HttpError.ts';
import './fastifyTypes.ts';

export interface IngestRouteOptions {
  /** Largest upload accepted, bytes (default 1 GiB). */
  maxUploadBytes?: number;
}

const Summary = z.object({
  source: z.string(),
  read: z.number(),
  stored: z.number(),
  stale: z.number(),
  rejected: z.number(),
  batches: z.number(),
  rejectReasons: z.record(z.string(), z.number()),
  elapsedMs: z.number(),
});

/** What the automatic posting review did after the upload (AutomaticReviewResult). */
const ReviewResult = z.object({
  reviewed: z.number(),
  autoApproved: z.number(),
  blocking: z.number(),
  byCategory: z.record(z.string(), z.number()),
  ms: z.number(),
});

const SourceStatus = z.object({
  source: z.string(),
  position: z.string().nullable(),
  lag: z.number().nullable(),
  read: z.number(),
  stored: z.number(),
  stale: z.number(),
  rejected: z.number(),
  last_commit_at: z.string().nullable(),
});

/** A source label: printable, no control characters; it names the upload in `rejected.source` and is never opened as a path. */
function isSourceLabel(text: string): boolean {
  return text.length >= 1 && text.length <= 500 && ![...text].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f);
}

/**
 * Ingest: the consumer's status, and an uploaded NDJSON file ingested through the shared writer
 * exactly as `labourflow ingest --from FILE` would. The upload goes to a private temporary file
 * under a name the server makes; the name the client gives is only a label.
 */
export function ingestRoutesWith(options: IngestRouteOptions = {}): RouteModule {
  const maxBytes = options.maxUploadBytes ?? 1024 ** 3;
  return async (app, context) => {
    await app.register(multipart, { limits: { fileSize: maxBytes, files: 1, fields: 4, fieldSize: 1000, parts: 5, headerPairs: 50 } });

    app.get(
      '/ingest/status',
      {
        config: { action: 'ingest.status' },
        schema: {
          description: 'The consumer: mode, and per source (Kafka partition or inbox) position, lag and counts.',
          tags: ['ingest'],
          response: {
            200: z.object({ mode: z.enum(['kafka', 'inbox', 'off']), running: z.boolean(), sources: z.array(SourceStatus) }),
            401: ErrorResponse,
            403: ErrorResponse,
          },
        },
      },
      async () => context.ingestStatus(),
    );

    app.post(
      '/ingest',
      {
        config: { action: 'ingest.upload' },
        schema: {
          description:
            'multipart/form-data: an optional "source" field (the label stored with the records and dead letters; ' +
            'default: the file name), then one "file" part holding NDJSON envelopes. Answers with the same counts ' +
            '`labourflow ingest` prints. A user who holds a region stores only records of that region (a follow-up or ' +
            'outcome: of a seeker of that region); the others become dead letters with the issue code out_of_scope.',
          tags: ['ingest'],
          consumes: ['multipart/form-data'],
          response: {
            200: z.object({ summaries: z.array(Summary), blank_lines: z.number(), review: ReviewResult.nullable() }),
            400: ErrorResponse,
            401: ErrorResponse,
            403: ErrorResponse,
            413: ErrorResponse,
            415: ErrorResponse,
          },
        },
      },
      async (request) => {
        if (!request.isMultipart()) {
          throw new HttpError(415, 'send the file as multipart/form-data', {
            code: 'MULTIPART_REQUIRED',
            hint: 'curl -F source=NAME -F file=@FILE',
          });
        }
        const dir = await mkdtemp(join(tmpdir(), 'lf-upload-'));
        try {
          let source: string | null = null;
          let stored: { path: string; label: string; blank: number } | null = null;
          for await (const part of request.parts()) {
            if (part.type === 'field') {
              if (part.fieldname !== 'source') throw badPart(`unknown field "${part.fieldname}"`, part.fieldname);
              if (typeof part.value !== 'string' || !isSourceLabel(part.value))
                throw badPart('source must be 1-500 printable characters', 'source');
              source = part.value;
            } else {
              if (part.fieldname !== 'file') throw badPart(`unknown file part "${part.fieldname}"`, part.fieldname);
              const path = join(dir, 'upload.ndjson');
              const counter = blankLineCounter();
              await pipeline(part.file, counter.transform, createWriteStream(path, { mode: 0o600 }));
              if (part.file.truncated) {
                throw new HttpError(413, `the file is larger than ${maxBytes} bytes`, {
                  code: 'UPLOAD_TOO_LARGE',
                  hint: 'split it, or publish it to Kafka',
                });
              }
              const label = source ?? part.filename ?? 'upload';
              if (!isSourceLabel(label)) throw badPart('the file name is not a usable label', 'file');
              stored = { path, label, blank: counter.blank() };
            }
          }
          if (!stored) throw badPart('no "file" part', 'file');
          // A user who holds a region stores only that region's records; the rest are dead letters.
          const { summary, review } = await context.ingestFile(stored.path, stored.label, request.principal!.region);
          return { summaries: [summary], blank_lines: stored.blank, review };
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      },
    );
  };
}

export const ingestRoutes: RouteModule = ingestRoutesWith();

function badPart(message: string, path: string): HttpError {
  return new HttpError(400, message, { code: 'UPLOAD_INVALID', issues: [{ code: 'invalid_part', path: `body.${path}`, message }] });
}

/**
 * Counts lines that hold nothing but white space, as the NDJSON reader skips and counts them
 * (src/ingest/readNdjsonFile.ts): the summary reports them.
 */
function blankLineCounter(): { transform: Transform; blank: () => number } {
  let blank = 0;
  let line: Buffer[] = [];
  let atStart = true;
  let sawBytes = false;
  const isBlank = (bytes: Buffer) => {
    let text = bytes.toString('utf8');
    if (text.endsWith('\r')) text = text.slice(0, -1);
    return text.trim() === '';
  };
  const transform = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      let start = 0;
      if (atStart && chunk.length > 0) {
        atStart = false;
        if (chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) start = 3;
      }
      for (;;) {
        const nl = chunk.indexOf(0x0a, start);
        if (nl < 0) break;
        const piece = chunk.subarray(start, nl);
        // Long lines are never blank; keep at most a little of them.
        const total = line.reduce((n, b) => n + b.length, 0) + piece.length;
        if (total <= 4096 ? isBlank(Buffer.concat([...line, piece])) : false) blank++;
        line = [];
        sawBytes = false;
        start = nl + 1;
      }
      const rest = chunk.subarray(start);
      if (rest.length) {
        sawBytes = true;
        if (line.reduce((n, b) => n + b.length, 0) < 8192) line.push(Buffer.from(rest));
      }
      callback(null, chunk);
    },
    flush(callback) {
      if (sawBytes && isBlank(Buffer.concat(line))) blank++;
      callback();
    },
  });
  return { transform, blank: () => blank };
}
