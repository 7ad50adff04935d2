/**
 * The LSH band keys of the near-duplicate store's distinct shingle sets ("reps"): `bands` 32-bit keys per rep, in
 * fixed-size segments, of which the oldest go to the store's temporary file past a memory budget.
 *
 * Why: the band keys are the largest per-row structure of the main thread — 72 bytes per distinct row with 18
 * bands, held in one array that doubled (256 MiB, and 384 MiB while it was copied, for the ~1.9 M distinct rows of
 * a 2 GB file). Here a rep's keys go into the open segment (rep-major, growing up to `segmentReps` reps); a full
 * segment is stored column-major (band j of its reps together), so that finish() can read one band's keys of the
 * spilled segments with one positioned read per segment. Spilled segments are always the oldest, so the spilled reps
 * are a prefix 0 … spilledReps − 1. Results never depend on the budget (nearDuplicates.ts reads the keys back
 * when it verifies candidates).
 */
import type { NearSpillFile } from './nearSpillFile.ts';
import { withRoom } from '../typedArrays.ts';

/** Default reps per segment (8,192 reps × 18 bands × 4 bytes = 576 KiB). */
export const DEFAULT_BAND_SEGMENT_REPS = 8192;

/** Band keys of reps 0 … count − 1, appended in rep order. */
export class NearBandKeys {
  /** Closed segments, column-major (key of rep s·segmentReps + i in band j at [j·segmentReps + i]); null once spilled. */
  private readonly segs: (Uint32Array | null)[] = [];
  /** Byte position of each spilled segment in the spill file. */
  private readonly segPos: number[] = [];
  /** The open segment, rep-major (key of its i-th rep in band j at [i·bands + j]). */
  private open = new Uint32Array(64);
  private spilledSegs = 0;
  /** Reps stored. */
  count = 0;

  constructor(
    readonly bands: number,
    /** Bytes of closed segments kept in memory (Infinity: never spill). */
    private readonly memoryBytes: number,
    readonly segmentReps: number,
    /** The spill file, created on first use. */
    private readonly file: () => NearSpillFile,
  ) {
    if (!(memoryBytes >= 0)) throw new RangeError('band key memory budget must be ≥ 0');
    if (!(Number.isInteger(segmentReps) && segmentReps >= 1)) throw new RangeError('segmentReps must be ≥ 1');
  }

  /** Reps whose keys are in the spill file: reps 0 … spilledReps − 1. */
  get spilledReps(): number {
    return this.spilledSegs * this.segmentReps;
  }

  /** Appends the next rep's `bands` keys. */
  append(keys: Uint32Array): void {
    const nb = this.bands;
    const i = this.count - this.segs.length * this.segmentReps;
    this.open = withRoom(this.open, (i + 1) * nb);
    this.open.set(keys.subarray(0, nb), i * nb);
    this.count++;
    if (i + 1 === this.segmentReps) this.closeSegment();
  }

  private closeSegment(): void {
    const nb = this.bands;
    const n = this.segmentReps;
    const seg = new Uint32Array(n * nb);
    const open = this.open;
    for (let i = 0; i < n; i++) for (let j = 0; j < nb; j++) seg[j * n + i] = open[i * nb + j];
    this.segs.push(seg);
    this.segPos.push(-1);
    const segBytes = seg.byteLength;
    while ((this.segs.length - this.spilledSegs) * segBytes > this.memoryBytes) {
      const s = this.spilledSegs++;
      this.segPos[s] = this.file().append(this.segs[s]!);
      this.segs[s] = null;
    }
  }

  /** Key of rep `r` in band `j`, for a rep that is not spilled (r ≥ spilledReps). */
  keyAt(r: number, j: number): number {
    const n = this.segmentReps;
    const s = Math.floor(r / n);
    if (s >= this.segs.length) return this.open[(r - s * n) * this.bands + j];
    return this.segs[s]![j * n + (r - s * n)];
  }

  /** Fills `into` (≥ spilledReps long) with band `j`'s keys of the spilled reps. */
  readSpilled(j: number, into: Uint32Array): void {
    const n = this.segmentReps;
    for (let s = 0; s < this.spilledSegs; s++)
      this.file().read(into.subarray(s * n, (s + 1) * n), this.segPos[s] + j * n * 4);
  }

  /**
   * Band `j`'s key of every rep, indexed by rep: a fresh array, or `into` (at least `count` long; the first `count`
   * items are written and returned) — the finish reads 18 columns and reuses one buffer for them.
   */
  column(j: number, into?: Uint32Array): Uint32Array {
    if (into && into.length < this.count) throw new RangeError('column buffer too short');
    const out = into ? into.subarray(0, this.count) : new Uint32Array(this.count);
    const n = this.segmentReps;
    if (this.spilledSegs > 0) this.readSpilled(j, out);
    for (let s = this.spilledSegs; s < this.segs.length; s++)
      out.set(this.segs[s]!.subarray(j * n, (j + 1) * n), s * n);
    const nb = this.bands;
    for (let r = this.segs.length * n, i = 0; r < this.count; r++, i++) out[r] = this.open[i * nb + j];
    return out;
  }

  /** Every rep's keys, rep-major ([r·bands + j]), as the store's partials carry them. */
  repMajor(): Uint32Array {
    const nb = this.bands;
    const n = this.segmentReps;
    const out = new Uint32Array(this.count * nb);
    const buf = this.spilledSegs > 0 ? new Uint32Array(n * nb) : null;
    for (let s = 0; s < this.segs.length; s++) {
      let seg = this.segs[s];
      if (seg === null) {
        this.file().read(buf!, this.segPos[s]);
        seg = buf!;
      }
      const base = s * n * nb;
      for (let j = 0; j < nb; j++) for (let i = 0; i < n; i++) out[base + i * nb + j] = seg[j * n + i];
    }
    const start = this.segs.length * n;
    out.set(this.open.subarray(0, (this.count - start) * nb), start * nb);
    return out;
  }

  /**
   * For each pair (a[i], b[i]), i < n: out[i] = 1 when the two reps have equal keys in some band before `band`,
   * else 0. Reads each earlier band of the spilled reps once (one positioned read per spilled segment).
   */
  markSharedEarlier(
    a: Uint32Array,
    b: Uint32Array,
    n: number,
    band: number,
    out: Uint8Array,
    colBuffer?: Uint32Array,
  ): void {
    out.fill(0, 0, n);
    const S = this.spilledReps;
    let spilledPairs = false;
    for (let i = 0; i < n && !spilledPairs; i++) spilledPairs = a[i] < S || b[i] < S;
    const col = spilledPairs
      ? colBuffer && colBuffer.length >= S
        ? colBuffer.subarray(0, S)
        : new Uint32Array(S)
      : null;
    for (let j = 0; j < band; j++) {
      if (col) this.readSpilled(j, col);
      for (let i = 0; i < n; i++) {
        if (out[i]) continue;
        const x = a[i];
        const y = b[i];
        const kx = x < S ? col![x] : this.keyAt(x, j);
        const ky = y < S ? col![y] : this.keyAt(y, j);
        if (kx === ky) out[i] = 1;
      }
    }
  }
}
