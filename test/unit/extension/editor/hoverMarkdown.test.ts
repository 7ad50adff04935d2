// The editor hover's Markdown (src/extension/editor/hoverMarkdown.ts, wrapped in a MarkdownString by highlights.ts):
// its `isTrusted` enables our one command, its one link is that command's with the hovered mark's arguments, and
// dataset text in it (a template opening) is escaped, so a `command:` link, an image, HTML, an autolink or a theme
// icon in a row is shown as text and never becomes live (issue #15, item 20).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HomogeneousMark } from '../../../../src/core/lineMarks/homogeneousLineMarks.ts';
import {
  escapeMarkdownText,
  HOVER_TRUST,
  hoverMarkdown,
  isShowClusterArgs,
  SHOW_CLUSTER,
  showClusterLink,
} from '../../../../src/extension/editor/hoverMarkdown.ts';
import { COMMAND_IDS } from '../../../../src/extension/commandIds.ts';

const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;

/** Row texts a hostile dataset could make a template opening of (wink tokens keep punctuation). */
const HOSTILE = [
  '[run](command:workbench.action.terminal.new)',
  '[x](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22rm%22%7D "t")',
  '<a href="command:workbench.action.terminal.new">open</a><img src=x onerror=alert(1)>',
  '![i](https://evil.example/p.png) https://evil.example www.evil.example mail@evil.example',
  '$(alert) **bold** _it_ `code` ~~s~~ # h1 > quote - item 1. item',
  '\\](command:workbench.action.terminal.new) \\\\[y](command:x)',
  'line\n[d]: command:workbench.action.terminal.new\r\n\u2028<script>',
  '&lt;a href=&quot;command:x&quot;&gt; &#91;z&#93;(command:x)',
];

const template = (text: string): HomogeneousMark => ({
  kind: 'template',
  index: 0,
  size: 1200,
  similarity: 0.25,
  firstLine: 7,
  text,
});

/**
 * The Markdown read as CommonMark reads escapes: `\x` is the literal x. Returns the literal text and the structural
 * characters (ASCII punctuation that is not escaped), so a test can see every link the renderer could find.
 */
function scan(md: string): { literal: string; structure: string } {
  let literal = '';
  let structure = '';
  for (let i = 0; i < md.length; i++) {
    const c = md[i];
    if (c === '\\' && i + 1 < md.length && ASCII_PUNCTUATION.test(md[i + 1])) {
      literal += md[++i];
      continue;
    }
    literal += c;
    if (ASCII_PUNCTUATION.test(c)) structure += c;
  }
  return { literal, structure };
}

/** The targets of every inline link `](target)` whose brackets are not escaped. */
function linkTargets(md: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < md.length; i++) {
    if (md[i] === '\\') {
      i++;
      continue;
    }
    if (md[i] === ']' && md[i + 1] === '(') {
      const end = md.indexOf(')', i + 2);
      out.push(md.slice(i + 2, end));
    }
  }
  return out;
}

test('the hover trusts exactly one command, diversityLens.showCluster, and it is one of ours (#15 item 20)', () => {
  assert.deepEqual([...HOVER_TRUST.enabledCommands], ['diversityLens.showCluster']);
  assert.equal(SHOW_CLUSTER, 'diversityLens.showCluster');
  assert.ok((COMMAND_IDS as readonly string[]).includes(SHOW_CLUSTER));
  assert.ok(
    Object.isFrozen(HOVER_TRUST) && Object.isFrozen(HOVER_TRUST.enabledCommands),
    'cannot be widened',
  );
});

test("a template opening with command: links, HTML, images and icons is text in the hover; the one link is Show Cluster's (#15 item 20)", () => {
  const dataset = 'file:///data/chat.jsonl';
  const plain = hoverMarkdown(template(''), dataset, 9);
  for (const text of HOSTILE) {
    const md = hoverMarkdown(template(text), dataset, 9);
    // the row text adds only escaped characters: no structure of its own
    const escaped = escapeMarkdownText(text);
    assert.equal(md, plain.replace('Opening “”', `Opening “${escaped}”`), 'the text goes in one place');
    const { literal, structure } = scan(escaped);
    assert.equal(structure, '', `no unescaped punctuation from ${JSON.stringify(text)}`);
    assert.equal(
      literal,
      text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' '),
      'shown exactly (line breaks as spaces)',
    );
    assert.ok(!/[\n\r]/.test(escaped), 'one line: no reference-link definition can start a line');
    // the whole hover has one link: ours
    assert.deepEqual(linkTargets(md), [showClusterLink({ dataset, kind: 'template', index: 0, line: 9 })]);
  }
});

test("the hover's link carries the hovered mark's arguments, which pass the command's guard (#15 item 20)", () => {
  const dataset = 'file:///data/a%20(b)%5D.jsonl'; // whatever the URI holds, the link target stays one token
  const near: HomogeneousMark = {
    kind: 'near',
    index: 3,
    size: 12_345,
    similarity: 0.8765,
    firstLine: 40,
    firstOccurrence: true,
  };
  const md = hoverMarkdown(near, dataset, 41);
  assert.ok(md.startsWith('**Diversity Lens — Near duplicate**\n\n'));
  assert.ok(md.includes('Cluster of 12,345 rows · similarity 0.88 · first occurrence: line 40 (this row).'));
  const [target] = linkTargets(md);
  assert.ok(target.startsWith(`command:${SHOW_CLUSTER}?`), target);
  assert.ok(!/[\s()[\]<>]/.test(target), `nothing in the target ends or breaks the link: ${target}`);
  const args = JSON.parse(decodeURIComponent(target.slice(target.indexOf('?') + 1))) as unknown[];
  assert.deepEqual(args, [{ dataset, kind: 'near', index: 3, line: 41 }]);
  assert.equal(isShowClusterArgs(args[0]), true);
  // the guard refuses what a forged link could carry
  for (const bad of [
    null,
    'file:///etc/passwd',
    { dataset, kind: 'exec', index: 0 },
    { dataset, kind: 'near', index: -1 },
    { dataset, kind: 'near', index: 0, line: 0 },
    { dataset: 'x'.repeat(9000), kind: 'near', index: 0 },
  ])
    assert.equal(isShowClusterArgs(bad), false, JSON.stringify(bad)?.slice(0, 60));
});
