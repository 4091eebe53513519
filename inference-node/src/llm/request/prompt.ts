import type { Prompt } from './types.js';

/**
 * The prompt template `funai-plain-v1` (docs/protocol.md §12.3): one line per turn, a role label, and a
 * final `Assistant:` for the model to continue. The text is tokenized with special-token parsing off, so
 * a user cannot smuggle control tokens in as text; the model's BOS token is prepended when the model asks
 * for it.
 */
export const PROMPT_TEMPLATE = 'funai-plain-v1';

export function renderPrompt(p: Prompt): string {
  let s = p.system.length > 0 ? `System: ${p.system}\n` : '';
  for (const m of p.messages) s += `${m.role === 'user' ? 'User' : 'Assistant'}: ${m.content}\n`;
  return `${s}User: ${p.input}\nAssistant:`;
}
