/**
 * A check of a Parquet row group's run-length encoded sections, run before hyparquet decodes the group.
 *
 * Why it exists: hyparquet (1.33.0) decodes an RLE run by writing `count` values from where the previous run ended,
 * with no bound on the page's value count. In a corrupt file `count` is any 31-bit number, so one flipped byte grows a
 * JavaScript array past V8's limit and V8 aborts the whole process ("Fatal JavaScript invalid size error") — an
 * uncatchable crash of the CLI, or of the extension host around an analysis worker — found by the fuzz tests
 * (test/unit/fixtures/fuzz/parquet-rle-run-overruns-page.parquet).
 *
 * So every RLE / bit-packed hybrid section hyparquet will decode — repetition and definition levels, RLE booleans,
 * dictionary indices, in data pages v1 and v2 — is walked run by run exactly as hyparquet reads it (its own page
 * header parser, decompressor and varint reader), and an RLE run that goes far past its page's value count is reported. The
 * walk reads only run headers; what else is wrong with a page hyparquet reports itself, as an error the reader maps.
 */
import type { AsyncBuffer, Compressors, DataReader, FileMetaData, PageHeader } from 'hyparquet';
import { parquetHeader } from 'hyparquet/src/column.js';
import { decompressPage } from 'hyparquet/src/datapage.js';
import { getMaxDefinitionLevel, getMaxRepetitionLevel, getSchemaPath } from 'hyparquet/src/schema.js';
import { readVarInt } from 'hyparquet/src/thrift.js';

/** Bits of a level or index of at most `value` (hyparquet's bitWidth). */
const bitWidth = (value: number): number => 32 - Math.clz32(value);

/**
 * Values an RLE run may write past its page's count before it is called corrupt. A valid writer never overruns; the
 * slack only keeps a lenient reading of odd writers, and is harmless (hyparquet then grows an array by at most this).
 */
const RUN_SLACK = 1024;

/**
 * Walks one hybrid section as hyparquet's readRleBitPackedHybrid does (a 4-byte length first when `prefixed`) until
 * `values` are decoded; returns a description of the first RLE run that writes far past them, else null. Bit-packed
 * runs may overrun (writers pad the last group, e.g. DuckDB writes 256 values for 67): hyparquet stops writing at the
 * page's count and their loop ends with the page's bytes — except at bit width 0, where it reads nothing and loops.
 * A length-prefixed section ends where its length says, not where its runs ended (hyparquet jumps there too: a writer
 * may leave bytes after the runs), so the next section is read from the same offset hyparquet reads it from.
 */
export function hybridSectionOverrun(
  reader: DataReader,
  width: number,
  values: number,
  prefixed: boolean,
): string | null {
  let end: number | null = null;
  if (prefixed) {
    if (reader.offset + 4 > reader.view.byteLength) return null; // hyparquet throws its own RangeError
    end = reader.offset + 4 + reader.view.getUint32(reader.offset, true);
    reader.offset += 4;
  }
  const view = reader.view;
  let seen = 0;
  while (seen < values) {
    // (past the end of the page hyparquet throws a RangeError of its own: nothing to guard)
    if (reader.offset >= view.byteLength) return null;
    const header = readVarInt(reader);
    if (header & 1) {
      const count = (header >> 1) << 3;
      // with a zero bit width nothing is read, so hyparquet loops over every value (forever for a negative count)
      if (width === 0 && (count < 0 || count > values - seen + RUN_SLACK))
        return `a bit-packed run of ${count} zero-width values where ${values - seen} remain`;
      if (count <= 0) return null; // hyparquet reads on to the page's end and throws
      seen += count;
      reader.offset += Math.ceil((count * width) / 8);
    } else {
      const count = header >>> 1;
      if (count > values - seen + RUN_SLACK) return `a run of ${count} values where ${values - seen} remain`;
      seen += count;
      reader.offset += (width + 7) >> 3;
    }
  }
  if (end !== null) reader.offset = end;
  return null;
}

