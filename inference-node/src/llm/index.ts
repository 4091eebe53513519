export * from './errors.js';
export * from './gguf/tiny-model.js';
export * from './gguf/writer.js';
