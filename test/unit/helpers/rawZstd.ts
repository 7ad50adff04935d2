/**
 * A zstd frame of stored (Raw_Block) blocks around ANY bytes, for reader tests whose content DuckDB cannot write
 * (helpers/zstdFixture.ts needs valid UTF-8 ending with a newline): invalid UTF-8, a stray NUL, a truncated last line
 * with no final newline. RFC 8878: magic, a frame header with a 4-byte content size (single segment, no checksum),
 * then blocks of at most `blockBytes` (≤ 128 KiB) stored as they are, the last one flagged. Small blocks cut lines
 * and characters at block boundaries. (Not a test file itself.)
 */

const MAGIC = Buffer.from([0x28, 0xb5, 0x2f, 0xfd]);
const MAX_BLOCK = 128 * 1024;

/** `bytes` as one zstd frame of raw blocks of `blockBytes` each (the last may be shorter). */
export function rawZstd(bytes: Uint8Array, blockBytes = MAX_BLOCK): Buffer {
  if (blockBytes < 1 || blockBytes > MAX_BLOCK) throw new Error(`rawZstd: block size ${blockBytes}`);
  if (bytes.length > 0xffffffff) throw new Error('rawZstd: content over 4 GiB');
  const header = Buffer.alloc(5);
  header[0] = 0xa0; // Frame_Content_Size_flag 2 (4 bytes), Single_Segment_flag 1, no checksum, no dictionary
  header.writeUInt32LE(bytes.length, 1);
  const parts: Buffer[] = [MAGIC, header];
  let at = 0;
  do {
    const size = Math.min(blockBytes, bytes.length - at);
    const last = at + size >= bytes.length ? 1 : 0;
    const h = Buffer.alloc(3);
    h.writeUIntLE(last | (0 << 1) | (size << 3), 0, 3); // Block_Type 0: Raw_Block
    parts.push(h, Buffer.from(bytes.subarray(at, at + size)));
    at += size;
  } while (at < bytes.length);
  return Buffer.concat(parts);
}
