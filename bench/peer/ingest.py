"""What a data engineer would write instead of `labourflow ingest FILE`: the benchmark's Python peer.

    python bench/peer/ingest.py FILE DB [--workers 2] [--chunk-lines 10000] [--max-line-bytes 1048576]

The main process reads the file in chunks of lines, two worker processes decode and validate them
(models.py) into Arrow tables, and the main process, the one writer, appends them to DuckDB in file
order. Afterwards the newest version of each id is kept. Prints one JSON line of counts and costs.
"""

import argparse
import gc
import json
import os
import resource
import sys
import time
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from itertools import islice
from multiprocessing import get_context
from pathlib import Path
from typing import Optional

import duckdb
import pyarrow as pa
from pydantic import ValidationError

import models

ARROW_TYPES = {"VARCHAR": pa.string(), "BIGINT": pa.int64(), "INTEGER": pa.int32(), "DOUBLE": pa.float64(), "BOOLEAN": pa.bool_()}
ARROW_TYPES |= {"DATE": pa.date32(), "TIMESTAMP WITH TIME ZONE": pa.timestamp("us", tz="UTC"), "VARCHAR[]": pa.list_(pa.string())}
WRITER_COLUMNS = ("ingest_batch_id", "ingested_at")
REJECT_COLUMNS = {"position": pa.string(), "record_type": pa.string(), "record_id": pa.string(), "reason": pa.string()}
REJECT_SCHEMA = pa.schema({**REJECT_COLUMNS, "issues": pa.string(), "raw": pa.string(), "raw_bytes": pa.int64()})
KEEP_OF_LONG_LINE = 1024
MAX_RAW_CHARS = 64 * 1024

# Set in each worker by the pool's initializer.
SCHEMAS: dict[str, pa.Schema] = {}
MAX_LINE_BYTES = 1024 * 1024


def init_worker(schemas: dict[str, pa.Schema], max_line_bytes: int) -> None:
    global SCHEMAS, MAX_LINE_BYTES
    SCHEMAS, MAX_LINE_BYTES = schemas, max_line_bytes
    # A chunk holds 10,000 records of small objects and makes no reference cycles: the cyclic collector
    # kept walking them and took a quarter of the CPU. Collect once per chunk instead.
    gc.freeze()
    gc.disable()


# JSON.parse takes no NaN or Infinity; json does unless told: int("NaN") raises ValueError.
JSON = json.JSONDecoder(parse_constant=int)


