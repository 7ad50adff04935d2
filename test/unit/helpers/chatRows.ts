/** Shared builders of the chat-shaped rows the field and schema tests feed. (Not a test file itself.) */

/** An OpenAI-chat row: `messages`, one `{ role, content }` per [role, content] turn. */
export const chatRow = (...turns: [role: string, content: unknown][]) => ({
  messages: turns.map(([role, content]) => ({ role, content })),
});

/** A ShareGPT row: `conversations`, one `{ from, value }` per [from, value] turn. */
export const sharegptRow = (...turns: [from: string, value: string][]) => ({
  conversations: turns.map(([from, value]) => ({ from, value })),
});
