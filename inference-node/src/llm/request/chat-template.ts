import { type ChatHistoryItem, JinjaTemplateChatWrapper, type LlamaModel, type Token } from 'node-llama-cpp';
import { LlmError } from '../errors.js';
import { PROMPT_TEMPLATE, renderPrompt } from './prompt.js';
import type { Prompt } from './types.js';

/** Prompt format of a model that carries a chat template (`tokenizer.chat_template`) in its GGUF. */
export const CHAT_TEMPLATE_PROMPT = 'gguf-chat-template-v1';

/** A request's prompt as the model sees it: what an inference transaction commits to and replay re-renders. */
export interface RenderedPrompt {
  /** `gguf-chat-template-v1` (the model's own template) or `funai-plain-v1` (a model without one). */
  format: string;
  /** The prompt tokens' text with special tokens written out (llama.cpp detokenization, specials on). */
  text: string;
  /** The prompt tokens. */
  tokens: number[];
}

/** What rendering needs from a loaded model (node-llama-cpp's LlamaModel has it all). */
type ModelLike = Pick<LlamaModel, 'tokenizer' | 'tokenize' | 'detokenize' | 'tokens' | 'fileInfo'>;

/** The date a template's `strftime_now` sees: fixed, so that rendering is a pure function. */
export const TEMPLATE_DATE = { year: 2025, month: 1, day: 1, hour: 0, minute: 0 } as const;
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const pad2 = (n: number): string => String(n).padStart(2, '0');

/** `strftime_now` of the Jinja runtime (the same directives), at TEMPLATE_DATE, locale-independent. */
export function templateStrftime(format: string): string {
  const d = TEMPLATE_DATE;
  const month = MONTHS[d.month - 1]!;
  return String(format).replace(/%[YmdbBHM%]/g, (t) => {
    switch (t) {
      case '%Y':
        return String(d.year);
      case '%m':
        return pad2(d.month);
      case '%d':
        return pad2(d.day);
      case '%b':
        return month.slice(0, 3);
      case '%B':
        return month;
      case '%H':
        return pad2(d.hour);
      case '%M':
        return pad2(d.minute);
      default:
        return '%';
    }
  });
}

const PINNED_STRFTIME = 'funai_strftime_now';

/** The model's chat template from its GGUF metadata, if any. */
export function ggufChatTemplate(model: Pick<LlamaModel, 'fileInfo'>): string | null {
  const md = model.fileInfo.metadata as { tokenizer?: { chat_template?: unknown } };
  const t = md.tokenizer?.chat_template;
  return typeof t === 'string' && t.trim() !== '' ? t : null;
}

/** The chat history node-llama-cpp's wrappers render: the prompt, then an empty model turn to complete. */
export function chatHistory(p: Prompt): ChatHistoryItem[] {
  const h: ChatHistoryItem[] = [];
  if (p.system !== '') h.push({ type: 'system', text: p.system });
  for (const m of p.messages)
    h.push(m.role === 'user' ? { type: 'user', text: m.content } : { type: 'model', response: [m.content] });
  h.push({ type: 'user', text: p.input }, { type: 'model', response: [] });
  return h;
}

/**
 * Renders requests' prompts for one model, deterministically (docs/protocol.md §12.3):
 * - a model whose GGUF has `tokenizer.chat_template`: node-llama-cpp 3.22.1's `JinjaTemplateChatWrapper`
 *   on that template (fixed options: no reasoning flag, no function-call template, system messages
 *   converted to user messages only when the template has no system role, adjacent messages of one
 *   role joined, `strftime_now` at a fixed date). The template's own text (role markers) is tokenized
 *   with special-token parsing on, the request's contents with it off, so a user cannot smuggle control
 *   tokens in as text. The model's BOS token is prepended when the model asks for one and the template
 *   did not write it.
 * - otherwise `funai-plain-v1` (prompt.ts): BOS when the model asks, then the text with special-token
 *   parsing off.
 */
export class PromptRenderer {
  readonly format: string;
  private readonly model: ModelLike;
  private readonly wrapper: JinjaTemplateChatWrapper | null;

  private constructor(model: ModelLike, wrapper: JinjaTemplateChatWrapper | null) {
    this.model = model;
    this.wrapper = wrapper;
    this.format = wrapper ? CHAT_TEMPLATE_PROMPT : PROMPT_TEMPLATE;
  }

  /**
   * The renderer for a model: its own chat template when it has one that node-llama-cpp can render
   * (checked on a probe conversation), else the plain format; `onFallback` hears why.
   */
  static forModel(model: ModelLike, onFallback?: (why: string) => void): PromptRenderer {
    const template = ggufChatTemplate(model);
    if (template === null) return new PromptRenderer(model, null);
    try {
      const r = new PromptRenderer(model, jinjaWrapper(template, model));
      r.render({
        system: 's',
        messages: [
          { role: 'user', content: 'u' },
          { role: 'assistant', content: 'a' },
        ],
        input: 'i',
      });
      return r;
    } catch (e) {
      onFallback?.(e instanceof Error ? e.message : String(e));
      return new PromptRenderer(model, null);
    }
  }

  render(p: Prompt): RenderedPrompt {
    const bos = this.model.tokens.bos;
    const wantsBos = this.model.tokens.shouldPrependBosToken && bos !== null;
    if (!this.wrapper) {
      const body = this.model.tokenize(renderPrompt(p), false) as number[];
      return this.result(wantsBos ? [bos!, ...body] : body);
    }
    let contextText: ReturnType<JinjaTemplateChatWrapper['generateContextState']>['contextText'];
    try {
      ({ contextText } = this.wrapper.generateContextState({ chatHistory: chatHistory(p) }));
    } catch (e) {
      throw new LlmError(
        'invalid-request',
        `the model's chat template cannot render this prompt: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
    const tokens = contextText.tokenize(this.model.tokenizer) as number[];
    if (wantsBos && tokens[0] !== bos) tokens.unshift(bos as Token);
    return this.result(tokens);
  }

  private result(tokens: number[]): RenderedPrompt {
    return { format: this.format, text: this.model.detokenize(tokens as Token[], true), tokens };
  }
}

function jinjaWrapper(template: string, model: ModelLike): JinjaTemplateChatWrapper {
  // The Jinja runtime's strftime_now reads the clock in the local time zone and locale; the template
  // calls ours instead (a global cannot be overridden by a render parameter).
  const pinned = template.replace(/\bstrftime_now\b/g, PINNED_STRFTIME);
  const wrapper = new JinjaTemplateChatWrapper({
    template: pinned,
    reasoning: null,
    functionCallMessageTemplate: 'noJinja',
    convertUnsupportedSystemMessagesToUserMessages: 'auto',
    tokenizer: model.tokenizer,
  });
  const w = wrapper as unknown as { _jinjaTemplate: { render(items: Record<string, unknown>): string } };
  const inner = w._jinjaTemplate;
  w._jinjaTemplate = { render: (items) => inner.render({ ...items, [PINNED_STRFTIME]: templateStrftime }) };
  return wrapper;
}
