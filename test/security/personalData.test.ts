import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCoreConfig } from '../../src/config/config.ts';
import { configureLogging } from '../../src/core/Logger.ts';
import { findPersonalData, maskForLog } from '../../src/core/personalData.ts';
import { importPostings } from '../../src/import/importPostings.ts';
import { loadMappingSync } from '../../src/import/loadMapping.ts';
import { ingestFiles } from '../../src/ingest/ingestFiles.ts';
import { MatchingConfig } from '../../src/matching/MatchingConfig.ts';
import { DeadLetterPublisher } from '../../src/kafka/DeadLetterPublisher.ts';
import { decodeMessages } from '../../src/kafka/KafkaDecoder.ts';
import { runMatchJob } from '../../src/matching/runMatchJob.ts';
import { validateEnvelope } from '../../src/records/envelope.ts';
import { withStore } from '../../src/store/DuckDBStore.ts';
import { idNumberCheckChar } from '../../src/validation/idNumber.ts';
import { PROJECT_ROOT } from '../helpers/runCliProcess.ts';

const fullWidth = (s: string) => s.replace(/[0-9]/g, (c) => String.fromCharCode(0xff10 + Number(c)));
const withCheck = (body17: string) => body17 + idNumberCheckChar(body17);

// Real-shaped numbers (valid province, birth date and check character), one per shape.
const ID_A = withCheck('13050219950505444'); // 130502199505054443
const ID_B = withCheck('13050219970707666'); // 130502199707076667
const ID_C = withCheck('11010519491231002'); // 11010519491231002X
const ID_D = withCheck('42010619850823123');
const ID_E = withCheck('51010819900101234');
const ID_F = withCheck('13052919880808123');
const ID_15 = '130502950505444';
const PHONE = '13800138000';
const ALL_NUMBERS = [ID_A, ID_B, ID_C, ID_D, ID_E, ID_F, ID_15];

/** Each shape issue 14 names, as people type them. */
const SHAPES: Array<[string, string, string]> = [
  ['plain', `身份证号${ID_A}，可随时联系`, ID_A],
  ['spaced', `证件 ${ID_A.slice(0, 6)} ${ID_A.slice(6, 14)} ${ID_A.slice(14)} 已核验`, ID_A],
  ['dashed', `证件：${ID_D.slice(0, 6)}-${ID_D.slice(6, 14)}-${ID_D.slice(14)}`, ID_D],
  ['full-width', `身份证${fullWidth(ID_E)}号`, ID_E],
  ['run into a phone number', `联系${ID_B}${PHONE}`, ID_B],
  ['lower-case x', `号码${ID_C.toLowerCase()}`, ID_C],
  ['15-digit', `旧证${ID_15}仍有效`, ID_15],
];

describe('ID and phone numbers are found in every shape (issue 14, cases 4 and 5)', () => {
  for (const [what, text, id] of SHAPES) {
    it(`finds the ID number ${what}`, () => {
      const spans = findPersonalData(text).filter((s) => s.kind === 'id');
      expect(spans.map((s) => s.canonical)).toEqual([id.toUpperCase()]);
      const masked = maskForLog(text);
      expect(masked).toContain('[id-number]');
      expect(findPersonalData(masked, false)).toEqual([]);
    });
  }

  it('masks a phone number, alone, spaced or run into an ID number', () => {
    for (const text of [`电话${PHONE}`, '电话 138 0013 8000', `${ID_B}${PHONE}`, `${PHONE}${ID_B}`, '+86 138-0013-8000']) {
      const masked = maskForLog(text);
      expect(masked, text).toContain('138****8000');
      expect(masked.replace(/\D/g, ''), text).not.toContain('0013');
    }
  });

  it('leaves code fields alone: an id_hash whose hex digits happen to fit an ID number is stored as given', () => {
    const seeker = JSON.parse(readFileSync(join(PROJECT_ROOT, 'data-samples', 'seekers.ndjson'), 'utf8').split('\n')[0]!);
    const hash = `ab${ID_A}${'c'.repeat(44)}`;
    const result = validateEnvelope({ ...seeker, payload: { ...seeker.payload, id_hash: hash, experience_text: `x${ID_A}` } });
    expect(result.ok).toBe(true);
    const payload = (result as { record: { payload: { id_hash: string; experience_text: string } } }).record.payload;
    expect(payload.id_hash).toBe(hash);
    expect(payload.experience_text).toMatch(/^x\[id:[0-9a-f]{12}\]$/);
  });

  it('leaves ordinary numbers alone', () => {
    for (const text of [
      '月薪 5000-8000 元，2026-07-05 截止',
      '订单号 123456789012345678', // no province 12 birth date 3456-78-90
      '统一社会信用代码 91511503382710592F',
      '{"time":"2026-12-05T08:08:08.658Z","ms":1733385600000,"read":200000}',
      '工号 CW13050207',
    ]) {
      expect(findPersonalData(text), text).toEqual([]);
    }
  });
});

