// Lets Node run the TypeScript sources directly (it strips the types itself): `./x.js` imports
// resolve to the `./x.ts` beside them when no .js exists. Used with --import by the CLI tests.
import { registerHooks } from 'node:module';

registerHooks({
  resolve(specifier, context, next) {
    try {
      return next(specifier, context);
    } catch (e) {
      if (specifier.startsWith('.') && specifier.endsWith('.js'))
        return next(`${specifier.slice(0, -3)}.ts`, context);
      throw e;
    }
  },
});
