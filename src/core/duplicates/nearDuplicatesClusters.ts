/**
 * Turns verified near-duplicate pairs (between distinct shingle sets) plus identical-set multiplicities into
 * row clusters: connected components of the graph whose edges are row pairs with Jaccard ≥ threshold.
 */
import type { DuplicateCluster } from './exactDuplicates.ts';
import type { NearDuplicateStore } from './nearDuplicatesStore.ts';
import type { UnionFind } from '../sketches/unionFind.ts';

const MAX_LINES = 100;

/** Clusters of one finished near-duplicate index. */
export interface NearClusters {
  /** Row pairs with Jaccard ≥ threshold: Σ m·(m−1)/2 over identical sets + Σ m_a·m_b over verified set pairs. */
  pairCount: number;
  top: DuplicateCluster[];
  clusterCount: number;
  rowsRemovable: number;
  clusterOfLine(): Map<number, number>;
  /** Rows of the index, in file order (rows without tokens or over the shingle budget are absent). */
  rowCount: number;
  /** Line of stored row `i`. */
  rowLine(i: number): number;
  /** Cluster id (rank in size order, as clusterOfLine) of stored row `i`, or −1. */
  rowCluster(i: number): number;
  /** Size, first line and mean similarity of cluster `id` (any id < clusterCount, not only listed ones). */
  clusterMeta(id: number): { size: number; firstLine: number; similarity: number };
  pairs(limit: number): { lineA: number; lineB: number; similarity: number }[];
}

/**
 * Verified pairs of distinct shingle sets: per-set aggregates for the report (bounded: 16 bytes per set) and
 * the first `maxStored` pairs themselves for verifiedPairs().
 */
export class VerifiedPairs {
  /** Σ m_a·m_b over verified pairs, attributed to set a. */
  readonly weight: Float64Array;
  /** Σ m_a·m_b·Jaccard over verified pairs, attributed to set a. */
  readonly simWeight: Float64Array;
  readonly a: number[] = [];
  readonly b: number[] = [];
  readonly sim: number[] = [];

  constructor(
    sets: number,
    private readonly maxStored: number,
  ) {
    this.weight = new Float64Array(sets);
    this.simWeight = new Float64Array(sets);
  }

  /** Records a verified pair of sets with `rowPairs` = m_a·m_b row pairs at similarity `s`. */
  add(a: number, b: number, s: number, rowPairs: number): void {
    this.weight[a] += rowPairs;
    this.simWeight[a] += rowPairs * s;
    if (this.a.length < this.maxStored) {
      this.a.push(a);
      this.b.push(b);
      this.sim.push(s);
    }
  }
}

/**
 * Builds the clusters from the union-find over distinct sets (already merged along verified pairs).
 * A cluster's meanSimilarity is the mean Jaccard over all its row pairs that are edges:
 * identical-set pairs count 1 each, a verified set pair counts m_a·m_b times.
 */
export function buildNearClusters(
  st: NearDuplicateStore,
  uf: UnionFind,
  vp: VerifiedPairs,
  maxClusters: number,
): NearClusters {
  const R = st.repCount;
  const root = new Int32Array(R);
  for (let r = 0; r < R; r++) root[r] = uf.find(r);
  const size = new Float64Array(R);
  const pairCnt = new Float64Array(R);
  const simSum = new Float64Array(R);
  const firstRep = new Int32Array(R).fill(-1);
  for (let r = 0; r < R; r++) {
    const g = root[r];
    const m = st.repMult[r];
    const within = (m * (m - 1)) / 2;
    size[g] += m;
    pairCnt[g] += within + vp.weight[r];
    simSum[g] += within + vp.simWeight[r];
    if (firstRep[g] < 0) firstRep[g] = r; // reps are created in file order
  }
  const roots: number[] = [];
  let pairCount = 0;
  let rowsRemovable = 0;
  for (let r = 0; r < R; r++) {
    if (root[r] !== r || size[r] < 2) continue;
    roots.push(r);
    pairCount += pairCnt[r];
    rowsRemovable += size[r] - 1;
  }
  const firstLine = (g: number): number => st.repFirstLine[firstRep[g]];
  roots.sort((a, b) => size[b] - size[a] || firstLine(a) - firstLine(b));
  const clusterId = new Int32Array(R).fill(-1);
  roots.forEach((g, i) => (clusterId[g] = i));

  const shown = Math.min(maxClusters, roots.length);
  const top: DuplicateCluster[] = roots.slice(0, shown).map((g) => ({
    size: size[g],
    lines: [],
    representativeLine: firstLine(g),
    meanSimilarity: pairCnt[g] > 0 ? simSum[g] / pairCnt[g] : 1,
  }));
  for (let i = 0; i < st.rowCount; i++) {
    const id = clusterId[root[st.rowRep[i]]];
    if (id >= 0 && id < shown && top[id].lines.length < MAX_LINES) top[id].lines.push(st.rowLine[i]);
  }

  return {
    pairCount,
    top,
    clusterCount: roots.length,
    rowsRemovable,
    rowCount: st.rowCount,
    rowLine: (i) => st.rowLine[i],
    rowCluster: (i) => clusterId[root[st.rowRep[i]]],
    clusterMeta(id) {
      const g = roots[id];
      return {
        size: size[g],
        firstLine: firstLine(g),
        similarity: pairCnt[g] > 0 ? simSum[g] / pairCnt[g] : 1,
      };
    },
    clusterOfLine() {
      const out = new Map<number, number>();
      for (let i = 0; i < st.rowCount; i++) {
        const id = clusterId[root[st.rowRep[i]]];
        if (id >= 0) out.set(st.rowLine[i], id);
      }
      return out;
    },
    pairs(limit) {
      const involved = new Uint8Array(R);
      for (let r = 0; r < R; r++) if (st.repMult[r] >= 2) involved[r] = 1;
      for (let i = 0; i < vp.a.length; i++) involved[vp.a[i]] = involved[vp.b[i]] = 1;
      const linesOf = new Map<number, number[]>();
      for (let i = 0; i < st.rowCount; i++) {
        const r = st.rowRep[i];
        if (!involved[r]) continue;
        const list = linesOf.get(r);
        if (list) list.push(st.rowLine[i]);
        else linesOf.set(r, [st.rowLine[i]]);
      }
      const out: { lineA: number; lineB: number; similarity: number }[] = [];
      for (const lines of linesOf.values()) {
        for (let i = 0; i < lines.length; i++)
          for (let j = i + 1; j < lines.length; j++) {
            if (out.length >= limit) return out;
            out.push({ lineA: lines[i], lineB: lines[j], similarity: 1 });
          }
      }
      for (let k = 0; k < vp.a.length; k++) {
        for (const x of linesOf.get(vp.a[k]) ?? [])
          for (const y of linesOf.get(vp.b[k]) ?? []) {
            if (out.length >= limit) return out;
            out.push({ lineA: Math.min(x, y), lineB: Math.max(x, y), similarity: vp.sim[k] });
          }
      }
      return out;
    },
  };
}
