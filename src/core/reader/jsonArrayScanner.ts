/**
 * Pure, chunk-boundary-exact splitter of ONE top-level JSON array into its elements' raw bytes.
 *
 * Why it exists: a dataset shipped as `[{…}, {…}, …]` (Alpaca's `alpaca_data.json`) must be streamed like JSONL,
 * never parsed whole. The scanner does not parse values; it tracks only what decides where an element ends —
 * strings (with their `\` escapes) and bracket depth — so a top-level `,` or the closing `]` ends an element.
 * Each element's bytes (surrounding whitespace excluded) go to a sink with its 1-based index, absolute byte
 * offset and length, and the line:column of its first byte, so the reader can JSON.parse it alone and report
 * problems where they are. Because strings and depth are tracked, a malformed element (`{"a":1,,}`, `{"a":1}}`)
 * still ends at the next top-level comma and scanning resumes after it; what cannot be resynchronised (an
 * unterminated string, an unclosed bracket) surfaces at the end of input as one JsonArrayStructureError naming
 * the element where it began. Depth is a counter (no recursion, no stack), so 100,000 nested `[` are harmless.
 * An element longer than `maxElementBytes` is never buffered whole: its bytes are dropped while scanning goes on
 * and it is emitted with `bytes === null`. No fs, no zlib: any decompressed byte stream can feed it.
 */

import {
  BACKSLASH,
  BOM,
  CLOSE_ARRAY,
  CLOSE_OBJECT,
  COMMA,
  CR,
  LF,
  OPEN_ARRAY,
  OPEN_OBJECT,
  QUOTE,
  SPACE,
  TAB,
} from './jsonBytes.ts';
import { HeldBytes } from './heldBytes.ts';

/** Where the scan is in the array's grammar. */
const enum State {
  /** Before the opening `[` (only a BOM and whitespace may come first). */
  Before,
  /** Right after `[`: an element or `]` (the empty array). */
  First,
  /** Right after a top-level `,`: an element must come. */
  Next,
  /** Inside an element. */
  Element,
  /** After the closing `]`: only whitespace may follow. */
  After,
}

/**
 * Receives one element. `bytes` is null when the element was longer than `maxElementBytes`; an empty `bytes`
 * marks a missing element (`[1,,2]`, `[1,]`). `bytes` may be a view into the pushed chunk: use it before the next
 * push. `line`/`column` are the 1-based line and code-point column of the element's first byte in the input.
 */
export type ElementSink = (
  bytes: Buffer | null,
  index: number,
  offset: number,
  length: number,
  line: number,
  column: number,
) => void;

/** The array's structure is broken beyond resynchronisation; `line`/`column` say where (1-based, code points). */
export class JsonArrayStructureError extends Error {
  constructor(
    readonly line: number,
    readonly column: number,
    readonly detail: string,
  ) {
    super(`line ${line}, column ${column}: ${detail}`);
    this.name = 'JsonArrayStructureError';
  }
}

/** Options of one scan. */
export interface JsonArrayScannerOptions {
  /** Elements longer than this are emitted with `bytes === null` (never buffered whole). */
  maxElementBytes: number;
}

/** 1 + the number of code points that start in bytes [from, to) — added to a column. */
function countChars(chunk: Uint8Array, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if ((chunk[i] & 0xc0) !== 0x80) n++;
  return n;
}

/** Splits one JSON array, pushed chunk by chunk, into its elements; see the module comment. */
export class JsonArrayScanner {
  /** True once a UTF-8 BOM was stripped at the start of the input. */
  bom = false;
  /** Number of elements emitted so far (missing and too long ones included). */
  elements = 0;

