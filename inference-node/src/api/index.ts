// The HTTP API of an inference node (docs/protocol.md §17): OpenAI-compatible /v1 and native /funai/v1.
export * from './backend.js';
export * from './errors.js';
export * from './generation.js';
export * from './keystore.js';
export * from './lifecycle.js';
export * from './limits.js';
export * from './local-backend.js';
export * from './node-api.js';
export * from './openai/schema.js';
export * from './proofs.js';
export * from './server.js';
