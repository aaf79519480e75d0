// What can be known about a SQLite file in milliseconds, without reading its pages: the 100-byte
// header (magic, page size, page count, freelist) against the file's size, and the schema's hash
// as the manifest records it. Restore uses this on a database whose bytes already matched a signed
// manifest, instead of scanning every page again; the schema hash is shared with the full facts.
import Database from 'better-sqlite3';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { createHash } from 'node:crypto';

export interface HeaderFacts {
  page_size: number;
  /** From the header, when the header says its count is current; else from the file's size. */
  page_count: number;
  freelist_pages: number;
  file_size: number;
}

const MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/** The header's facts, or the reason the file is not a whole SQLite database. */
export function readHeader(file: string): HeaderFacts | { problem: string } {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const head = Buffer.alloc(100);
    const got = readSync(fd, head, 0, 100, 0);
    if (got < 100 || !head.subarray(0, 16).equals(MAGIC)) return { problem: 'the file does not start with the SQLite header' };
    const raw = head.readUInt16BE(16);
    const pageSize = raw === 1 ? 65536 : raw;
    if (pageSize < 512 || (pageSize & (pageSize - 1)) !== 0) return { problem: `the header's page size ${raw} is not a power of two from 512 to 65536` };
    // The in-header page count is valid only when written by a version that also set this marker.
    const countValid = head.readUInt32BE(24) === head.readUInt32BE(92);
    const headerPages = head.readUInt32BE(28);
    const pageCount = countValid && headerPages > 0 ? headerPages : Math.floor(size / pageSize);
    if (size % pageSize !== 0) return { problem: `the file's size ${size} is not a whole number of ${pageSize}-byte pages` };
    if (countValid && headerPages > 0 && headerPages * pageSize !== size) {
      return { problem: `the header counts ${headerPages} pages of ${pageSize} bytes (${headerPages * pageSize} bytes), the file has ${size}` };
    }
    return { page_size: pageSize, page_count: pageCount, freelist_pages: head.readUInt32BE(36), file_size: size };
  } finally {
    closeSync(fd);
  }
}

/** The schema as the manifest hashes it: every table, index, view and trigger with its SQL. */
export function schemaHash(db: Database.Database): string {
  const schema = db.prepare("SELECT type, name, tbl_name, coalesce(sql, '') AS sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").all();
  return createHash('sha256').update(JSON.stringify(schema)).digest('hex');
}