  private readonly max: number;
  private state = State.Before;
  private depth = 0;
  private inString = false;
  private escape = false;
  /** Absolute offset of the next byte not yet consumed. */
  private offset = 0;
  /** Line of the next byte, and a checkpoint (absolute offset, its column) for lazy column counting. */
  private line = 1;
  private ckAbs = 0;
  private ckCol = 1;
  private bomSeen = 0;
  // the element being assembled
  private elStart = 0;
  private elLine = 0;
  private elCol = 0;
  /** Absolute offset just past the element's last non-whitespace byte. */
  private lastSig = 0;
  private readonly held = new HeldBytes();
  /** Where the element's unterminated string began (for the end-of-input message). */
  private stringLine = 0;

  constructor(options: JsonArrayScannerOptions) {
    this.max = options.maxElementBytes;
  }

  /** Absolute offset up to which input has been consumed. */
  get position(): number {
    return this.offset;
  }

  /** True once the closing `]` was seen (only whitespace may follow). */
  get closed(): boolean {
    return this.state === State.After;
  }

  /** Feeds the next chunk; calls `sink` for every element completed inside it. Throws JsonArrayStructureError. */
  push(chunk: Buffer, sink: ElementSink): void {
    const n = chunk.length;
    if (n === 0) return;
    const base = this.offset;
    let i = 0;
    /** Start in this chunk of the current element's bytes (0 when it began in an earlier chunk). */
    let seg = 0;
    let nextLF = -2; // -2: not searched yet; n: none left in this chunk
    let nextBS = -2;
    const newline = (at: number): void => {
      this.line++;
      this.ckAbs = base + at + 1;
      this.ckCol = 1;
    };
    const columnAt = (at: number): number => {
      const from = this.ckAbs - base;
      const col = this.ckCol + countChars(chunk, from < 0 ? 0 : from, at);
      this.ckAbs = base + at;
      this.ckCol = col;
      return col;
    };
    while (i < n) {
      if (this.inString) {
        if (this.escape) {
          this.escape = false;
          if (chunk[i] === LF) newline(i);
          i++;
          continue;
        }
        let q = chunk.indexOf(QUOTE, i);
        if (q === -1) q = n;
        if (nextBS < i && nextBS !== n) {
          nextBS = chunk.indexOf(BACKSLASH, i);
          if (nextBS === -1) nextBS = n;
        }
        const stop = nextBS < q ? nextBS : q;
        if (nextLF < i && nextLF !== n) {
          nextLF = chunk.indexOf(LF, i);
          if (nextLF === -1) nextLF = n;
        }
        while (nextLF < stop) {
          newline(nextLF);
          nextLF = chunk.indexOf(LF, nextLF + 1);
          if (nextLF === -1) nextLF = n;
        }
        if (stop === n) {
          i = n;
          break;
        }
        if (stop === nextBS) {
          if (stop + 1 < n) {
            if (chunk[stop + 1] === LF) newline(stop + 1);
            i = stop + 2;
          } else {
            this.escape = true;
            i = n;
          }
          continue;
        }
        this.inString = false;
        this.lastSig = base + q + 1;
        i = q + 1;
        continue;
      }
      const b = chunk[i];
      if (b === SPACE || b === TAB || b === CR) {
        i++;
        continue;
      }
      if (b === LF) {
        newline(i);
        i++;
        continue;
      }
      switch (this.state) {
        case State.Element:
          if (b === QUOTE) {
            this.inString = true;
            this.stringLine = this.line;
            i++;
            continue;
          }
          if (b === OPEN_ARRAY || b === OPEN_OBJECT) this.depth++;
          else if (b === CLOSE_ARRAY || b === CLOSE_OBJECT) {
            if (this.depth > 0) this.depth--;
            else if (b === CLOSE_ARRAY) {
              this.emit(chunk, seg, i, sink);
              this.state = State.After;
              i++;
              continue;
            } // a stray `}` at the element's top level stays in it (the element is then malformed)
          } else if (b === COMMA && this.depth === 0) {
            this.emit(chunk, seg, i, sink);
            this.state = State.Next;
            i++;
            continue;
          }
          this.lastSig = base + i + 1;
          i++;
          continue;
        case State.First:
        case State.Next:
          if (b === CLOSE_ARRAY && this.state === State.First) {
            this.state = State.After;
            i++;
            continue;
          }
          if (b === COMMA || b === CLOSE_ARRAY) {
            // a missing element: `[,`, `,,` or a trailing `,]`
            this.elements++;
            sink(Buffer.alloc(0), this.elements, base + i, 0, this.line, columnAt(i));
            if (b === CLOSE_ARRAY) this.state = State.After;
            i++;
            continue;
          }
          this.state = State.Element;
          this.depth = 0;
          this.elStart = base + i;
          this.elLine = this.line;
          this.elCol = columnAt(i);
          this.lastSig = base + i;
          seg = i;
          continue; // the byte is the element's first: handled in the Element state
        case State.Before:
          if (base + i < 3 && b === BOM[base + i] && this.bomSeen === base + i) {
            this.bomSeen++;
            if (this.bomSeen === 3) {
              this.bom = true;
              this.ckAbs = base + i + 1;
              this.ckCol = 1;
            }
            i++;
            continue;
          }
          if (b === OPEN_ARRAY && (this.bomSeen === 0 || this.bomSeen === 3)) {
            this.state = State.First;
            i++;
            continue;
          }
          throw new JsonArrayStructureError(
            this.line,
            columnAt(i),
            `expected '[' to open the JSON array, found ${describeByte(b)}`,
          );
        case State.After:
          throw new JsonArrayStructureError(
            this.line,
            columnAt(i),
            `unexpected ${describeByte(b)} after the JSON array's closing ']' (a file holds one array)`,
          );
      }
    }
    if (this.state === State.Element) this.keep(chunk, seg, n);
    // fold the rest of the chunk into the column checkpoint
    const from = this.ckAbs - base;
    this.ckCol += countChars(chunk, from < 0 ? 0 : from, n);
    this.ckAbs = base + n;
    this.offset = base + n;
  }

