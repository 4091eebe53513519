// funai-tiny-model: writes a generated test/devnet model (docs/protocol.md §12.2) and prints its path
// and model id. `funai-tiny-model --seed alpha [--out file.gguf] [--layers 2 --embedding 64 ...]`
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { generateTinyModel, type TinyModelOptions } from '../llm/gguf/tiny-model.js';
import { writeTinyModel } from '../llm/gguf/tiny-model-file.js';
import { computeModelFileId } from '../llm/model-id/file-id.js';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: 'alpha' },
    out: { type: 'string' },
    layers: { type: 'string' },
    embedding: { type: 'string' },
    heads: { type: 'string' },
    'kv-heads': { type: 'string' },
    'feed-forward': { type: 'string' },
    'context-length': { type: 'string' },
    'logit-std': { type: 'string' },
  },
});
const num = (v: string | undefined): number | undefined => (v === undefined ? undefined : Number(v));
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

let path: string;
if (values.out) {
  await writeFile(values.out, generateTinyModel(options));
  path = values.out;
} else {
  path = await writeTinyModel(options);
}
const { id, size } = await computeModelFileId(path);
process.stdout.write(`${JSON.stringify({ path, id, size })}\n`);