/** The hybrid sections of one data page (v1 or v2) whose runs overrun the page; null when none does. */
function pageOverrun(
  header: PageHeader,
  raw: Uint8Array,
  column: { type: string; maxRep: number; maxDef: number; nested: boolean },
  codec: Parameters<typeof decompressPage>[2],
  compressors: Compressors,
): string | null {
  const dictOrRle = (e: string | undefined): boolean =>
    e === 'PLAIN_DICTIONARY' || e === 'RLE_DICTIONARY' || e === 'RLE';
  const at = (bytes: Uint8Array): DataReader => ({
    view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    offset: 0,
  });
  if (header.type === 'DATA_PAGE' && header.data_page_header) {
    const d = header.data_page_header;
    const n = d.num_values;
    const r = at(decompressPage(raw, Number(header.uncompressed_page_size), codec, compressors));
    const problem =
      (column.nested && column.maxRep ? hybridSectionOverrun(r, bitWidth(column.maxRep), n, true) : null) ??
      (column.maxDef ? hybridSectionOverrun(r, bitWidth(column.maxDef), n, true) : null);
    if (problem || !dictOrRle(d.encoding) || r.offset >= r.view.byteLength) return problem;
    const width = column.type === 'BOOLEAN' ? 1 : r.view.getUint8(r.offset++);
    return width ? hybridSectionOverrun(r, width, n, column.type === 'BOOLEAN') : null;
  }
  if (header.type === 'DATA_PAGE_V2' && header.data_page_header_v2) {
    const d = header.data_page_header_v2;
    const n = d.num_values;
    const repLen = d.repetition_levels_byte_length;
    const defLen = d.definition_levels_byte_length;
    const r = at(raw);
    let problem = column.maxRep ? hybridSectionOverrun(r, bitWidth(column.maxRep), n, false) : null;
    r.offset = repLen;
    problem ??= column.maxDef ? hybridSectionOverrun(r, bitWidth(column.maxDef), n, false) : null;
    if (problem || !dictOrRle(d.encoding)) return problem;
    const size = header.uncompressed_page_size - defLen - repLen;
    let page = raw.subarray(repLen + defLen);
    if (d.is_compressed !== false && size) page = decompressPage(page, size, codec, compressors);
    const p = at(page);
    if (d.encoding === 'RLE') return hybridSectionOverrun(p, 1, n, true);
    if (p.offset >= p.view.byteLength) return null;
    const width = p.view.getUint8(p.offset++);
    return hybridSectionOverrun(p, width, n, false);
  }
  return null;
}

/**
 * Null when no RLE run of row group `g` overruns its page, else what overruns where (for the reader's "corrupt"
 * message). Why: hyparquet would otherwise crash the process on such a file (see the module comment). Throws on what
 * it cannot parse (a bad page header, a page that does not decompress): the file is corrupt either way.
 */
export async function rowGroupRunOverrun(
  file: AsyncBuffer,
  metadata: FileMetaData,
  g: number,
  compressors: Compressors,
): Promise<string | null> {
  for (const chunk of metadata.row_groups[g].columns) {
    const meta = chunk.meta_data;
    if (!meta) continue;
    const start = Number(meta.dictionary_page_offset || meta.data_page_offset);
    const end = Math.min(file.byteLength, start + Number(meta.total_compressed_size));
    if (!(start >= 0 && end > start)) continue;
    const bytes = new Uint8Array(await file.slice(start, end));
    const schemaPath = getSchemaPath(metadata.schema, meta.path_in_schema);
    const column = {
      type: meta.type,
      maxRep: getMaxRepetitionLevel(schemaPath),
      maxDef: getMaxDefinitionLevel(schemaPath),
      nested: schemaPath.length > 1,
    };
    const reader: DataReader = {
      view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      offset: 0,
    };
    while (reader.offset < bytes.length - 1) {
      const header = parquetHeader(reader);
      const size = header.compressed_page_size;
      if (!(size >= 0) || reader.offset + size > bytes.length) break; // hyparquet refuses the page itself
      const raw = bytes.subarray(reader.offset, reader.offset + size);
      reader.offset += size;
      const problem = pageOverrun(header, raw, column, meta.codec, compressors);
      if (problem) return `column ${meta.path_in_schema.join('.')}: ${problem}`;
    }
  }
  return null;
}