  /** Signals the end of input; throws JsonArrayStructureError when the array was not closed. */
  end(): void {
    if (this.state === State.Before || this.state === State.After) return;
    if (this.state === State.Element) {
      const where = `element ${this.elements + 1}, which starts at line ${this.elLine}, column ${this.elCol}`;
      const why = this.inString
        ? `an unterminated string (opened on line ${this.stringLine})`
        : this.depth > 0
          ? `${this.depth} unclosed '[' or '{'`
          : `no ',' or ']' after it`;
      throw new JsonArrayStructureError(
        this.elLine,
        this.elCol,
        `the input ends before the JSON array's closing ']': ${where}, has ${why}`,
      );
    }
    throw new JsonArrayStructureError(
      this.line,
      this.ckCol,
      `the input ends before the JSON array's closing ']' (an element was expected)`,
    );
  }

  /** Keeps the element's bytes chunk[from, to) (a copy), or only their count once it is too long. */
  private keep(chunk: Buffer, from: number, to: number): void {
    // (+64: trailing whitespace before the delimiter is kept too, and trimmed at the end)
    if (to > from) this.held.hold(chunk, from, to, this.max + 64);
  }

  /** Emits the element that ends before the delimiter at chunk[at]. */
  private emit(chunk: Buffer, seg: number, at: number, sink: ElementSink): void {
    const length = this.lastSig - this.elStart;
    this.elements++;
    let bytes: Buffer | null;
    const held = this.held;
    if (held.discarding || length > this.max) {
      bytes = null;
    } else if (held.length === 0) {
      bytes = chunk.subarray(seg, seg + length);
    } else {
      if (at > seg) held.parts.push(chunk.subarray(seg, at));
      bytes = Buffer.concat(held.parts).subarray(0, length);
    }
    held.clear();
    sink(bytes, this.elements, this.elStart, length, this.elLine, this.elCol);
  }
}

/** "'x'", "byte 0xC3": a byte for a message. */
function describeByte(b: number): string {
  return b >= 0x21 && b < 0x7f
    ? `'${String.fromCharCode(b)}'`
    : `byte 0x${b.toString(16).toUpperCase().padStart(2, '0')}`;
}
