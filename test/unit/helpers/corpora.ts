/**
 * Generated corpora shared by the pipeline tests (chunked analysis, partial files and merge): seeded, with planted
 * exact and near duplicates, a templated opening, bad, blank and non-object lines, and a `source` field to slice by.
 * (Not a test file itself.)
 */
import { rng } from './testRng.ts';

const WORDS =
  'the a of to and in is it that for on with as was be by this are or from at an but not have had were which can all their more one has been will would there what about when out up so than some into could them only other its time new also these two may first any then like well way our made just over such after many most where even see'.split(
    ' ',
  );
const RARE = 'zephyr quokka fjord naïve café über jalapeño kumquat xylem gnomon'.split(' ');

export function sentence(r: () => number, n: number): string {
  const w: string[] = [];
  for (let i = 0; i < n; i++)
    w.push(r() < 0.03 ? RARE[Math.floor(r() * RARE.length)] : WORDS[Math.floor(r() ** 1.5 * WORDS.length)]);
  return w.join(' ');
}

/** Plain `text` rows with planted exact and near duplicates and a templated opening, plus bad and blank lines. */
export function plainCorpus(seed: number, rows: number, templated = 0.1): string[] {
  const r = rng(seed);
  const out: string[] = [];
  const kept: string[] = [];
  for (let i = 0; i < rows; i++) {
    const u = r();
    let text: string;
    if (u < 0.08 && kept.length) text = kept[Math.floor(r() * kept.length)];
    else if (u < 0.16 && kept.length) {
      const words = kept[Math.floor(r() * kept.length)].split(' ');
      words[Math.floor(r() * words.length)] = 'changed';
      text = words.join(' ');
    } else if (u < 0.16 + templated)
      text = `As an AI language model, I ${sentence(r, 10 + Math.floor(r() * 20))}`;
    else text = sentence(r, 5 + Math.floor(r() * 60));
    if (kept.length < 200 && r() < 0.3) kept.push(text);
    out.push(JSON.stringify({ text, source: r() < 0.5 ? 'web' : 'synthetic' }));
    if (r() < 0.01) out.push('{"text": broken json');
    if (r() < 0.01) out.push('');
    if (r() < 0.005) out.push('[1,2,3]');
    if (r() < 0.01) out.push(JSON.stringify({ text: '' }));
  }
  return out;
}

/** Instruction rows (prompt / response) — another text view and shape. */
export function instructionCorpus(seed: number, rows: number): string[] {
  const r = rng(seed);
  const out: string[] = [];
  for (let i = 0; i < rows; i++) {
    const instruction =
      r() < 0.3 ? `Write a short story about ${sentence(r, 3)}` : sentence(r, 4 + Math.floor(r() * 10));
    out.push(
      JSON.stringify({
        instruction,
        output: sentence(r, 10 + Math.floor(r() * 40)),
        category: r() < 0.5 ? 'qa' : 'writing',
      }),
    );
  }
  return out;
}

/** JSONL of `{"text": …}` rows, one per text; why: the tests that write a generated corpus to a file share one form. */
export function textRowsJsonl(texts: readonly string[]): string {
  return texts.map((t) => JSON.stringify({ text: t })).join('\n') + '\n';
}

/**
 * Plain `text` rows on which wink-nlp's learning shows (tokenize/winkRows.ts): some rows teach wink a text whole
 * ("the client's." keeps "client's" whole; "see&nbsp;now" keeps "see&nbsp"; "&nbsp;" after a word), others hold
 * the same texts in a context where a fresh wink splits them ("client's id" → client, 's; "a &nbsp b" → &, nbsp).
 * Read by one wink instance in file order, the later rows tokenize differently from rows read by a fresh instance.
 */
export function winkLearningCorpus(seed: number, rows: number): string[] {
  const r = rng(seed);
  const teach = ["the client's.", "CD's.", 'see&nbsp;now', 'x&nbsp;', "the DVD's.", 'a foo-1618.'];
  const probe = ["client's id", "cd's now", 'a &nbsp b', "DVD's are", 'page 1618 here', "Zork's game"];
  const out: string[] = [];
  for (let i = 0; i < rows; i++) {
    const parts = [sentence(r, 3 + Math.floor(r() * 25))];
    if (r() < 0.15) parts.push(teach[Math.floor(r() * teach.length)]);
    if (r() < 0.5) parts.push(probe[Math.floor(r() * probe.length)]);
    parts.push(sentence(r, 2 + Math.floor(r() * 10)));
    out.push(JSON.stringify({ text: parts.join(' '), source: r() < 0.5 ? 'web' : 'synthetic' }));
  }
  return out;
}
