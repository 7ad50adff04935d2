import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getTokenizer } from '../../../../src/core/tokenize/tokenizers.ts';

// Expected outputs below were produced by Python 3.11.7 (Unicode 14.0.0):
//   python3 -c 'import re; print(re.findall(r"\w+", s.lower()))'
// and copied here by hand (escaped where a code point is invisible or easy to confuse).
const PYTHON_OUTPUT: [string, string[]][] = [
  // precomposed accents stay inside the word
  ['Café naïve ÉCOLE', ['café', 'naïve', 'école']],
  // combining marks (Mn) are not \w in Python: the word splits after them
  ['Cafe\u0301 nai\u0308ve', ['cafe', 'nai', 've']],
  // CJK + kana: no spaces, one run; the ideographic full stop ends it
  ['東京は日本の首都です。', ['東京は日本の首都です']],
  // Arabic letters and Arabic-Indic digits
  ['مرحبا بالعالم ٣٤٥', ['مرحبا', 'بالعالم', '٣٤٥']],
  // Devanagari vowel signs / virama are Mc/Mn: every consonant becomes its own token
  ['हिन्दी भाषा किताब', ['ह', 'न', 'द', 'भ', 'ष', 'क', 'त', 'ब']],
  // emoji and skin-tone modifiers are not word characters
  ['emoji 😀👍🏽 ok', ['emoji', 'ok']],
  // No (², ½, ①), Nd (٣) and Nl (Ⅻ, lowercased to ⅻ) are all \w
  ['x² ½ ٣ ① Ⅻ', ['x²', '½', '٣', '①', 'ⅻ']],
  ['snake_case __init__ _', ['snake_case', '__init__', '_']],
  // ASCII and typographic apostrophes split words
  ["don't it's O\u2019Reilly", ['don', 't', 'it', 's', 'o', 'reilly']],
  // İ lowercases to i + U+0307 (combining dot, not \w) → split; dotless ı is a letter
  ['İstanbul ISTANBUL ıi', ['i', 'stanbul', 'istanbul', '\u0131i']],
  // ß stays ß (lower() does not case-fold); capital ẞ lowercases to ß
  ['Straße STRASSE ẞ', ['stra\u00dfe', 'strasse', '\u00df']],
  // final sigma: Σ at the end of a word lowercases to ς, elsewhere to σ
  [
    'ΟΔΟΣ ΣΟΦΟΣ Σ ΑΣ.',
    ['\u03bf\u03b4\u03bf\u03c2', '\u03c3\u03bf\u03c6\u03bf\u03c2', '\u03c3', '\u03b1\u03c2'],
  ],
  ['tab\tnew\nline 3.14 1,000', ['tab', 'new', 'line', '3', '14', '1', '000']],
  // titlecase digraph ǅ (Lt) lowercases to ǆ
  ['ǅemal ǈ', ['ǆemal', 'ǉ']],
];

test('word tokenizer agrees with Python re.findall(r"\\w+", s.lower()) on tricky text', () => {
  const word = getTokenizer('word');
  assert.equal(word.name, 'word');
  for (const [input, expected] of PYTHON_OUTPUT) {
    assert.deepEqual(word.tokenize(input), expected, JSON.stringify(input));
  }
  assert.deepEqual(word.tokenize(''), []);
  assert.deepEqual(word.tokenize('... !!!'), []);
});

test('wink tokenizer lowercases, expands contractions and drops punctuation/whitespace', () => {
  const wink = getTokenizer('wink');
  assert.equal(wink.name, 'wink');
  // wink tokens: Hello , World ! I ca n't go 3.5 km . → punctuation dropped, normals lowercased ("ca n't" → can not)
  assert.deepEqual(wink.tokenize("Hello, World! I can't go 3.5 km."), [
    'hello',
    'world',
    'i',
    'can',
    'not',
    'go',
    '3.5',
    'km',
  ]);
  // the tab/newline token (type tabCRLF) is dropped; the e-mail stays one token
  assert.deepEqual(wink.tokenize('Mail ME\n\tat foo@bar.com!'), ['mail', 'me', 'at', 'foo@bar.com']);
  assert.deepEqual(wink.tokenize(''), []);
});

test('getTokenizer rejects unknown names', () => {
  assert.throws(() => getTokenizer('bpe' as 'word'), /Unknown tokenizer "bpe"/);
});