/** Envelopes shaped like data-samples/, with an ID number planted in every free-text field and id. */
function corpus(): { lines: string[]; rejectedIds: string[] } {
  const first = (file: string) => JSON.parse(readFileSync(join(PROJECT_ROOT, 'data-samples', file), 'utf8').split('\n')[0]!);
  const posting = first('postings.ndjson');
  const seeker = first('seekers.ndjson');
  const followUp = first('follow_ups.ndjson');
  const outcome = first('outcomes.ndjson');
  const lines: string[] = [];
  SHAPES.forEach(([, text], i) => {
    lines.push(
      JSON.stringify({
        ...posting,
        id: `P-PII-${i}`,
        payload: { ...posting.payload, description: `${posting.payload.description}${text}`, title: `${posting.payload.title}${i}` },
      }),
      JSON.stringify({
        ...seeker,
        id: `S-PII-${i}`,
        payload: {
          ...seeker.payload,
          id_number: ID_F,
          experience_text: `${seeker.payload.experience_text}${text}`,
          desired_titles: [`${text}`.slice(0, 40)],
          household_id: i === 0 ? ID_C : null,
        },
      }),
      JSON.stringify({ ...followUp, id: `F-PII-${i}`, payload: { ...followUp.payload, seeker_id: `S-PII-${i}`, note: text } }),
      JSON.stringify({
        ...outcome,
        id: `O-PII-${i}`,
        payload: { ...outcome.payload, seeker_id: i === 1 ? ID_A : `S-PII-${i}`, posting_id: `P-PII-${i}` },
      }),
    );
  });
  // An envelope id that is an ID number: rejected, with a reason. A dashed one too.
  const rejectedIds = [ID_D, `${ID_A.slice(0, 6)}-${ID_A.slice(6, 14)}-${ID_A.slice(14)}`];
  for (const id of rejectedIds) lines.push(JSON.stringify({ ...seeker, id, payload: { ...seeker.payload } }));
  // Bad records (they go to `rejected`) carrying the numbers in their raw text.
  lines.push(
    JSON.stringify({ ...seeker, id: 'S-BAD-1', payload: { ...seeker.payload, education: 'phd', experience_text: SHAPES[1]![1] + PHONE } }),
    JSON.stringify({ ...posting, id: 'P-BAD-1', payload: { ...posting.payload, region_code: '999999', description: SHAPES[3]![1] } }),
    `{"type":"follow_up","id":"F-BAD","note":"${ID_B}${PHONE}"`,
  );
  return { lines, rejectedIds };
}

/** Every ID number of the corpus in every shape it was written, and the phone number. */
function leaks(text: string): string[] {
  const found = findPersonalData(text).map((s) => `${s.kind}:${s.canonical}`);
  for (const id of ALL_NUMBERS) if (text.includes(id) || text.includes(fullWidth(id))) found.push(`raw:${id}`);
  return found;
}

