/**
 * Interns token strings to dense integer ids and counts their frequency, so every accumulator
 * works on small integers instead of strings and the frequency table exists exactly once per corpus.
 */
export class Vocabulary {
  private readonly ids = new Map<string, number>();
  private readonly strings: string[] = [];
  private freq = new Float64Array(1024);
  private total = 0;

  /** Id of `token`, creating it when new. Does not count an occurrence. */
  intern(token: string): number {
    let id = this.ids.get(token);
    if (id === undefined) {
      id = this.strings.length;
      this.ids.set(token, id);
      this.strings.push(token);
      if (id >= this.freq.length) {
        const grown = new Float64Array(this.freq.length * 2);
        grown.set(this.freq);
        this.freq = grown;
      }
    }
    return id;
  }

  /** Interns and counts every token of one row; returns the row's ids in order. */
  addTokens(tokens: readonly string[]): Uint32Array {
    const out = new Uint32Array(tokens.length);
    for (let i = 0; i < tokens.length; i++) {
      const id = this.intern(tokens[i]);
      this.freq[id]++;
      out[i] = id;
    }
    this.total += tokens.length;
    return out;
  }

  /** Id of a known token, or undefined. */
  idOf(token: string): number | undefined {
    return this.ids.get(token);
  }

  tokenOf(id: number): string {
    return this.strings[id];
  }

  /** Number of occurrences counted for `id`. */
  count(id: number): number {
    return id < this.strings.length ? this.freq[id] : 0;
  }

  /** Number of distinct types interned. */
  get size(): number {
    return this.strings.length;
  }

  /** Number of token occurrences counted. */
  get totalTokens(): number {
    return this.total;
  }

  /** Frequencies of ids 0…size−1 (a view; do not modify). */
  frequencies(): Float64Array {
    return this.freq.subarray(0, this.strings.length);
  }

  /** Token → frequency map of the types with frequency ≥ 1 (for tails / reference comparison). */
  toCountMap(): Map<string, number> {
    const m = new Map<string, number>();
    for (let i = 0; i < this.strings.length; i++) if (this.freq[i] > 0) m.set(this.strings[i], this.freq[i]);
    return m;
  }
}
