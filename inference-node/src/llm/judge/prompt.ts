import { renderPrompt } from '../request/prompt.js';
import type { Prompt } from '../request/types.js';

/**
 * The judge prompt, versioned: a verdict names the version it was made with, and a change of wording is
 * a new version (docs/protocol.md §12.6). The transcript is the request as the producer's model saw it
 * (`funai-plain-v1`) followed by the output text; the answer is read from the next token after
 * `Answer:`.
 */
export const JUDGE_PROMPT_VERSION = 'funai-judge-v1';

export function renderJudgePrompt(prompt: Prompt, outputText: string): string {
  return (
    'You are a verifier. Below is a REQUEST sent to an AI assistant and the RESPONSE it returned. ' +
    'Decide whether the RESPONSE is a faithful answer to the REQUEST: it answers the input, follows the ' +
    'system prompt and the conversation, and is not unrelated, truncated or made up.\n' +
    '### REQUEST\n' +
    renderPrompt(prompt) +
    '\n### RESPONSE\n' +
    outputText +
    '\n### QUESTION\n' +
    'Is the RESPONSE a faithful answer to the REQUEST? Answer yes or no.\n' +
    'Answer:'
  );
}

/** The spellings whose single-token forms count as each answer. */
export const YES_FORMS = ['yes', ' yes', 'Yes', ' Yes'] as const;
export const NO_FORMS = ['no', ' no', 'No', ' No'] as const;