describe('no raw ID number is stored, dead-lettered, logged or pushed (issue 14, cases 4 and 5)', () => {
  let dir: string;
  let db: string;
  const logLines: string[] = [];
  let walText = '';
  let rejectedIds: string[];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lf-pii-'));
    db = join(dir, 'store.duckdb');
    const built = corpus();
    rejectedIds = built.rejectedIds;
    writeFileSync(join(dir, 'pii.ndjson'), `${built.lines.join('\n')}\n`);
    configureLogging({ level: 'debug', format: 'json', sink: { write: (line) => logLines.push(line) } });
    try {
      await withStore({ path: db }, async (store) => {
        await ingestFiles({
          store,
          from: [...['postings', 'seekers'].map((n) => join(PROJECT_ROOT, 'data-samples', `${n}.ndjson`)), join(dir, 'pii.ndjson')],
          progress: false,
          // Approved at once (when nothing blocks), so the postings are matched and pushed to the outbox.
          review: { trustedSources: [{ ingest: '*' }] },
        });
        // Before the store closes (and checkpoints), the write-ahead log holds what was written.
        if (existsSync(`${db}.wal`)) walText = readFileSync(`${db}.wal`).toString('latin1') + readFileSync(`${db}.wal`, 'utf8');
      });
      const core = loadCoreConfig({ db, outboxDir: join(dir, 'outbox') }, {});
      const summary = await runMatchJob({ core, config: MatchingConfig.parse({}), mode: 'full', now: new Date('2026-06-30T12:00:00Z') });
      expect(summary.pushed).toBeGreaterThan(0);
    } finally {
      configureLogging({ level: 'info', sink: { write: (line) => process.stderr.write(`${line}\n`) } });
    }
  }, 240_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('every column of every table is free of ID numbers; phones are masked in rejected.raw', async () => {
    await withStore({ path: db }, async (store) => {
      const tables = await store.all<{ t: string }>("SELECT table_name AS t FROM duckdb_tables() WHERE schema_name = 'main'");
      expect(tables.length).toBeGreaterThan(10);
      for (const { t } of tables) {
        const rows = await store.all<Record<string, unknown>>(`SELECT * FROM "${t}"`);
        for (const row of rows) {
          const text = JSON.stringify(row, (_k, v) => (typeof v === 'bigint' ? String(v) : v));
          // id_hash holds 64 hex digits; a keyed hash is what the policy asks for there.
          const found = leaks(text.replace(/"[0-9a-f]{64}"/g, '""')).filter((l) => t === 'rejected' || !l.startsWith('phone:'));
          expect(found, `${t}: ${text.slice(0, 300)}`).toEqual([]);
        }
      }
      const stored = await store.all<{ n: number }>(
        "SELECT count(*)::INTEGER AS n FROM postings WHERE id LIKE 'P-PII-%' AND description LIKE '%[id:%'",
      );
      expect(stored[0]!.n).toBe(SHAPES.length);
      const notes = await store.all<{ note: string }>("SELECT note FROM follow_ups WHERE id = 'F-PII-1'");
      expect(notes[0]!.note).toMatch(/^证件 \[id:[0-9a-f]{12}\] 已核验$/);
      const spaced = await store.all<{ e: string }>("SELECT experience_text AS e FROM seekers WHERE id = 'S-PII-1'");
      const plain = await store.all<{ e: string }>("SELECT experience_text AS e FROM seekers WHERE id = 'S-PII-0'");
      // The same number written two ways masks to the same tag.
      expect(spaced[0]!.e.match(/\[id:[0-9a-f]{12}\]/)![0]).toBe(plain[0]!.e.match(/\[id:[0-9a-f]{12}\]/)![0]);
      const rejected = await store.all<{ record_id: string | null; reason: string; raw: string }>(
        'SELECT record_id, reason, raw FROM rejected ORDER BY position',
      );
      const byId = rejected.filter((r) => r.reason.includes('resident ID number'));
      expect(byId.length).toBe(rejectedIds.length);
      expect(rejected.some((r) => r.raw.includes('138****8000'))).toBe(true);
      expect(rejected.length).toBe(rejectedIds.length + 3);
    });
  });

  it('the WAL, the logs and the outbox hold none either', () => {
    // Phone numbers may stay in stored free text (only rejected.raw and logs mask them); ID numbers may not.
    expect(walText.length).toBeGreaterThan(0);
    expect(leaks(walText).filter((l) => !l.startsWith('phone:'))).toEqual([]);
    expect(logLines.length).toBeGreaterThan(0);
    for (const line of logLines) expect(leaks(line), line).toEqual([]);
    const outbox = join(dir, 'outbox');
    const files = readdirSync(outbox, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.ndjson'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect(leaks(readFileSync(join(outbox, file), 'utf8')), file).toEqual([]);
  });
});

