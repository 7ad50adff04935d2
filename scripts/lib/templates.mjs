/**
 * Fixed templates with small slot-filler pools, for the `templated` slice of the sample and the
 * assistant boilerplate of the `mixed` slice.
 * Why: templated synthetic data is the most common way a dataset loses diversity; with a handful of
 * templates and a few fillers per slot, many rows come out exactly or nearly identical, which is what
 * the analyzer's duplicate and diversity metrics must flag.
 */

const ADJECTIVES = ['short', 'simple', 'fun', 'creative', 'quick', 'helpful'];
const NOUNS = ['poem', 'story', 'summary', 'list', 'recipe', 'joke'];
const TOPICS = ['the ocean', 'friendship', 'the moon', 'coffee', 'autumn', 'a cat'];
const TASKS = ['give medical advice', 'predict the future', 'browse the internet', 'share personal opinions'];
const GOALS = ['staying productive', 'learning a new language', 'sleeping better', 'saving money'];
const TIPS = [
  'set clear goals',
  'take regular breaks',
  'stay consistent',
  'track your progress',
  'ask for help when needed',
];

/**
 * One template: a user prompt, an assistant answer and a category, each built from slot fillers.
 * @typedef {{ category: string, build(rng: import('./prng.mjs').Rng): { user: string, assistant: string } }} Template
 */

/** @type {Template[]} */
export const TEMPLATES = [
  {
    category: 'creative-writing',
    build(rng) {
      const adj = rng.pick(ADJECTIVES);
      const noun = rng.pick(NOUNS);
      const topic = rng.pick(TOPICS);
      return {
        user: `Can you write a ${adj} ${noun} about ${topic}?`,
        assistant: `Sure! Here's a ${adj} ${noun} for you: ${topic} is wonderful, ${topic} is bright, ${topic} brings joy from morning to night. I hope you enjoy it! Let me know if you need anything else.`,
      };
    },
  },
  {
    category: 'refusal',
    build(rng) {
      const task = rng.pick(TASKS);
      return {
        user: `Can you ${task} for me?`,
        assistant: `As an AI language model, I cannot ${task}. However, I can provide general information and point you to helpful resources. Is there anything else I can help you with?`,
      };
    },
  },
  {
    category: 'advice',
    build(rng) {
      const goal = rng.pick(GOALS);
      const picked = rng.shuffled(TIPS).slice(0, 3);
      return {
        user: `What are some tips for ${goal}?`,
        assistant: `Great question! Here are three tips for ${goal}: 1. ${picked[0]}. 2. ${picked[1]}. 3. ${picked[2]}. By following these tips, you will be well on your way to ${goal}. I hope this helps!`,
      };
    },
  },
  {
    category: 'explanation',
    build(rng) {
      const topic = rng.pick(TOPICS);
      const adj = rng.pick(ADJECTIVES);
      return {
        user: `Tell me about ${topic}.`,
        assistant: `Certainly! ${topic[0].toUpperCase()}${topic.slice(1)} is a fascinating topic. In summary, ${topic} is ${adj}, important, and worth learning about. It is important to note that there are many perspectives to consider. Overall, ${topic} plays a significant role in our lives.`,
      };
    },
  },
];

/** Openers and closers that make a human answer read like a polished assistant reply (`mixed` slice). */
export const MIXED_OPENERS = [
  'Great question!',
  'Certainly! Here is what I know.',
  'Sure, I can help with that.',
  "That's an interesting question.",
];

/** See MIXED_OPENERS. */
export const MIXED_CLOSERS = [
  'I hope this helps!',
  'Let me know if you have any other questions.',
  'Feel free to ask if anything is unclear.',
];

/** The system prompt shared by the assistant-style slices. */
export const ASSISTANT_SYSTEM_PROMPT = 'You are a helpful assistant.';
