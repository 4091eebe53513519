import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { DEFAULT_REPLAY_TOLERANCE, type ReplayTolerance } from '../sampling/tolerance.js';
import { readToleranceProfile } from './profile.js';

/**
 * Where a node finds the tolerance profiles of its models by default: the package's `tolerance/` folder
 * (`inference-node/tolerance/<modelId>.json`), which holds the profiles registered with the models it
 * ships for (the generated test and devnet models). A node serving other models points `toleranceDir`
 * at its own folder of profiles written by `funai-calibrate`.
 */
export const DEFAULT_TOLERANCE_DIR = fileURLToPath(new URL('../../../tolerance/', import.meta.url));

/**
 * The replay tolerance of each model, read once from `<dir>/<modelId>.json`. A model without a profile
 * gets the uncalibrated DEFAULT_REPLAY_TOLERANCE, with a warning: a consensus verifier must hold the
 * model's profile (docs/protocol.md §12.5).
 */
export class ToleranceRegistry {
  readonly dir: string;
  private readonly log: Logger | undefined;
  private readonly cache = new Map<string, Promise<ReplayTolerance>>();

  constructor(dir: string = DEFAULT_TOLERANCE_DIR, log?: Logger) {
    this.dir = dir;
    this.log = log;
  }

  get(modelId: string): Promise<ReplayTolerance> {
    let p = this.cache.get(modelId);
    if (!p) {
      p = readToleranceProfile(this.dir, modelId).then((profile) => {
        if (profile) return profile.tolerance;
        this.log?.warn(
          { modelId, dir: this.dir },
          'no tolerance profile: replay uses the uncalibrated default',
        );
        return DEFAULT_REPLAY_TOLERANCE;
      });
      p.catch(() => this.cache.delete(modelId));
      this.cache.set(modelId, p);
    }
    return p;
  }
}
