/**
 * A synthetic vocabulary with Zipf-distributed word frequencies, for the benchmark corpus generator.
 * Why: the analyzer's costs (vocabulary size, hash tables, tail metrics) depend on a realistic long tail;
 * a Zipf law over ~200k words, with common English words at the head and some real words scattered in the
 * tail, gives that without shipping any real corpus.
 */

/** Common English words, most frequent first: the head of the distribution (and some tail words). */
const REAL_WORDS = [
  ...new Set(
    (
      'the of and to a in is that for it as was with be by on not he this are or his from at which but have an ' +
      'they you were her she there one all we their can been has more if will would its who so no when what up ' +
      'out about into them only some time than other then these two may could do like first any new our also ' +
      'most over such people after very made over between many where through should because each those how ' +
      'work use state make well world year way even back good much before under know still here most life ' +
      'data model training text file line value number system result large small part point example case ' +
      'question answer language word token sample dataset quality human machine learning collapse tail ' +
      'diversity duplicate measure report window river garden kitchen winter summer music theory history ' +
      'market village engine bridge forest island letter method signal window harbor lantern meadow copper ' +
      'granite orchard velvet saffron quartz falcon walnut thistle ember glacier prairie juniper cobalt ' +
      'marble pepper willow canyon tundra lagoon comet nebula basalt sparrow heron otter badger lynx ' +
      'tapestry almanac sextant zephyr quill parchment lattice gossamer obsidian vermilion turquoise'
    ).split(' '),
  ),
];

/** How many REAL_WORDS take the top ranks; the rest are spread through the tail. */
const HEAD_WORDS = 150;
/** Rank spacing of the real words placed in the tail. */
const TAIL_SPACING = 700;

const ONSETS = [
  'b',
  'd',
  'f',
  'g',
  'k',
  'l',
  'm',
  'n',
  'p',
  'r',
  's',
  't',
  'v',
  'z',
  'br',
  'dr',
  'kl',
  'st',
  'tr',
  'sh',
];
const NUCLEI = ['a', 'e', 'i', 'o', 'u', 'ai', 'ou'];
const SYLLABLES = ONSETS.flatMap((onset) => NUCLEI.map((nucleus) => onset + nucleus));

/**
 * The n-th pronounceable synthetic word: n written in bijective base 140 with one onset+nucleus syllable per
 * digit. Distinct n give distinct words (every syllable starts with a consonant and ends with a vowel, so a
 * word splits into syllables one way only); n < 140 has one syllable, n < 140 + 140² two, and so on.
 * @param {number} n a non-negative integer
 */
export function syllableWord(n) {
  let word = '';
  for (let k = n; k >= 0; k = Math.floor(k / SYLLABLES.length) - 1)
    word = SYLLABLES[k % SYLLABLES.length] + word;
  return word;
}

/**
 * Builds `size` distinct words ordered by rank (rank 0 most frequent): REAL_WORDS at the head and every
 * TAIL_SPACING ranks in the tail, pronounceable synthetic words (onset+nucleus syllables, a bijective
 * base-140 spelling of a counter, so never repeated) everywhere else. With `rng`, every rank past the head
 * is shuffled, so that frequent synthetic words are not all the short early spellings ("baba", "babe", …).
 * @param {number} size
 * @param {import('./prng.mjs').Rng} [rng]
 * @returns {string[]}
 */
export function buildVocabulary(size, rng) {
  const real = new Set(REAL_WORDS);
  const words = REAL_WORDS.slice(0, HEAD_WORDS);
  let nextTailReal = HEAD_WORDS;
  let counter = SYLLABLES.length; // start at two-syllable words
  while (words.length < size) {
    if (words.length % TAIL_SPACING === 0 && nextTailReal < REAL_WORDS.length) {
      words.push(REAL_WORDS[nextTailReal++]);
      continue;
    }
    const word = syllableWord(counter++);
    if (!real.has(word)) words.push(word);
  }
  return rng ? [...words.slice(0, HEAD_WORDS), ...rng.shuffled(words.slice(HEAD_WORDS))] : words;
}

/** Number of guide-table buckets of ZipfSampler (a power of two). */
const GUIDE_BUCKETS = 1 << 16;

/**
 * Sampler of ranks 0..n−1 with P(rank r) ∝ 1 / (r + 1)^s (Zipf's law with exponent s), by inverse CDF:
 * a cumulative table of n doubles, plus a guide table that narrows each draw's binary search to the ranks
 * whose cumulative mass falls in one of 65,536 equal buckets (so head words cost one or two comparisons).
 */
export class ZipfSampler {
  /**
   * @param {number} n number of ranks
   * @param {number} s exponent (1 ≈ natural text; larger = fewer distinct words in practice)
   */
  constructor(n, s) {
    this.cdf = new Float64Array(n);
    let total = 0;
    for (let r = 0; r < n; r++) {
      total += 1 / Math.pow(r + 1, s);
      this.cdf[r] = total;
    }
    this.total = total;
    /** guide[b] = first rank whose cumulative mass exceeds b / GUIDE_BUCKETS of the total. */
    this.guide = new Uint32Array(GUIDE_BUCKETS + 1);
    let r = 0;
    for (let b = 0; b <= GUIDE_BUCKETS; b++) {
      const threshold = (b / GUIDE_BUCKETS) * total;
      while (r < n - 1 && this.cdf[r] <= threshold) r++;
      this.guide[b] = r;
    }
  }

  /** A rank drawn with the Zipf probabilities, from a uniform [0,1) value. */
  rank(uniform) {
    const target = uniform * this.total;
    const cdf = this.cdf;
    const bucket = Math.floor(uniform * GUIDE_BUCKETS);
    let lo = this.guide[bucket];
    let hi = this.guide[bucket + 1];
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cdf[mid] > target) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}
