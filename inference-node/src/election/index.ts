// Election (docs/protocol.md §14.5–14.8): sortition hash chain, weights, drawWinner, VRF seed chain. Pure.
export * from './draw.js';
export * from './elected-block.js';
export * from './sortition.js';
export * from './weights.js';
