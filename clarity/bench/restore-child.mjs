// Restores a checkpoint in a fresh process (the bench's restart-with-snapshot figure):
// `node restore-child.mjs <checkpoint file> <genesis json>`; prints {seconds, stateRoot}.
import { readFileSync } from 'node:fs';
import { ClarityHost, decodeCheckpoint } from '../dist/index.js';

const [file, genesisFile] = process.argv.slice(2);
const t0 = performance.now();
const genesis = JSON.parse(readFileSync(genesisFile, 'utf8'));
for (const a of genesis.allocations ?? []) a.amount = BigInt(a.amount);
const host = await ClarityHost.restore(decodeCheckpoint(readFileSync(file)), genesis);
const seconds = (performance.now() - t0) / 1000;
console.log(JSON.stringify({ seconds, stateRoot: Buffer.from(host.stateRoot()).toString('hex') }));
