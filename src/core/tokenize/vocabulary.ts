/**
 * Interns token strings to dense integer ids and counts their frequency, so every accumulator
 * works on small integers instead of strings and the frequency table exists exactly once per corpus.
 *
 * Why this layout: the hot path (analyze → addText) must not allocate per token. Types live in an
 * open-addressing table of ids (Int32Array, load ≤ 1/2) keyed by the token's two 32-bit hash lanes
 * (tokenHash.ts). Per type, in id order, `meta` holds [lane A, lane B, offset, length] and `chars` the
 * lowercased code units; a hit is always verified against those characters, so ids are exact (never merged
 * by a hash collision). Ids are assigned in order of first appearance, so the frequent types have small ids
 * and their meta / chars / frequency entries sit together in cache. Each type's string is built once.
 */
import { LANE_A0, LANE_B0, laneA, laneB, slotOf } from './tokenHash.ts';
import { WordScanner, packedToken } from './wordScan.ts';
import { withRoom } from '../typedArrays.ts';

/** A vocabulary as plain data: per type (in id order) [lane A, lane B, offset, length] in meta, code units in chars. */
export interface VocabularyPartial {
  types: number;
  total: number;
  meta: Int32Array;
  chars: Uint16Array;
  freq: Float64Array;
}

export class Vocabulary {
  /** id + 1 per slot (0 = empty); 2^bits slots. */
  private slots = new Int32Array(1 << 11);
  private bits = 11;
  /** Per id: [4id] lane A, [4id + 1] lane B, [4id + 2] offset in `chars`, [4id + 3] length. */
  private meta = new Int32Array(4 * 1024);
  private chars = new Uint16Array(1 << 14);
  /**
   * Per id: [2id, 2id + 1] the type packed by packedToken (wordScan.ts), or [0, −1] when it is not packable. Why: the
   * scanner packs each token as it scans it, and a hit on a packable token is then verified by these two words
   * alone — exactly, without the loop over `chars` that cost ~30 ns per token (session 15).
   */
  private packed = new Int32Array(2 * 1024);
  private charsUsed = 0;
  private readonly strings: string[] = [];
  private freq = new Float64Array(1024);
  private total = 0;
  private scanner: WordScanner | null = null;
  /** Tokens of the last addTextView (scannedKeys). */
  private scannedTokens = 0;
  /** A token's code units while `find` looks it up. */
  private codes = new Uint16Array(64);

  /** Id of `token`, creating it when new. Does not count an occurrence. */
  intern(token: string): number {
    const id = this.find(token);
    return id >= 0 ? id : this.insert(-1 - id, token);
  }

  /**
   * Id of the token whose lowercased code units are low[0, len) and whose lanes over them are (a, b); creating
   * it when new. The scanner's entry point: no string is built unless the type is new.
   */
  internCodes(low: Uint16Array, len: number, a: number, b: number, p0 = 0, p1 = -1): number {
    const id = p1 >= 0 ? this.findPacked(a, b, p0, p1) : this.findCodes(low, 0, len, a, b);
    return id >= 0 ? id : this.insert(-1 - id, codesToString(low, len));
  }

  /**
   * Id of the packable token packed as (p0, p1) with lanes (a, b) (≥ 0), or −1 − (the empty slot where it would go).
   * Equal packed words are equal tokens (packedToken), so nothing else is compared.
   */
  private findPacked(a: number, b: number, p0: number, p1: number): number {
    const slots = this.slots;
    const packed = this.packed;
    const mask = slots.length - 1;
    let i = slotOf(a, b, this.bits);
    for (;;) {
      const id = slots[i] - 1;
      if (id < 0) return -1 - i;
      if (packed[2 * id] === p0 && packed[2 * id + 1] === p1) return id;
      i = (i + 1) & mask;
    }
  }