describe('the Kafka path masks the same way, up to the dead-letter message (issue 14, cases 4 and 5)', () => {
  it('valid messages are stored masked; rejected ones reach the dead-letter topic with no ID or phone number', () => {
    const { lines, rejectedIds } = corpus();
    const values = lines.map((l) => Buffer.from(l));
    const all = Buffer.concat(values);
    const lengths = new Int32Array(values.map((v) => v.length));
    const decoded = decodeMessages(
      { topic: 'labourflow.seekers', partition: 2, offsets: values.map((_, i) => String(100 + i)), lengths, values: all },
      all,
      1024 * 1024,
    );
    expect(decoded.rejects.length).toBe(rejectedIds.length + 3);
    for (const record of decoded.valid) {
      const text = JSON.stringify(record).replace(/"[0-9a-f]{64}"/g, '""');
      expect(
        leaks(text).filter((l) => !l.startsWith('phone:')),
        text,
      ).toEqual([]);
    }
    const messages = DeadLetterPublisher.messagesFor(
      {
        topic: 'labourflow.seekers',
        partition: 2,
        firstOffset: 100n,
        nextOffset: 100n + BigInt(lines.length),
        read: lines.length,
        rejects: decoded.rejects,
      },
      'g',
    );
    expect(messages.length).toBe(decoded.rejects.length);
    for (const m of messages) {
      const text = JSON.stringify(m);
      expect(leaks(text), text).toEqual([]);
    }
    expect(messages.filter((m) => String(m.headers?.['labourflow.reason']).includes('resident ID number')).length).toBe(rejectedIds.length);
  });
});

describe('CSV import masks the same way (issue 14, case 4)', () => {
  it('an ID number in an imported row is stored masked; a bad row is dead-lettered without it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lf-pii-csv-'));
    try {
      const csv = join(dir, 'board.csv');
      writeFileSync(
        csv,
        [
          'company_name,position_name,salary,city,work_years,education,advantage,desc,mark',
          `青禾数据科技,Java开发工程师,9k-18k,西安,3-5年,本科,"五险一金,` +
            `联系人身份证 ${SHAPES[1]![1]}",https://example.invalid/job/a001,0`,
          `青禾数据科技,测试工程师,abc,西安,3-5年,本科,"${fullWidth(ID_E)} ${PHONE}",https://example.invalid/job/a002,0`,
        ].join('\n'),
      );
      await withStore({ path: join(dir, 'store.duckdb') }, async (store) => {
        const r = await importPostings(store, { path: csv, mapping: loadMappingSync('jobboard'), postedDate: '2026-03-01' });
        expect(r.summary).toMatchObject({ stored: 1, rejected: 1 });
        for (const table of ['postings', 'rejected']) {
          const rows = await store.all<Record<string, unknown>>(`SELECT * FROM ${table}`);
          const text = JSON.stringify(rows, (_k, v) => (typeof v === 'bigint' ? String(v) : v));
          expect(leaks(text), `${table}: ${text.slice(0, 400)}`).toEqual([]);
        }
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
