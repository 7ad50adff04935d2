/**
 * The fast-check arbitraries of the fuzz tests (test/unit/fuzz/): random bytes, JSON-flavoured junk, JSONL files
 * made of valid rows spliced with garbage, truncated lines, deep nesting, BOM / CRLF / NUL mixes, and the mutations
 * (truncation, bit flips, inserted or deleted bytes) applied to valid gzip, zstd and Parquet files. Why one module:
 * every fuzz test and the fixture replay draw from the same shapes of hostile input. (Not a test file itself.)
 */
import fc from 'fast-check';

const enc = (s: string): Uint8Array => Buffer.from(s, 'utf8');

/** Bytes that steer a JSON or line scanner: brackets, quotes, escapes, terminators, BOM and UTF-8 pieces, NUL. */
const SIGNIFICANT = [
  ...Buffer.from('{}[]",:\\ \t\r\n0123456789-+.eEtrufalsn/u'),
  0x00,
  0x01,
  0x7f,
  0xef,
  0xbb,
  0xbf,
  0xc3,
  0xa9,
  0x80,
  0xff,
  0xfe,
  0xe2,
  0xf0,
  0x9f,
];

/** Uniformly random bytes (most are not JSONL at all: the sniffer's and the binary rules' input). */
export const randomBytes = (maxLength = 1024): fc.Arbitrary<Uint8Array> => fc.uint8Array({ maxLength });

/** Bytes drawn mostly from the JSON-significant ones: junk that reaches the scanners' every state. */
export const jsonishBytes = (maxLength = 1024): fc.Arbitrary<Uint8Array> =>
  fc
    .array(
      fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...SIGNIFICANT) }, fc.integer({ min: 0, max: 255 })),
      {
        maxLength,
      },
    )
    .map((a) => Uint8Array.from(a));

/** A few texts rows repeat, so the analysis sees exact duplicates. */
const POOL = ['the same row again', 'a repeated answer', 'café naïve 🐙', ''];

/** A valid JSONL row (one line of JSON, an object). */
export const validRow: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .record({ text: fc.string({ maxLength: 40, unit: 'binary' }) })
      .map((o) => JSON.stringify(o)),
  },
  { weight: 2, arbitrary: fc.constantFrom(...POOL).map((text) => JSON.stringify({ text, source: 'pool' })) },
  {
    weight: 1,
    arbitrary: fc
      .dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 })
      .map((o) => JSON.stringify(o)),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({
        messages: fc.array(fc.record({ role: fc.constantFrom('user', 'assistant'), content: fc.string() }), {
          maxLength: 3,
        }),
      })
      .map((o) => JSON.stringify(o)),
  },
);

/** Nesting around `maxDepth` (and far beyond it), in arrays, objects, and inside strings where it must not count. */
export const deepLine = (maxDepth: number): fc.Arbitrary<string> =>
  fc
    .record({
      depth: fc.oneof(
        fc.integer({ min: Math.max(0, maxDepth - 2), max: maxDepth + 2 }),
        fc.integer({ min: 0, max: 1200 }),
      ),
      kind: fc.constantFrom('array', 'object', 'string', 'unclosed', 'mixed'),
    })
    .map(({ depth, kind }) => {
      switch (kind) {
        case 'array':
          return `{"a":${'['.repeat(depth)}${']'.repeat(depth)}}`;
        case 'object':
          return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
        case 'string':
          return `{"a":"${'['.repeat(depth)}\\"${'{'.repeat(depth)}"}`;
        case 'unclosed':
          return `{"a":${'['.repeat(depth)}`;
        default:
          return `{"a":${'[{"b":'.repeat(depth)}0${'}]'.repeat(depth)}}`;
      }
    });

/** One line of a spliced file: text (UTF-8) or raw bytes. */
type Piece = string | Uint8Array;

/** A line of a hostile JSONL file: valid, truncated, junk, deep, not an object, blank, or with a raw NUL. */
export const hostileLine = (maxDepth: number): fc.Arbitrary<Piece> =>
  fc.oneof(
    { weight: 6, arbitrary: validRow },
    {
      weight: 2,
      arbitrary: fc.tuple(validRow, fc.nat()).map(([r, k]) => Buffer.from(r).subarray(0, k % (r.length + 1))),
    },
    { weight: 1, arbitrary: fc.string({ maxLength: 30, unit: 'binary' }) },
    { weight: 1, arbitrary: jsonishBytes(40) },
    { weight: 1, arbitrary: randomBytes(40) },
    { weight: 1, arbitrary: deepLine(maxDepth) },
    {
      weight: 1,
      arbitrary: fc.constantFrom('[1,2]', '"s"', '3', 'null', 'true', '[]', '{}', '{"a":1}}', '{"a":1,}'),
    },
    { weight: 1, arbitrary: fc.constantFrom('', ' ', '\t', '\r', ' \r', '\f', '\u00a0') },
    {
      weight: 1,
      arbitrary: fc.tuple(validRow, fc.nat(), fc.constantFrom(0x00, 0x01, 0x1b, 0x7f)).map(([r, k, b]) => {
        const bytes = Buffer.from(r);
        const at = k % (bytes.length + 1);
        return Buffer.concat([bytes.subarray(0, at), Buffer.from([b]), bytes.subarray(at)]);
      }),
    },
  );

/** Reader limits a case runs with: sometimes the defaults, sometimes tiny ones that the generated lines cross. */
export interface Limits {
  maxLineBytes?: number;
  maxDepth?: number;
}

