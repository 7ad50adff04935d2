/**
 * Row and shingle-set storage of the near-duplicate index, in typed arrays.
 *
 * Rows whose shingle SETS are identical (Jaccard 1) share one "representative" (rep): its sorted shingle
 * hashes and LSH band hashes are stored once, with a multiplicity. This makes exact and template-identical
 * copies cost 8 bytes per extra row, keeps huge identical LSH buckets out of the candidate stage, and lets
 * pairs be counted exactly (m copies contribute m·(m−1)/2 pairs at similarity 1).
 */
import { Hash64Table } from './exactDuplicatesTable.ts';
import { hashIds, hashIdsHigh } from '../sketches/minhash.ts';

const CHUNK = 1 << 22; // 4M hashes = 16 MiB per arena chunk

function grow(arr: Uint32Array, need: number): Uint32Array {
  if (need <= arr.length) return arr;
  let cap = arr.length * 2;
  while (cap < need) cap *= 2;
  const out = new Uint32Array(cap);
  out.set(arr);
  return out;
}

/** Sorted-array equality. */
function sameSet(a: Uint32Array, b: Uint32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Append-only store of rows (line, rep) and reps (shingle set, band hashes, multiplicity, first line).
 * Memory: 8 bytes per row; per distinct shingle set 4·|set| + 4·bands + 20 bytes plus ≈ 24 bytes of table.
 */
export class NearDuplicateStore {
  private chunks: Uint32Array[] = [];
  private chunkFill = CHUNK;
  private shingleBytes = 0;
  private readonly table = new Hash64Table(1 << 12);

  rowCount = 0;
  rowLine: Uint32Array = new Uint32Array(1 << 12);
  rowRep: Uint32Array = new Uint32Array(1 << 12);

  repCount = 0;
  private repChunk: Uint32Array = new Uint32Array(1 << 12);
  private repOffset: Uint32Array = new Uint32Array(1 << 12);
  private repLength: Uint32Array = new Uint32Array(1 << 12);
  repMult: Uint32Array = new Uint32Array(1 << 12);
  repFirstLine: Uint32Array = new Uint32Array(1 << 12);
  repBands: Uint32Array = new Uint32Array(1 << 12);

  constructor(
    readonly bands: number,
    private readonly maxShingleBytes: number,
  ) {}

  /** Bytes of shingle hashes stored so far. */
  get storedShingleBytes(): number {
    return this.shingleBytes;
  }

  /** Sorted distinct shingle hashes of rep `r` (a view into the arena). */
  shinglesOf(r: number): Uint32Array {
    const off = this.repOffset[r];
    return this.chunks[this.repChunk[r]].subarray(off, off + this.repLength[r]);
  }

  /**
   * Rep of an identical shingle set already stored, or −1. `key` receives the set's 64-bit hash.
   */
  findRep(sh: Uint32Array, key: Uint32Array): number {
    key[0] = hashIds(sh, 0, sh.length);
    key[1] = hashIdsHigh(sh, 0, sh.length);
    return this.table.find(key[0], key[1], (r) => sameSet(this.shinglesOf(r), sh));
  }

  /** Records a row that belongs to rep `r`. */
  addRow(line: number, r: number): void {
    const i = this.rowCount++;
    if (i >= this.rowLine.length) {
      this.rowLine = grow(this.rowLine, i + 1);
      this.rowRep = grow(this.rowRep, i + 1);
    }
    this.rowLine[i] = line;
    this.rowRep[i] = r;
    this.repMult[r]++;
  }

  /** Whether a new set of `size` hashes still fits in the shingle budget. */
  fits(size: number): boolean {
    return this.shingleBytes + size * 4 <= this.maxShingleBytes;
  }

  /** Stores a new rep (its first row is added separately with addRow); returns its index. */
  addRep(sh: Uint32Array, key: Uint32Array, bandHashes: Uint32Array, firstLine: number): number {
    const r = this.repCount++;
    if (r >= this.repMult.length) {
      const need = r + 1;
      this.repChunk = grow(this.repChunk, need);
      this.repOffset = grow(this.repOffset, need);
      this.repLength = grow(this.repLength, need);
      this.repMult = grow(this.repMult, need);
      this.repFirstLine = grow(this.repFirstLine, need);
    }
    this.repBands = grow(this.repBands, (r + 1) * this.bands);
    this.repBands.set(bandHashes, r * this.bands);
    if (this.chunkFill + sh.length > (this.chunks.at(-1)?.length ?? 0)) {
      this.chunks.push(new Uint32Array(Math.max(CHUNK, sh.length)));
      this.chunkFill = 0;
    }
    const chunk = this.chunks.length - 1;
    this.chunks[chunk].set(sh, this.chunkFill);
    this.repChunk[r] = chunk;
    this.repOffset[r] = this.chunkFill;
    this.repLength[r] = sh.length;
    this.repFirstLine[r] = firstLine;
    this.chunkFill += sh.length;
    this.shingleBytes += sh.length * 4;
    this.table.insert(key[0], key[1], r);
    return r;
  }

  /** Band `band`'s hash for every rep (a fresh array indexed by rep). */
  bandColumn(band: number): Uint32Array {
    const out = new Uint32Array(this.repCount);
    const b = this.bands;
    for (let r = 0; r < this.repCount; r++) out[r] = this.repBands[r * b + band];
    return out;
  }

  /** True when reps `a` and `b` share a band hash in some band before `band` (the pair was seen there). */
  sharedEarlierBand(a: number, b: number, band: number): boolean {
    const nb = this.bands;
    const oa = a * nb;
    const ob = b * nb;
    for (let k = 0; k < band; k++) if (this.repBands[oa + k] === this.repBands[ob + k]) return true;
    return false;
  }
}
