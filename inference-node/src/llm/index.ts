// The LLM engine: model identity, deterministic generation, replay verification, the judge and the
// verdict policy (docs/protocol.md §12).
export * from './errors.js';
export * from './generate/chooser.js';
export * from './generate/generate.js';
export * from './generate/stop.js';
export * from './gguf/tiny-model.js';
export * from './gguf/tiny-model-file.js';
export * from './gguf/writer.js';
export * from './judge/judge.js';
export * from './judge/prompt.js';
export * from './model-id/file-id.js';
export * from './model-id/merkle.js';
export * from './replay/finish.js';
export * from './replay/replay.js';
export * from './request/limits.js';
export * from './request/prompt.js';
export * from './request/types.js';
export * from './request/validate.js';
export * from './runtime/engine.js';
export * from './runtime/evaluate.js';
export * from './runtime/loaded-model.js';
export * from './runtime/pool.js';
export * from './sampling/draw.js';
export * from './sampling/logits.js';
export * from './sampling/sampler.js';
export * from './sampling/tolerance.js';
export * from './verdict/policy.js';
