/**
 * The near-duplicate graph of both inputs, built once so that any dedup threshold ≥ a floor can be applied
 * later without re-reading: rows with identical shingle sets share a representative (rep), and every pair of
 * reps whose exact Jaccard is ≥ the floor is kept with its similarity. Same shingles (word 5-grams), MinHash
 * seeds and LSH candidate rules as the analysis (duplicates/nearDuplicates.ts), with banding chosen for the floor.
 */
import { chooseBanding, forEachBandCandidate } from '../sketches/lsh.ts';
import { bandHash, minhashSignature, permutationSeeds } from '../sketches/minhash.ts';
import { jaccard, shingles } from '../duplicates/nearDuplicates.ts';
import { NearDuplicateStore } from '../duplicates/nearDuplicatesStore.ts';

const PERMUTATIONS = 128;
const BUCKET_CAP = 100;
const EPS = 1e-12;

export interface NearGraph {
  /** Rep of each added row, in the order rows were added; −1 for rows without tokens. */
  rowRep: Int32Array;
  reps: number;
  edgeA: Uint32Array;
  edgeB: Uint32Array;
  edgeSim: Float64Array;
}

/** Collects rows (token ids) and, on finish, verifies LSH candidates at the floor threshold. */
export class NearGraphBuilder {
  private readonly store: NearDuplicateStore;
  private readonly seeds: Uint32Array;
  private readonly sig: Uint32Array;
  private readonly bandBuf: Uint32Array;
  private readonly rowsPerBand: number;
  private readonly bands: number;
  private readonly key = new Uint32Array(2);
  private rowRep = new Int32Array(1 << 12);
  private rows = 0;

  constructor(private readonly floor: number) {
    if (!(floor > 0 && floor <= 1))
      throw new RangeError(`near-duplicate floor must be in (0, 1], got ${floor}`);
    const banding = chooseBanding(floor, PERMUTATIONS);
    this.bands = banding.bands;
    this.rowsPerBand = banding.rowsPerBand;
    this.seeds = permutationSeeds(this.bands * this.rowsPerBand, 1);
    this.sig = new Uint32Array(this.seeds.length);
    this.bandBuf = new Uint32Array(this.bands);
    this.store = new NearDuplicateStore(this.bands, Number.MAX_SAFE_INTEGER);
  }

  /** Adds the next row; returns its rep (−1 without tokens). */
  addRow(tokens: Uint32Array): number {
    const i = this.rows++;
    if (i >= this.rowRep.length) {
      const grown = new Int32Array(this.rowRep.length * 2);
      grown.set(this.rowRep);
      this.rowRep = grown;
    }
    if (tokens.length === 0) return (this.rowRep[i] = -1);
    const st = this.store;
    const sh = shingles(tokens);
    let rep = st.findRep(sh, this.key);
    if (rep < 0) {
      minhashSignature(sh, this.seeds, this.sig);
      for (let b = 0; b < this.bands; b++) this.bandBuf[b] = bandHash(this.sig, b, this.rowsPerBand);
      rep = st.addRep(sh, this.key, this.bandBuf, i + 1);
    }
    st.addRow(i + 1, rep);
    return (this.rowRep[i] = rep);
  }

  /** Verifies candidates once per pair (first shared band) and returns the graph. */
  finish(): NearGraph {
    const st = this.store;
    const a: number[] = [];
    const b: number[] = [];
    const s: number[] = [];
    const t = this.floor;
    for (let band = 0; band < this.bands; band++) {
      forEachBandCandidate(st.bandColumn(band), BUCKET_CAP, (x, y) => {
        if (st.sharedEarlierBand(x, y, band)) return;
        const A = st.shinglesOf(x);
        const B = st.shinglesOf(y);
        if (Math.min(A.length, B.length) < (t - EPS) * Math.max(A.length, B.length)) return;
        const sim = jaccard(A, B);
        if (sim >= t - EPS) {
          a.push(x);
          b.push(y);
          s.push(sim);
        }
      });
    }
    return {
      rowRep: this.rowRep.slice(0, this.rows),
      reps: st.repCount,
      edgeA: Uint32Array.from(a),
      edgeB: Uint32Array.from(b),
      edgeSim: Float64Array.from(s),
    };
  }
}
