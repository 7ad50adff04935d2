/**
 * Compression ratio of a dataset's text (Shaib et al.'s "compression ratio" diversity score).
 *
 * Definition: R = (UTF-8 bytes of all rows' texts joined with one space) / (bytes of that joined
 * text gzipped at level 6 as ONE gzip member), i.e. for small inputs exactly
 * `Buffer.byteLength(joined) / zlib.gzipSync(joined, { level: 6 }).length`. Higher = more
 * redundant text. null when the joined text is empty (0 bytes).
 *
 * Streaming: the text is never kept whole. Rows are encoded to UTF-8 into a block buffer up to `chunkBytes` (1 MiB); if
 * everything fits in one chunk, finish() gzips it synchronously in one call. Otherwise chunks go
 * to a single gzip stream in a background thread (compressionWorker.ts) with bounded in-flight
 * bytes, and finish() awaits its final size. Either way it is one stream over the exact joined
 * bytes (`compressionMethod: 'single-stream'`): no chunk-wise approximation.
 */
import * as zlib from 'node:zlib';
import { GzipWorkerStream } from './compressionWorker.ts';

/** Options of a `CompressionCounter`. */
export interface CompressionOptions {
  /** gzip level (default 6). */
  level?: number;
  /** Bytes of text buffered before a chunk is handed to the gzip thread (default 1 MiB). */
  chunkBytes?: number;
  /** Bytes allowed in flight to the gzip thread before addText blocks (default 16 MiB). */
  maxInFlightBytes?: number;
  /**
   * Fraction of the chunkBytes blocks that are compressed [1]: 1/p for a whole number p ≥ 1. Below 1, block 0 and
   * one block of every p later ones go to the gzip stream (sampledBlock), the others are skipped, and the ratio is
   * (raw bytes of the kept blocks) / (gzip bytes of their stream). For very large inputs only (see docs/metrics.md):
   * the rule is ≥ 10% of the bytes and within 1% of the full figure.
   */
  sampleRate?: number;
  /** Seed of that choice [0]; the analysis passes the chunk's start offset, so chunks choose different blocks. */
  sampleSeed?: number;
}

/** Result of a compression measurement. */
export interface CompressionResult {
  /** rawBytes / compressedBytes, or null when rawBytes = 0. */
  ratio: number | null;
  rawBytes: number;
  compressedBytes: number;
}

/** Streams texts (joined with one space) through gzip and counts raw and compressed bytes. */
export class CompressionCounter {
  private readonly level: number;
  private readonly chunkBytes: number;
  private readonly maxInFlightBytes: number;
  /** The pending block's UTF-8 bytes: [0, pendingBytes) of `pending` (null until the first text of a block). */
  private pending: Buffer | null = null;
  /** Capacity to give the next block's buffer (the last one's, so a block is not regrown from small each time). */
  private nextCapacity = 4096;
  private pendingBytes = 0;
  private rawBytes = 0;
  private texts = 0;
  private stream: GzipWorkerStream | null = null;
  private done = false;
  /** 1 / sampleRate: one block of every `sampleEvery` after block 0 is kept. */
  private readonly sampleEvery: number;
  private readonly sampleSalt: number;
  /** Blocks ended so far; the pending block's ordinal. */
  private blocks = 0;
  /** Whether the pending block goes to gzip (sampledBlock of its ordinal); a skipped block's text is not encoded. */
  private keepBlock = true;
  private skippedBlocks = 0;
  /** Set when the gzip thread failed; further text is only counted, finish() rejects with it. */
  private failure: Error | null = null;

  constructor(options: CompressionOptions = {}) {
    this.level = options.level ?? 6;
    this.chunkBytes = Math.max(1, options.chunkBytes ?? 1024 * 1024);
    this.maxInFlightBytes = options.maxInFlightBytes ?? 16 * 1024 * 1024;
    const sampleRate = options.sampleRate ?? 1;
    this.sampleEvery = Math.round(1 / sampleRate);
    if (!(sampleRate > 0) || !Number.isSafeInteger(this.sampleEvery) || this.sampleEvery * sampleRate !== 1)
      throw new RangeError(`compression sampleRate must be 1/p for a whole number p ≥ 1, got ${sampleRate}`);
    const seed = options.sampleSeed ?? 0;
    this.sampleSalt = (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.floor(seed / 4294967296)) | 0;
  }

  /** True once a block was left out of the gzip stream (sampleRate < 1 and more than one block). */
  get sampled(): boolean {
    return this.skippedBlocks > 0;
  }

