import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LEDGER_VERSION, numericVersion, USER_AGENT } from '../../src/version.js';

describe('the version', () => {
  it("is package.json's, and the user agent and numeric form derive from it", () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(LEDGER_VERSION).toBe(pkg.version);
    expect(USER_AGENT).toBe(`/funai-ledger:${pkg.version}/`);
    expect(numericVersion('1.2.3')).toBe(10203);
  });
});
