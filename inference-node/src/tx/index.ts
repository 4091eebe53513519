// tx: see docs/protocol.md (Proof-of-Inference consensus). Filled in by issue 16.
export {};