def decode_chunk(first_line: int, lines: list[bytes]) -> dict:
    """Validates one chunk of raw lines: Arrow tables of valid records per table, and one of rejects."""
    gc.collect()
    rows: dict[str, list[dict]] = {table: [] for table in SCHEMAS}
    rejects: list[dict] = []
    read = 0

    def reject(position: str, raw: str, raw_bytes: int, issues: list[dict], value: object = None) -> None:
        rtype = value.get("type") if isinstance(value, dict) else None
        rid = value.get("id") if isinstance(value, dict) else None
        first = issues[0]
        more = f" (+{len(issues) - 1} more)" if len(issues) > 1 else ""
        reason = f"{first['path'] + ': ' if first['path'] else ''}{first['message']}{more}"
        rejects.append(
            {
                "position": position,
                "record_type": rtype if isinstance(rtype, str) else None,
                "record_id": models.redact_id_numbers(rid) if isinstance(rid, str) else None,
                "reason": models.redact_id_numbers(reason),
                "issues": models.redact_id_numbers(json.dumps(issues, ensure_ascii=False)),
                "raw": models.redact_id_numbers(raw[:MAX_RAW_CHARS]),
                "raw_bytes": raw_bytes,
            }
        )

    for number, line in enumerate(lines, first_line):
        if line.endswith(b"\n"):
            line = line[:-1]
        position = f"line {number}"
        if len(line) > MAX_LINE_BYTES:
            read += 1
            message = f"line is {len(line)} bytes, over the {MAX_LINE_BYTES}-byte limit (raise --max-line-bytes if such records are legitimate)"
            reject(position, line[:KEEP_OF_LONG_LINE].decode("utf-8", "replace"), len(line), [issue("too_big", "", message)])
            continue
        try:
            text = line.decode("utf-8")
            bad_at = -1
        except UnicodeDecodeError as e:
            text, bad_at = line.decode("utf-8", "replace"), e.start
        if text.endswith("\r"):
            text = text[:-1]
        if not text.strip(models.JS_WS):
            continue  # blank lines hold no record
        read += 1
        if bad_at >= 0:
            message = f"invalid UTF-8 at byte {bad_at} of the record; re-export or re-publish it as UTF-8"
            reject(position, text, len(line), [issue("invalid_encoding", "", message)])
            continue
        record, problem = validate(text)
        if problem:
            reject(position, text, len(line), *problem)
            continue
        row = record.payload.__dict__.copy()
        row["id"], row["version"], row["event_time"] = record.id, record.version, record.event_time
        rows[models.TABLE_FOR_TYPE[record.type]].append(row)

    return {
        "tables": {t: pa.Table.from_pylist(r, schema=SCHEMAS[t]) for t, r in rows.items() if r},
        "rejects": pa.Table.from_pylist(rejects, schema=REJECT_SCHEMA) if rejects else None,
        "read": read,
        "pid": os.getpid(),
        "rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }


def issue(code: str, path: str, message: str) -> dict:
    return {"code": code, "path": path, "message": message}


def validate(text: str) -> tuple[object, Optional[tuple[list[dict], object]]]:
    """The validated envelope, or why the line fails and the JSON value it holds (for the dead letter's type and id)."""
    try:
        return models.ENVELOPE.validate_json(text), None
    except ValidationError as e:
        errors = e.errors(include_url=False, include_input=False, include_context=False)  # not `e`: its traceback is a cycle
    try:
        value = JSON.decode(text)
    except (ValueError, RecursionError) as e:
        trimmed = text.rstrip(models.JS_WS)
        kind = "truncated JSON" if trimmed.startswith("{") and not trimmed.endswith("}") else "not valid JSON"
        return None, ([issue("invalid_json", "", f"{kind}: {e}")], None)
    if not isinstance(value, dict):
        return None, ([issue("invalid_type", "", "record must be a JSON object envelope {type, id, version, event_time, payload}")], None)
    if errors[0]["type"] == "json_invalid":
        # pydantic's parser refuses lone surrogates (\ud800) that JSON.parse accepts; ours stores them as U+FFFD.
        try:
            fixed = json.dumps(value, ensure_ascii=False).encode("utf-16", "surrogatepass").decode("utf-16", "replace")
            return models.ENVELOPE.validate_python(json.loads(fixed)), None
        except ValidationError as e:
            errors = e.errors(include_url=False, include_input=False, include_context=False)
    return None, (issues_of(errors, value), value)


def issues_of(errors: list, value: dict) -> list[dict]:
    out = []
    for e in errors:
        loc = e["loc"][1:] if e["loc"] and e["loc"][0] == value.get("type") else e["loc"]
        message = e["msg"].removeprefix("Value error, ")
        out.append(issue(e["type"], ".".join(map(str, loc)), message))
    return out


def table_schemas(con: duckdb.DuckDBPyConnection) -> dict[str, pa.Schema]:
    """The record tables' columns as the migration made them (writer-filled ones aside), as Arrow schemas."""
    schemas = {}
    for table in models.TABLE_FOR_TYPE.values():
        columns = con.execute(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = 'main' AND table_name = ? ORDER BY ordinal_position",
            [table],
        ).fetchall()
        schemas[table] = pa.schema([(name, ARROW_TYPES[kind]) for name, kind in columns if name not in WRITER_COLUMNS])
    return schemas


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file")
    parser.add_argument("db")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--chunk-lines", type=int, default=10_000)
    parser.add_argument("--max-line-bytes", type=int, default=1024 * 1024)
    parser.add_argument("--migration", default=str(models.ROOT / "sql/migrations/001_core.sql"))
    args = parser.parse_args()
    started = time.perf_counter()

    for path in (args.db, args.db + ".wal"):
        Path(path).unlink(missing_ok=True)
    with duckdb.connect(args.db) as con:
        con.execute(Path(args.migration).read_text("utf-8"))
        schemas = table_schemas(con)

    # Fork the workers now, before DuckDB starts its threads in this process again.
    pool = ProcessPoolExecutor(args.workers, mp_context=get_context("fork"), initializer=init_worker, initargs=(schemas, args.max_line_bytes))
    pool.submit(int).result()
    # One DuckDB thread (a second only fought the workers for the cores) and a checkpoint per 128 MB of log
    # rather than DuckDB's 16 MB: measured on the benchmark's file, these halved the writer's CPU.
    con = duckdb.connect(args.db, config={"threads": 1, "checkpoint_threshold": "128MB"})
    read = valid = rejected = chunks = 0
    worker_rss: dict[int, int] = {}

    def store(result: dict) -> None:
        nonlocal read, valid, rejected, chunks
        chunks += 1
        for table, batch in result["tables"].items():
            con.register("batch", batch)
            con.execute(f"INSERT INTO {table} BY NAME SELECT *, ? AS ingest_batch_id, now() AS ingested_at FROM batch", [chunks])
            valid += batch.num_rows
        if (rejects := result["rejects"]) is not None:
            con.register("batch", rejects)
            con.execute(
                "INSERT INTO rejected (source, position, record_type, record_id, reason, issues, raw, raw_bytes, ingest_batch_id, rejected_at) "
                "SELECT ?, position, record_type, record_id, reason, issues::JSON, raw, raw_bytes, ?, now() FROM batch",
                [args.file, chunks],
            )
            rejected += rejects.num_rows
        con.unregister("batch")
        if chunks % 10 == 0:
            con.execute("COMMIT; BEGIN")
        read += result["read"]
        worker_rss[result["pid"]] = max(worker_rss.get(result["pid"], 0), result["rss_kb"])
        if chunks % 20 == 0:
            print(f"peer: {read:,} records, {rejected:,} rejected", file=sys.stderr, flush=True)

    # A transaction per 10 chunks: committing every chunk cost more CPU than inserting it, and one for
    # the whole file held all of it in memory.
    con.execute("BEGIN")
    # At most two chunks per worker in flight: memory stays bounded whatever the file's size.
    in_flight: deque = deque()
    with open(args.file, "rb") as f:
        first_line = 1
        while lines := list(islice(f, args.chunk_lines)):
            in_flight.append(pool.submit(decode_chunk, first_line, lines))
            first_line += len(lines)
            if len(in_flight) >= 2 * args.workers:
                store(in_flight.popleft().result())
    while in_flight:
        store(in_flight.popleft().result())
    pool.shutdown()

    # Newest version per id: higher version, else later event_time, else the line read last. Rows were
    # appended in file order, so within a table a later line has a higher rowid.
    stored = 0
    for table in schemas:
        con.execute(
            f"DELETE FROM {table} WHERE rowid IN (SELECT rowid FROM {table} "
            "QUALIFY row_number() OVER (PARTITION BY id ORDER BY version DESC, event_time DESC, rowid DESC) > 1)"
        )
        stored += con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    con.execute("COMMIT")
    con.close()

    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    rss_mb = [round(kb / 1024) for kb in (own.ru_maxrss, *worker_rss.values())]
    summary = {
        "read": read,
        "stored": stored,
        "stale": valid - stored,
        "rejected": rejected,
        "wall_s": time.perf_counter() - started,
        "cpu_s": own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime,
        # Every process's peak added up: what the peer holds at most, like ours' one process with its threads.
        "peak_rss_mb": sum(rss_mb),
        "peak_rss_mb_per_process": rss_mb,
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
