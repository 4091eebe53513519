// funai-tiny-model: writes a generated test/devnet model (docs/protocol.md §12.2) and prints its path
// and model id. `funai-tiny-model --seed alpha [--out file.gguf] [--layers 2 --embedding 64 ...]`
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { generateTinyModel, type TinyModelOptions } from '../llm/gguf/tiny-model.js';
import { writeTinyModel } from '../llm/gguf/tiny-model-file.js';
import { computeModelFileId } from '../llm/model-id/file-id.js';

const USAGE = `Usage: funai-tiny-model [--seed alpha] [--out file.gguf] [--layers n] [--embedding n] [--heads n]
                        [--kv-heads n] [--feed-forward n] [--context-length n] [--logit-std x]
                        [--eos decisive|competing] [--noise x] [--noise-seed s]
Writes a generated llama-architecture GGUF (deterministic from its seed) and prints {path, id, size}.`;

function fail(message: string): never {
  process.stderr.write(`error: ${message}\n${USAGE}\n`);
  process.exit(1);
}

let parsed: ReturnType<typeof parse>;
const parse = () =>
  parseArgs({
    options: {
      help: { type: 'boolean', short: 'h' },
      seed: { type: 'string', default: 'alpha' },
      out: { type: 'string' },
      layers: { type: 'string' },
      embedding: { type: 'string' },
      heads: { type: 'string' },
      'kv-heads': { type: 'string' },
      'feed-forward': { type: 'string' },
      'context-length': { type: 'string' },
      'logit-std': { type: 'string' },
      eos: { type: 'string' },
      noise: { type: 'string' },
      'noise-seed': { type: 'string' },
    },
  });
try {
  parsed = parse();
} catch (e) {
  fail((e as Error).message);
}
const { values } = parsed;
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const num = (v: string | undefined): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) fail(`not a positive number: ${v}`);
  return n;
};
const options: TinyModelOptions = { seed: values.seed };
const set = <K extends keyof TinyModelOptions>(k: K, v: TinyModelOptions[K] | undefined): void => {
  if (v !== undefined) options[k] = v;
};
set('layers', num(values.layers));
set('embedding', num(values.embedding));
set('heads', num(values.heads));
set('kvHeads', num(values['kv-heads']));
set('feedForward', num(values['feed-forward']));
set('contextLength', num(values['context-length']));
set('logitStd', num(values['logit-std']));
if (values.eos !== undefined) {
  if (values.eos !== 'decisive' && values.eos !== 'competing') fail(`--eos must be decisive or competing`);
  options.eos = values.eos;
}
set('noise', num(values.noise));
if (values['noise-seed'] !== undefined) options.noiseSeed = values['noise-seed'];

let path: string;
if (values.out) {
  await writeFile(values.out, generateTinyModel(options));
  path = values.out;
} else {
  path = await writeTinyModel(options);
}
const { id, size } = await computeModelFileId(path);
process.stdout.write(`${JSON.stringify({ path, id, size })}\n`);
