// Inference blocks (docs/protocol.md §15.6–15.7, 15.9): header, body, roots, validation. Pure.
export * from './body.js';
export * from './header.js';
export * from './limits.js';
export * from './roots.js';
export * from './stacks.js';
export * from './validate.js';
