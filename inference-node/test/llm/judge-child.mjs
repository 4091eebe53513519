// Runs the judge in a separate process for the determinism test: node (24) strips the types of the
// engine's sources; this hook maps their `.js` import specifiers to the `.ts` files.
import { existsSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { fileURLToPath } from 'node:url';

registerHooks({
  resolve(specifier, context, next) {
    if (specifier.startsWith('.') && specifier.endsWith('.js') && context.parentURL?.endsWith('.ts')) {
      const ts = new URL(specifier.replace(/\.js$/, '.ts'), context.parentURL);
      if (existsSync(fileURLToPath(ts))) return next(ts.href, context);
    }
    return next(specifier, context);
  },
});

const { LlmEngine } = await import('../../src/llm/runtime/engine.ts');
const { pino } = await import('pino');
const { modelPath, cases } = JSON.parse(process.argv[2]);
const engine = await LlmEngine.create({ gpu: false, logger: pino({ level: 'silent' }) });
await engine.loadModel(modelPath, { threads: 1, contextSize: 1024 });
const verdicts = [];
for (const c of cases) verdicts.push(await engine.judge(c.request, c.output));
await engine.close();
process.stdout.write(JSON.stringify(verdicts));
