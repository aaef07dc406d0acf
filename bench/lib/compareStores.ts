import { DuckDBInstance } from '@duckdb/node-api';
import { readNdjsonFile } from '../../src/ingest/readNdjsonFile.ts';
import { RECORD_KINDS } from '../../src/records/recordKinds.ts';

/** Columns the writer fills (its batch number, its clock): they differ between any two runs. */
const WRITER_COLUMNS = new Set(['ingest_batch_id', 'ingested_at']);
/** What a dead letter must agree on; the wording of the reasons is each implementation's own. */
const REJECTED_COLUMNS = ['position', 'record_type', 'record_id', 'raw', 'raw_bytes'];
const SHOW = 10;

export interface TableDifference {
  table: string;
  /** Rows (or dead letters) only one side has, counted with multiplicity. */
  onlyOurs: number;
  onlyPeer: number;
  /** The first few: record ids (record tables) or positions (rejected), with their lines in the file. */
  oursExamples: string[];
  peerExamples: string[];
}

/**
 * Compares two stores row for row: every record table on every column both have but the writer's own, both
 * ways with EXCEPT ALL (so duplicates count too), and the dead letters on position, type, id and
 * raw text. Both files are attached read-only to a throwaway in-memory DuckDB.
 */
export async function compareStores(oursDb: string, peerDb: string, file: string): Promise<TableDifference[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const rows = async (sql: string) => (await connection.runAndReadAll(sql)).getRows();
  const differences: TableDifference[] = [];
  try {
    await connection.run(`ATTACH '${oursDb.replaceAll("'", "''")}' AS ours (READ_ONLY)`);
    await connection.run(`ATTACH '${peerDb.replaceAll("'", "''")}' AS peer (READ_ONLY)`);
    const tables = [...RECORD_KINDS.map((k) => k.table), 'rejected'];
    for (const table of tables) {
      let columns = REJECTED_COLUMNS;
      if (table !== 'rejected') {
        // The columns both stores have: later migrations add columns that coders fill after ingest
        // (occupation_score, industry_confidence, …), which the peer, built on the core migration, lacks.
        const described = await rows(
          `SELECT o.column_name FROM information_schema.columns o
             JOIN information_schema.columns p
               ON p.table_catalog = 'peer' AND p.table_name = o.table_name AND p.column_name = o.column_name
            WHERE o.table_catalog = 'ours' AND o.table_name = '${table}' ORDER BY o.ordinal_position`,
        );
        columns = described.map((r) => String(r[0])).filter((c) => !WRITER_COLUMNS.has(c));
      }
      const list = columns.map((c) => `"${c}"`).join(', ');
      const key = table === 'rejected' ? 'position' : 'id';
      const side = async (a: string, b: string) => {
        const diff = `SELECT ${list} FROM ${a}.${table} EXCEPT ALL SELECT ${list} FROM ${b}.${table}`;
        const [[count]] = (await rows(`SELECT count(*) FROM (${diff})`)) as [[bigint]];
        const keys = await rows(`SELECT "${key}" FROM (${diff}) ORDER BY 1 LIMIT ${SHOW}`);
        return { count: Number(count), keys: keys.map((r) => String(r[0])) };
      };
      const ours = await side('ours', 'peer');
      const peer = await side('peer', 'ours');
      if (ours.count > 0 || peer.count > 0) {
        differences.push({ table, onlyOurs: ours.count, onlyPeer: peer.count, oursExamples: ours.keys, peerExamples: peer.keys });
      }
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  await addLines(differences, file);
  return differences;
}

/** Says on which line of the file each differing record id stands (positions already are lines). */
async function addLines(differences: TableDifference[], file: string): Promise<void> {
  const wanted = new Map<string, string>();
  for (const d of differences) {
    if (d.table === 'rejected') continue;
    for (const id of [...d.oursExamples, ...d.peerExamples]) wanted.set(id, '');
  }
  if (wanted.size === 0) return;
  for await (const { position, raw } of readNdjsonFile(file)) {
    for (const [id, lines] of wanted) {
      if (!raw.includes(id)) continue;
      try {
        if ((JSON.parse(raw) as { id?: unknown }).id === id) wanted.set(id, lines ? `${lines}, ${position}` : position);
      } catch {
        // not a record line
      }
    }
  }
  for (const d of differences) {
    if (d.table === 'rejected') continue;
    const label = (id: string) => `${id} (${wanted.get(id) || 'not found in the file'})`;
    d.oursExamples = d.oursExamples.map(label);
    d.peerExamples = d.peerExamples.map(label);
  }
}