  /**
   * Id of the type with code units low[at, at + len) and lanes (a, b) (≥ 0), or −1 − (the empty slot where it
   * would go).
   */
  private findCodes(low: Uint16Array, at: number, len: number, a: number, b: number): number {
    const slots = this.slots;
    const meta = this.meta;
    const mask = slots.length - 1;
    let i = slotOf(a, b, this.bits);
    for (;;) {
      const id = slots[i] - 1;
      if (id < 0) return -1 - i;
      const m = 4 * id;
      if (meta[m] === a && meta[m + 1] === b && meta[m + 3] === len) {
        const chars = this.chars;
        const off = meta[m + 2];
        let k = 0;
        while (k < len && chars[off + k] === low[at + k]) k++;
        if (k === len) return id;
      }
      i = (i + 1) & mask;
    }
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

  /**
   * Counts one occurrence of each id (ids already interned). Why: a tokenizer that interns by its own means
   * (winkIds.ts) still counts through the one frequency table.
   */
  countIds(ids: Uint32Array): void {
    const freq = this.freq;
    for (let i = 0; i < ids.length; i++) freq[ids[i]]++;
    this.total += ids.length;
  }

  /**
   * Tokenizes `text` with the `word` rule (identical to wordTokenizer.tokenize), interns and counts every
   * token; returns the row's ids in order. Why: the analysis hot path, with no per-token allocation.
   */
  addText(text: string): Uint32Array {
    return this.addTextView(text).slice();
  }

  /**
   * addText without the copy: the ids are a view of the scanner's buffer, valid only until the next addText /
   * addTextView. Why: the analysis hot path (RowFeed) uses a row's ids only while it feeds that row, and a fresh
   * array per row is 4 bytes per token of garbage plus one backing store per row.
   */
  addTextView(text: string): Uint32Array {
    const sc = (this.scanner ??= new WordScanner());
    const n = sc.scan(text, this);
    this.scannedTokens = n;
    const ids = sc.ids;
    const freq = this.freq;
    for (let i = 0; i < n; i++) freq[ids[i]]++;
    this.total += n;
    return ids.subarray(0, n);
  }

  /**
   * The content keys of the tokens of the last addTextView — what keysOf(those ids) writes — as views of the
   * scanner's buffers, valid until the next addText / addTextView. Why: the scanner had each token's lanes in hand, so
   * the hot path (RowFeed) takes them from it instead of reading them back per id (a random read per token).
   */
  scannedKeys(): { lo: Uint32Array; hi: Uint32Array } {
    const sc = this.scanner;
    const n = this.scannedTokens;
    if (sc === null) return { lo: new Uint32Array(0), hi: new Uint32Array(0) };
    return { lo: sc.lanesA.subarray(0, n), hi: sc.lanesB.subarray(0, n) };
  }

  /**
   * Writes each token's content key (its two hash lanes, which depend only on the token's characters) into
   * lo[i] / hi[i]. Why: the n-gram, shingle and phrase hashes of a chunk must not depend on that chunk's
   * vocabulary ids, so chunks analysed apart hash the same n-gram to the same value and their tables merge.
   */
  keysOf(ids: Uint32Array, lo: Uint32Array, hi: Uint32Array): void {
    const meta = this.meta;
    for (let i = 0; i < ids.length; i++) {
      const m = 4 * ids[i];
      lo[i] = meta[m];
      hi[i] = meta[m + 1];
    }
  }

  /** The vocabulary as plain typed arrays (types in id order with their counts), for merging elsewhere. */
  snapshot(): VocabularyPartial {
    const n = this.strings.length;
    return {
      types: n,
      total: this.total,
      meta: this.meta.slice(0, 4 * n),
      chars: this.chars.slice(0, this.charsUsed),
      freq: this.freq.slice(0, n),
    };
  }

  /**
   * Adds a later chunk's vocabulary: its types are interned in its id order (so global ids stay in order of first
   * appearance over the concatenated chunks, exactly as one pass would number them) and its counts added.
   * Returns remap[localId] = global id. The partial's code units are compared in place (no copy per type).
   */
  merge(p: VocabularyPartial): Uint32Array {
    const remap = new Uint32Array(p.types);
    const meta = p.meta;
    const chars = p.chars;
    for (let id = 0; id < p.types; id++) {
      const m = 4 * id;
      const off = meta[m + 2];
      const len = meta[m + 3];
      let g = this.findCodes(chars, off, len, meta[m], meta[m + 1]);
      if (g < 0) g = this.insert(-1 - g, codesToString(chars.subarray(off, off + len), len));
      if (g >= this.freq.length) this.growFreq(g);
      this.freq[g] += p.freq[id];
      remap[id] = g;
    }
    this.total += p.total;
    return remap;
  }

  /** Id of a known token, or undefined. */
  idOf(token: string): number | undefined {
    const id = this.find(token);
    return id >= 0 ? id : undefined;
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

  /** Id of `token` (≥ 0), or −1 − (the empty slot where it would go). */
  private find(token: string): number {
    let a = LANE_A0;
    let b = LANE_B0;
    const len = token.length;
    if (this.codes.length < len) this.codes = new Uint16Array(Math.max(len, 2 * this.codes.length));
    const codes = this.codes;
    for (let k = 0; k < len; k++) {
      const c = token.charCodeAt(k);
      codes[k] = c;
      a = laneA(a, c);
      b = laneB(b, c);
    }
    return this.findCodes(codes, 0, len, a, b);
  }

  /** Appends the new type `token` at empty slot `slot`; grows the per-id arrays and (at load 1/2) the table. */
  private insert(slot: number, token: string): number {
    const id = this.strings.length;
    const len = token.length;
    let a = LANE_A0;
    let b = LANE_B0;
    if (this.charsUsed + len > this.chars.length) {
      let cap = this.chars.length * 2;
      while (cap < this.charsUsed + len) cap *= 2;
      const grown = new Uint16Array(cap);
      grown.set(this.chars.subarray(0, this.charsUsed));
      this.chars = grown;
    }
    const off = this.charsUsed;
    for (let k = 0; k < len; k++) {
      const c = token.charCodeAt(k);
      this.chars[off + k] = c;
      a = laneA(a, c);
      b = laneB(b, c);
    }
    this.charsUsed += len;
    // a regex match of 13+ characters is a slice that keeps its whole (lowercased) segment alive: store a copy
    this.strings.push(len >= 13 ? codesToString(this.chars.subarray(off, off + len), len) : token);
    this.meta = withRoom(this.meta, 4 * id + 4);
    this.freq = withRoom(this.freq, id + 1);
    this.meta[4 * id] = a;
    this.meta[4 * id + 1] = b;
    this.meta[4 * id + 2] = off;
    this.meta[4 * id + 3] = len;
    const pk = packedToken(this.chars, off, len);
    this.packed = withRoom(this.packed, 2 * id + 2);
    this.packed[2 * id] = pk === null ? 0 : pk[0];
    this.packed[2 * id + 1] = pk === null ? -1 : pk[1];
    this.slots[slot] = id + 1;
    if ((id + 1) * 2 > this.slots.length) this.rehash();
    return id;
  }

  private growFreq(id: number): void {
    let cap = this.freq.length;
    while (cap <= id) cap *= 2;
    const f = new Float64Array(cap);
    f.set(this.freq);
    this.freq = f;
  }

  private rehash(): void {
    const bits = this.bits + 1;
    const slots = new Int32Array(1 << bits);
    const mask = slots.length - 1;
    for (let id = 0; id < this.strings.length; id++) {
      let i = slotOf(this.meta[4 * id], this.meta[4 * id + 1], bits);
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = id + 1;
    }
    this.slots = slots;
    this.bits = bits;
  }
}

/** low[0, len) as a new flat string (in chunks: spreading a huge token would overflow the stack). */
function codesToString(low: Uint16Array, len: number): string {
  if (len <= 4096) return String.fromCharCode.apply(null, low.subarray(0, len) as unknown as number[]);
  const parts: string[] = [];
  for (let k = 0; k < len; k += 4096)
    parts.push(
      String.fromCharCode.apply(null, low.subarray(k, Math.min(len, k + 4096)) as unknown as number[]),
    );
  return parts.join('');
}
