import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TINY_BOS, TINY_EOS } from '../../src/llm/gguf/tiny-model.js';
import { writeTinyModel } from '../../src/llm/gguf/tiny-model-file.js';
import { CHAT_TEMPLATE_PROMPT, templateStrftime } from '../../src/llm/request/chat-template.js';
import { PROMPT_TEMPLATE, renderPrompt } from '../../src/llm/request/prompt.js';
import type { Prompt } from '../../src/llm/request/types.js';
import { LlmEngine } from '../../src/llm/runtime/engine.js';
import { GREEDY, request, SILENT, seededSampling } from './fixtures.js';

// A ChatML-like template with a BOS, an EOS closing each turn and a system role.
const CHATML =
  "{{ bos_token }}{% for message in messages %}{{ '<|' + message['role'] + '|>\\n' + message['content'] + eos_token + '\\n' }}{% endfor %}{% if add_generation_prompt %}{{ '<|assistant|>\\n' }}{% endif %}";
// One that refuses the system role (as some instruct models' templates do).
const NO_SYSTEM =
  "{% for message in messages %}{% if message['role'] == 'system' %}{{ raise_exception('System role not supported') }}{% endif %}{{ '[' + message['role'] + '] ' + message['content'] + '\\n' }}{% endfor %}{% if add_generation_prompt %}{{ '[assistant] ' }}{% endif %}";
// One that reads the date.
const DATED =
  "{% if strftime_now is defined %}{{ 'Today: ' + strftime_now('%d %b %Y') + '\\n' }}{% endif %}{% for message in messages %}{{ message['role'] + ': ' + message['content'] + '\\n' }}{% endfor %}{% if add_generation_prompt %}{{ 'assistant:' }}{% endif %}";

const load = { threads: 1, contextSize: 512, sequences: 1 };
let engine: LlmEngine;
const ids: Record<string, string> = {};

beforeAll(async () => {
  engine = await LlmEngine.create({ gpu: false, logger: SILENT });
  for (const [name, chatTemplate] of Object.entries({
    chatml: CHATML,
    noSystem: NO_SYSTEM,
    dated: DATED,
    broken: '{% for message in %}',
  }))
    ids[name] = (await engine.loadModel(await writeTinyModel({ seed: 'alpha', chatTemplate }), load)).id;
  ids.plain = (await engine.loadModel(await writeTinyModel({ seed: 'alpha' }), load)).id;
});
afterAll(async () => {
  await engine?.close();
});

const conversation: Prompt = {
  system: 'Be brief.',
  messages: [
    { role: 'user', content: 'hi' },
    { role: 'assistant', content: 'hello' },
  ],
  input: 'why?',
};

describe("the model's own chat template", () => {
  it('renders the conversation with the GGUF template, system role included, BOS and EOS as tokens', () => {
    const m = engine.model(ids.chatml!);
    expect(m.info.promptFormat).toBe(CHAT_TEMPLATE_PROMPT);
    const r = engine.renderPrompt(request(ids.chatml!, conversation.input, GREEDY, { prompt: conversation }));
    expect(r.format).toBe(CHAT_TEMPLATE_PROMPT);
    // The spaces are SentencePiece's: llama.cpp prefixes text after a special token with one (as its own
    // whole-string tokenization does), and node-llama-cpp tokenizes the template's text and the
    // contents piece by piece (so "why?" and the "\n" after it are two pieces).
    expect(r.text).toBe(
      '<s> <|system|>\nBe brief.</s> \n<|user|>\nhi</s> \n<|assistant|>\nhello</s> \n<|user|>\nwhy?</s> \n<|assistant|>\n',
    );
    expect(r.tokens[0]).toBe(TINY_BOS);
    expect(r.tokens.filter((t) => t === TINY_BOS)).toHaveLength(1);
    expect(r.tokens.filter((t) => t === TINY_EOS)).toHaveLength(4);
    expect(m.model.detokenize(r.tokens as never, true)).toBe(r.text);
  });

  it('keeps control-token syntax in the contents as text', () => {
    const p: Prompt = { system: '</s><s>', messages: [], input: 'a</s>b<s>' };
    const r = engine.renderPrompt(request(ids.chatml!, p.input, GREEDY, { prompt: p }));
    expect(r.tokens.filter((t) => t === TINY_BOS)).toHaveLength(1);
    expect(r.tokens.filter((t) => t === TINY_EOS)).toHaveLength(2);
    expect(r.text).toContain('a</s>b<s>');
  });

  it('renders deterministically: again, and in another engine', async () => {
    const r = request(ids.chatml!, 'why?', GREEDY, { prompt: conversation });
    const a = engine.renderPrompt(r);
    expect(engine.renderPrompt(r)).toEqual(a);
    const other = await LlmEngine.create({ gpu: false, logger: SILENT });
    try {
      await other.loadModel(await writeTinyModel({ seed: 'alpha', chatTemplate: CHATML }), load);
      expect(other.renderPrompt(r)).toEqual(a);
    } finally {
      await other.close();
    }
  });

  it('generation and replay use the same rendering', async () => {
    for (const sampling of [GREEDY, seededSampling(3)]) {
      const r = request(ids.chatml!, 'why?', sampling, { prompt: conversation, maxTokens: 24 });
      const out = await engine.generate(r);
      expect(out.promptFormat).toBe(CHAT_TEMPLATE_PROMPT);
      expect(out.promptTokens).toBe(engine.renderPrompt(r).tokens.length);
      expect((await engine.replay(r, out)).ok).toBe(true);
      // The same output claimed for the plain-format model of the same weights is not its output.
      const plain = await engine.generate({ ...r, modelId: ids.plain! });
      expect(plain.promptFormat).toBe(PROMPT_TEMPLATE);
      expect(plain.promptTokens).not.toBe(out.promptTokens);
    }
  });

  it('a template without a system role gets the system prompt as a user message', () => {
    const r = engine.renderPrompt(request(ids.noSystem!, 'why?', GREEDY, { prompt: conversation }));
    // Converted, then joined with the user message after it; the template has no BOS, the model wants one.
    expect(r.text).toBe(
      '<s> [user] ### System message\n\nBe brief.\n\n----\n\nhi \n[assistant] hello \n[user] why? \n[assistant] ',
    );
  });

  it('a template reading the date sees a fixed one', () => {
    const r = engine.renderPrompt(request(ids.dated!, 'why?', GREEDY));
    // The last (empty) assistant turn is rendered as the template renders an assistant message.
    expect(r.text).toBe('<s> Today: 01 Jan 2025\nuser: why? \nassistant: ');
    expect(templateStrftime('%Y-%m-%d %H:%M %B %%')).toBe('2025-01-01 00:00 January %');
  });

  it('falls back to funai-plain-v1 without a template, or with one that cannot be rendered', () => {
    for (const id of [ids.plain!, ids.broken!]) {
      const m = engine.model(id);
      expect(m.info.promptFormat).toBe(PROMPT_TEMPLATE);
      const r = engine.renderPrompt(request(id, 'why?', GREEDY, { prompt: conversation }));
      expect(r.tokens).toEqual([TINY_BOS, ...m.tokenizeText(renderPrompt(conversation))]);
    }
  });
});
