// funai-calibrate: measures a model's honest replay drift and writes its tolerance profile
// (docs/protocol.md §12.5) to <out-dir>/<modelId>.json, printing {path, modelId, logitDrift, rate, digest}.
// `funai-calibrate --model file.gguf [--out-dir dir] [--prompts 16] [--tokens 48] [--safety 4]
//  [--drift-floor 0.005] [--rate-floor 0.25] [--false-rejection 1e-6] [--trials 8]`
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { getLlama, type LlamaLogLevel } from 'node-llama-cpp';
import { pino } from 'pino';
import { calibrateModel } from '../llm/calibration/calibrate.js';
import {
  serializeToleranceProfile,
  toleranceProfileDigest,
  toleranceProfilePath,
} from '../llm/calibration/profile.js';
import { DEFAULT_TOLERANCE_DIR } from '../llm/calibration/registry.js';

const USAGE = `Usage: funai-calibrate --model file.gguf [--out-dir dir] [--prompts n] [--tokens n] [--safety x]
                       [--drift-floor x] [--rate-floor x] [--false-rejection x] [--trials n]
Measures honest logit drift of the model across thread counts (1, 2), batch sizes and token-by-token
decoding on this machine's CPU, and writes the model's tolerance profile to <out-dir>/<modelId>.json
(default out-dir: ${DEFAULT_TOLERANCE_DIR}).`;

function fail(message: string): never {
  process.stderr.write(`error: ${message}\n${USAGE}\n`);
  process.exit(1);
}

const parse = () =>
  parseArgs({
    options: {
      help: { type: 'boolean', short: 'h' },
      model: { type: 'string' },
      'out-dir': { type: 'string', default: DEFAULT_TOLERANCE_DIR },
      prompts: { type: 'string' },
      tokens: { type: 'string' },
      safety: { type: 'string' },
      'drift-floor': { type: 'string' },
      'rate-floor': { type: 'string' },
      'false-rejection': { type: 'string' },
      trials: { type: 'string' },
    },
  });
let parsed: ReturnType<typeof parse>;
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
if (!values.model) fail('--model is required');
const num = (v: string | undefined, integer = false): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) fail(`not a positive number: ${v}`);
  return n;
};

const log = pino({ level: process.env.LOG_LEVEL ?? 'info' }, pino.destination(2));
const llama = await getLlama({
  build: 'never',
  skipDownload: true,
  usePrebuiltBinaries: true,
  progressLogs: false,
  gpu: false,
  logLevel: 'error' as LlamaLogLevel,
});
const opts = {
  prompts: num(values.prompts, true),
  tokens: num(values.tokens, true),
  safetyFactor: num(values.safety),
  driftFloor: num(values['drift-floor']),
  rateFloor: num(values['rate-floor']),
  falseRejection: num(values['false-rejection']),
  trials: num(values.trials, true),
};
const profile = await calibrateModel(
  llama,
  values.model,
  Object.assign({ log }, Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined))),
);
await llama.dispose();
const dir = values['out-dir'];
await mkdir(dir, { recursive: true });
const path = toleranceProfilePath(dir, profile.modelId);
const tmp = `${path}.${process.pid}.tmp`;
await writeFile(tmp, serializeToleranceProfile(profile));
await rename(tmp, path);
process.stdout.write(
  `${JSON.stringify({
    path,
    modelId: profile.modelId,
    logitDrift: profile.tolerance.logitDrift,
    rates: profile.tolerance.budgets.map((b) => [b.maxTemperature, b.budget.rate]),
    digest: toleranceProfileDigest(profile),
    seconds: profile.measured?.seconds,
  })}\n`,
);