  /** Appends one row's text (preceded by one space unless it is the first). */
  addText(text: string): void {
    if (this.done) throw new Error('CompressionCounter used after finish()/dispose()');
    if (!this.keepBlock) {
      // a block the sample skips: only its UTF-8 length decides where it ends (byteLength counts what write writes,
      // a lone surrogate as the 3 bytes of U+FFFD)
      const bytes = (this.texts++ > 0 ? 1 : 0) + Buffer.byteLength(text, 'utf8');
      this.rawBytes += bytes;
      this.pendingBytes += bytes;
      if (this.pendingBytes >= this.chunkBytes) this.flushChunk();
      return;
    }
    // encoded straight into the block's buffer (one pass; a UTF-16 unit is at most 3 UTF-8 bytes)
    const need = this.pendingBytes + 1 + 3 * text.length;
    if (this.pending === null || need > this.pending.length) this.grow(need);
    const buf = this.pending!;
    let p = this.pendingBytes;
    if (this.texts++ > 0) buf[p++] = 0x20;
    p += buf.write(text, p, 'utf8');
    this.rawBytes += p - this.pendingBytes;
    this.pendingBytes = p;
    if (this.pendingBytes >= this.chunkBytes) this.flushChunk();
  }

  /** Gives the pending block a buffer of at least `need` bytes, keeping its bytes so far. */
  private grow(need: number): void {
    const old = this.pending;
    let cap = Math.max(this.nextCapacity, old === null ? 0 : 2 * old.length);
    while (cap < need) cap *= 2;
    // allocUnsafeSlow: a buffer that owns its ArrayBuffer (never the shared pool), so it can be transferred
    const buf = Buffer.allocUnsafeSlow(cap);
    if (old !== null) old.copy(buf, 0, 0, this.pendingBytes);
    this.pending = buf;
    this.nextCapacity = cap;
  }

  /** The gzip thread's failure, if any (addText never throws for it; finish() rejects). */
  get error(): Error | null {
    return this.failure;
  }

  /** Raw bytes added so far. */
  get bytesIn(): number {
    return this.rawBytes;
  }

  /** Final sizes and ratio. Frees the gzip stream. */
  async finish(): Promise<CompressionResult> {
    if (this.done) throw new Error('CompressionCounter.finish() called twice');
    this.done = true;
    if (this.failure) throw this.failure;
    if (this.rawBytes === 0) return { ratio: null, rawBytes: 0, compressedBytes: 0 };
    let compressedBytes: number;
    if (this.stream === null) {
      // (the same bytes as the joined text: one gzip member over them)
      compressedBytes = zlib.gzipSync(this.pending!.subarray(0, this.pendingBytes), {
        level: this.level,
      }).length;
      this.pending = null;
    } else {
      if (this.pendingBytes > 0) this.flushChunk();
      compressedBytes = await this.stream.end();
      this.stream = null;
    }
    this.lastSizes = { rawBytes: this.rawBytes, compressedBytes };
    return { ratio: this.rawBytes / compressedBytes, rawBytes: this.rawBytes, compressedBytes };
  }

  /** Raw and compressed bytes of the finished stream (set by a successful finish()). */
  lastSizes: { rawBytes: number; compressedBytes: number } | null = null;

  /** Abandons the measurement and frees the gzip stream. */
  dispose(): void {
    this.done = true;
    this.pending = null;
    this.stream?.abort();
    this.stream = null;
  }

  private flushChunk(): void {
    const keep = this.keepBlock;
    this.keepBlock = sampledBlock(++this.blocks, this.sampleEvery, this.sampleSalt);
    if (!keep) {
      this.skippedBlocks++;
      this.rawBytes -= this.pendingBytes;
      this.pendingBytes = 0;
      return;
    }
    if (this.failure) {
      this.pendingBytes = 0;
      return;
    }
    const buf = this.pending!;
    const written = this.pendingBytes;
    // the buffer is transferred to the gzip thread: the next block gets a new one
    this.pending = null;
    this.pendingBytes = 0;
    try {
      if (this.stream === null) this.stream = new GzipWorkerStream(this.level, this.maxInFlightBytes);
      this.stream.write(buf.subarray(0, written));
    } catch (err) {
      this.failure = err instanceof Error ? err : new Error(String(err));
      this.stream?.abort();
      this.stream = null;
    }
  }
}

/**
 * Whether block `ordinal` (0, 1, 2, … in stream order) is gzipped when one block in `every` is: block 0 always, and
 * of the later blocks exactly one in each group of `every` consecutive ones (ordinals 1…every, every+1…2·every, …),
 * at a position within its group chosen by a hash of `salt` and the group. Why stratified rather than each block by a
 * coin: B blocks always keep at least 1 + ⌊(B − 1)/every⌋ ≥ B/every of them, so the floor (≥ 10 % of the
 * bytes at every = 8) holds by construction, and a drift in the text along the file is sampled evenly.
 */
export function sampledBlock(ordinal: number, every: number, salt: number): boolean {
  if (ordinal === 0 || every <= 1) return true;
  const group = Math.floor((ordinal - 1) / every);
  let h = Math.imul((group ^ 0x5bd1e995) + salt, 0x9e3779b1);
  h ^= h >>> 15;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return (ordinal - 1) % every === (h >>> 0) % every;
}

/** Reference ratio of `texts` by the definition (one gzipSync call over the joined text; small inputs). */
export function compressionRatio(texts: readonly string[], level = 6): number | null {
  const joined = texts.join(' ');
  const raw = Buffer.byteLength(joined, 'utf8');
  if (raw === 0) return null;
  return raw / zlib.gzipSync(joined, { level }).length;
}