export const limits: fc.Arbitrary<Limits> = fc.oneof(
  fc.constant({}),
  fc.record({ maxLineBytes: fc.integer({ min: 1, max: 200 }), maxDepth: fc.integer({ min: 1, max: 30 }) }),
  fc.record({ maxDepth: fc.integer({ min: 1, max: 30 }) }),
);

/** A hostile JSONL file: lines spliced with `\n` / `\r\n` / lone `\r` / no terminator, an optional BOM and last newline. */
export const hostileJsonl = (maxDepth = 1000): fc.Arbitrary<Uint8Array> =>
  fc
    .record({
      bom: fc.oneof(
        { weight: 4, arbitrary: fc.constant('') },
        fc.constantFrom('\ufeff', '\ufeff\ufeff', '\u00ef\u00bb'),
      ),
      lines: fc.array(
        fc.tuple(
          hostileLine(maxDepth),
          fc.oneof(
            { weight: 6, arbitrary: fc.constant('\n') },
            fc.constantFrom('\r\n', '\r', '', '\n\n', '\r\r\n'),
          ),
        ),
        { maxLength: 30 },
      ),
      last: fc.boolean(),
    })
    .map(({ bom, lines, last }) => {
      const parts: Uint8Array[] = [bom === '\u00ef\u00bb' ? Uint8Array.from([0xef, 0xbb]) : enc(bom)];
      lines.forEach(([line, term], i) => {
        parts.push(typeof line === 'string' ? enc(line) : line);
        if (i < lines.length - 1 || last) parts.push(enc(term));
      });
      return Uint8Array.from(Buffer.concat(parts));
    });

/** Any file content a reader may meet: random bytes, JSON-flavoured junk, or (mostly) a hostile JSONL file. */
export const anyContent = (maxDepth = 1000): fc.Arbitrary<Uint8Array> =>
  fc.oneof(
    { weight: 1, arbitrary: randomBytes() },
    { weight: 1, arbitrary: jsonishBytes() },
    { weight: 5, arbitrary: hostileJsonl(maxDepth) },
  );

/** A JSON-array file: elements (valid, junk, deep, missing) between `[`, `,` and `]`, pretty or compact, maybe cut. */
export const hostileArray: fc.Arbitrary<Uint8Array> = fc
  .record({
    bom: fc.boolean(),
    elements: fc.array(
      fc.oneof(
        { weight: 10, arbitrary: validRow },
        {
          weight: 1,
          arbitrary: fc.constantFrom(
            '',
            '1',
            '"s"',
            '[1,[2]]',
            '{"a":1}}',
            '{"a":"x\\"y"}',
            '{"a":[}',
            'nul',
            '{"a":"\\',
          ),
        },
        { weight: 1, arbitrary: jsonishBytes(20) },
        { weight: 1, arbitrary: deepLine(30) },
      ),
      { maxLength: 20 },
    ),
    pretty: fc.boolean(),
    close: fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(']', ']\n', ']\r\n  ') },
      fc.constantFrom('', ']]', '] x', '],'),
    ),
    cut: fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, fc.nat()),
  })
  .map(({ bom, elements, pretty, close, cut }) => {
    const parts: Uint8Array[] = [enc(`${bom ? '\ufeff' : ''}[${pretty ? '\n  ' : ''}`)];
    elements.forEach((e, i) => {
      if (i > 0) parts.push(enc(pretty ? ',\n  ' : ','));
      parts.push(typeof e === 'string' ? enc(e) : e);
    });
    parts.push(enc(`${pretty ? '\n' : ''}${close}`));
    const bytes = Buffer.concat(parts);
    return Uint8Array.from(cut === null ? bytes : bytes.subarray(0, cut % (bytes.length + 1)));
  });

/** One change to a valid compressed or Parquet file, at an offset taken modulo its length. */
export type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'set'; at: number; value: number }
  | { kind: 'delete'; at: number; n: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'append'; bytes: Uint8Array };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('flip' as const),
      at: fc.nat(),
      bit: fc.integer({ min: 0, max: 7 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('set' as const),
      at: fc.nat(),
      value: fc.integer({ min: 0, max: 255 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('delete' as const),
      at: fc.nat(),
      n: fc.integer({ min: 1, max: 16 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: randomBytes(8) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('append' as const), bytes: randomBytes(16) }) },
);

/** Up to `max` mutations; an empty list leaves the file valid (the control case). */
export const mutations = (max = 3): fc.Arbitrary<Mutation[]> => fc.array(mutation, { maxLength: max });

/** `bytes` with the mutations applied in order. */
export function mutate(bytes: Uint8Array, ms: readonly Mutation[]): Buffer {
  let b = Buffer.from(bytes);
  for (const m of ms) {
    const at = 'at' in m ? (b.length === 0 ? 0 : m.at % b.length) : 0;
    switch (m.kind) {
      case 'truncate':
        b = b.subarray(0, at);
        break;
      case 'flip':
        if (b.length > 0) b[at] ^= 1 << m.bit;
        break;
      case 'set':
        if (b.length > 0) b[at] = m.value;
        break;
      case 'delete':
        b = Buffer.concat([b.subarray(0, at), b.subarray(at + m.n)]);
        break;
      case 'insert':
        b = Buffer.concat([b.subarray(0, at), m.bytes, b.subarray(at)]);
        break;
      case 'append':
        b = Buffer.concat([b, m.bytes]);
        break;
    }
  }
  return b;
}

/** Cut points for feeding bytes to a scanner piece by piece (1-byte pieces included). */
export const cuts = fc.array(fc.nat({ max: 4096 }), { maxLength: 12 });
