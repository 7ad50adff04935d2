/**
 * Disjoint-set forest over 0…n−1 (typed arrays, union by size, path halving) — turns verified
 * near-duplicate pairs into connected components (clusters) in near-linear time and n·8 bytes.
 */
export class UnionFind {
  private readonly parent: Int32Array;
  private readonly weight: Uint32Array;

  constructor(n: number) {
    this.parent = new Int32Array(n);
    this.weight = new Uint32Array(n).fill(1);
    for (let i = 0; i < n; i++) this.parent[i] = i;
  }

  /** Root of `x`'s component. */
  find(x: number): number {
    const p = this.parent;
    while (p[x] !== x) {
      p[x] = p[p[x]];
      x = p[x];
    }
    return x;
  }

  /** Merges the components of `a` and `b`; returns the new root. */
  union(a: number, b: number): number {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return ra;
    if (this.weight[ra] < this.weight[rb]) {
      const t = ra;
      ra = rb;
      rb = t;
    }
    this.parent[rb] = ra;
    this.weight[ra] += this.weight[rb];
    return ra;
  }
}
