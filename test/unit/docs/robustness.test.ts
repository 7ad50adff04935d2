/**
 * docs/robustness.md is the list issue #15 asks for: each of its twenty promises with the tests that hold it. This
 * test keeps the document honest: every item 1–20 has a section with at least one test, and every test it names
 * exists in the file it names (a renamed or deleted test fails here, not silently in the document).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';

const doc = fs.readFileSync('docs/robustness.md', 'utf8');

/** The `Held by` bullets: `- \`file\` — \`name\`` (an optional "(…)" note may follow the file). */
function heldBy(section: string): { file: string; name: string }[] {
  const bullets = [...section.matchAll(/^- `(test\/[^`]+)`(?: \([^)]*\))? — `(.*)`\s*$/gm)];
  return bullets.map((m) => ({ file: m[1]!, name: m[2]!.replace(/^` (.*) `$/, '$1') }));
}

/** Whether `name` is a test name in `source`: a literal string, or one built by a template literal. */
function namesTest(source: string, name: string): boolean {
  const literal = name.replace(/\\/g, '\\\\');
  if (source.includes(literal) || source.includes(literal.replace(/'/g, "\\'"))) return true;
  if (name.includes('${')) return source.includes(name.split('${')[0]!);
  // a name the test builds from a template: `${c.name}: …` or `fuzz fixture ${name}: …`
  for (const m of source.matchAll(/`([^`]*\$\{[^`]*)`/g)) {
    const pattern = m[1]!
      .split(/\$\{[^}]*\}/)
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.+');
    if (new RegExp(`^${pattern}$`).test(name)) return true;
  }
  return false;
}

test('docs/robustness.md: each of the twenty items of issue #15 has a section naming at least one test', () => {
  for (let n = 1; n <= 20; n++) {
    const start = doc.indexOf(`\n### ${n}. `);
    assert.ok(start >= 0, `item ${n} has a section`);
    const end = doc.indexOf('\n### ', start + 1);
    const section = doc.slice(start, end < 0 ? undefined : end);
    assert.ok(heldBy(section).length >= 1, `item ${n} names at least one test`);
  }
});

test('docs/robustness.md: every test it names exists in the file it names', () => {
  const all = heldBy(doc);
  assert.ok(all.length >= 100, `the document names ${all.length} tests`);
  const missing = all.filter(
    ({ file, name }) => !fs.existsSync(file) || !namesTest(fs.readFileSync(file, 'utf8'), name),
  );
  assert.deepEqual(missing, []);
});
