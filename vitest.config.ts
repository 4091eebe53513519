import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Every project runs the one seeded fast-check configuration (tools/fast-check-setup.ts).
const setupFiles = [fileURLToPath(new URL('./tools/fast-check-setup.ts', import.meta.url))];

// Each part is a vitest project; suites named `*.slow.test.ts` form the part's `-slow` project,
// which CI runs all the same (see .ci/run).
export default defineConfig({
  test: {
    projects: ['ecvrf', 'ledger-node', 'clarity', 'inference-node', 'integration'].flatMap((part) => [
      {
        test: {
          name: part,
          root: part,
          include: ['test/**/*.test.ts'],
          exclude: ['test/**/*.slow.test.ts'],
          setupFiles,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: `${part}-slow`,
          root: part,
          include: ['test/**/*.slow.test.ts'],
          setupFiles,
          testTimeout: 600_000,
          hookTimeout: 600_000,
        },
      },
    ]),
    passWithNoTests: true,
  },
});
