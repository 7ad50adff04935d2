/**
 * The role-marker conventions that flatten a conversation into one string (`### Human:`, ChatML, `[INST]`, …).
 * They are the wrapper, not the content: kept apart from the splitter so the list of conventions, their
 * anchoring rules and their boilerplate preambles can be read (and extended) in one place.
 */

/** The conventions recognised, in the order that breaks ties (special tokens first: they cannot be prose). */
export type RoleConvention = 'chatml' | 'llama3' | 'llama2' | 'alpaca' | 'human-assistant' | 'vicuna';

/** The speaker of one turn. Other ChatML / Llama-3 roles (tool, ipython, …) are input to the model: 'user'. */
export type TurnRole = 'system' | 'user' | 'assistant';

/** What one marker does: opens a turn of a role, or closes the current turn (`<|im_end|>`, `</s>`, …). */
export type MarkerAction = TurnRole | 'close';

/** One convention: its markers (one global regex) and what each match does. */
export interface ConventionSpec {
  readonly name: RoleConvention;
  /**
   * Matches every marker of the convention. Anchored: special tokens anywhere; `###` markers at the string
   * start or after white space; bare words (`Human:`) only at a line start; Vicuna's upper-case `USER:` at the
   * string start, after white space or after `</s>`.
   */
  readonly markers: RegExp;
  readonly actionOf: (m: RegExpExecArray) => MarkerAction;
}

/** The role named in a ChatML / Llama-3 header. */
function headerRole(name: string): TurnRole {
  return name === 'system' || name === 'assistant' ? name : 'user';
}

/** Every convention, in tie-breaking order. */
export const CONVENTIONS: readonly ConventionSpec[] = [
  {
    name: 'chatml',
    markers: /<\|im_start\|>[ \t]*(\w+)[ \t]*\n?|<\|im_end\|>|<\|endoftext\|>/g,
    actionOf: (m) => (m[1] === undefined ? 'close' : headerRole(m[1])),
  },
  {
    name: 'llama3',
    markers:
      /<\|start_header_id\|>[ \t]*(\w+)[ \t]*<\|end_header_id\|>|<\|eot_id\|>|<\|begin_of_text\|>|<\|end_of_text\|>/g,
    actionOf: (m) => (m[1] === undefined ? 'close' : headerRole(m[1])),
  },
  {
    name: 'llama2',
    markers: /\[INST\]|\[\/INST\]|<<SYS>>|<<\/SYS>>|<\/?s>/g,
    actionOf: (m) => {
      switch (m[0]) {
        case '[INST]':
        case '<</SYS>>':
          return 'user';
        case '[/INST]':
          return 'assistant';
        case '<<SYS>>':
          return 'system';
        default:
          return 'close';
      }
    },
  },
  {
    name: 'alpaca',
    markers: /(?<=^|\s)###[ \t]*(Instruction|Input|Response):/g,
    actionOf: (m) => (m[1] === 'Response' ? 'assistant' : 'user'),
  },
  {
    name: 'human-assistant',
    markers: /(?:(?<=^|\s)###[ \t]*|(?<=^|\n)[ \t]*)(Human|Assistant):/g,
    actionOf: (m) => (m[1] === 'Assistant' ? 'assistant' : 'user'),
  },
  {
    name: 'vicuna',
    markers: /(?<=^|\s|<\/s>)(USER|ASSISTANT):|<\/?s>/g,
    actionOf: (m) => (m[1] === undefined ? 'close' : m[1] === 'ASSISTANT' ? 'assistant' : 'user'),
  },
];

/** A cheap test run first: a string without any of these cannot carry a marker of any convention. */
export const MARKER_HINT = /###|USER:|Human:|Assistant:|<\||\[\/?INST\]/;

/**
 * Standard system preambles of the templates (Alpaca's two, Vicuna v0/v1.1's): boilerplate that every row
 * repeats, so text before the first marker equal to one of them (white space collapsed) is wrapper, not a turn.
 */
export const PREAMBLES: ReadonlySet<string> = new Set([
  'Below is an instruction that describes a task. Write a response that appropriately completes the request.',
  'Below is an instruction that describes a task, paired with an input that provides further context. Write a response that appropriately completes the request.',
  "A chat between a curious user and an artificial intelligence assistant. The assistant gives helpful, detailed, and polite answers to the user's questions.",
  "A chat between a curious human and an artificial intelligence assistant. The assistant gives helpful, detailed, and polite answers to the human's questions.",
]);
