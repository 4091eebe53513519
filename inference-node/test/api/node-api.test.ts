import { mkdtemp } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, describe, expect, it } from 'vitest';
import { FileKeystore } from '../../src/api/keystore.js';
import type { LocalInferenceBackend } from '../../src/api/local-backend.js';
import { API_KEYSTORE_FILE, createNodeApiServer } from '../../src/api/node-api.js';
import { SILENT } from '../llm/fixtures.js';
import { MODEL, sharedEngine } from './harness.js';

afterAll(async () => {
  await (await sharedEngine()).engine.close();
});

/** What the daemon passes for a producer serving the shared test model, in a fresh data dir. */
async function nodeApiOptions() {
  const dataDir = await mkdtemp(join(tmpdir(), 'funai-node-api-'));
  const { engine, ids } = await sharedEngine();
  return {
    dataDir,
    engine,
    models: () => [{ name: MODEL, id: ids[0]! }],
    chainId: 3,
    executorKey: new Uint8Array(32).fill(7),
    ledgerHeight: () => 55,
    logger: SILENT,
  };
}

describe('createNodeApiServer (what the daemon mounts)', () => {
  it('serves keys that `funai api-keys new` adds to the data dir while the node runs', async () => {
    const options = await nodeApiOptions();
    const { dataDir } = options;
    const settled: string[] = [];
    const { server, backend } = await createNodeApiServer({
      ...options,
      status: () => ({ role: 'producer', height: 12 }),
      onSettled: (r) => settled.push(r.id),
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      // Another process (the CLI) writes the keystore file after the node started.
      const { apiKey, account } = await (await FileKeystore.open(join(dataDir, API_KEYSTORE_FILE))).add(
        'app',
      );
      (backend as LocalInferenceBackend).credit(account.principal, 10n ** 9n);
      const client = new OpenAI({ baseURL: `${origin}/v1`, apiKey, maxRetries: 0 });
      const r = await client.chat.completions.create({
        model: MODEL,
        messages: [{ role: 'user', content: 'hi' }],
      });
      const tx = (r as unknown as { funai: { tx: string } }).funai.tx;
      expect(settled).toEqual([tx]);
      expect(await (await fetch(`${origin}/funai/v1/status`)).json()).toEqual({
        role: 'producer',
        height: 12,
      });
      expect((await (await fetch(`${origin}/funai/v1/tx/${tx}`)).json()) as { status: string }).toMatchObject(
        {
          status: 'executed',
        },
      );
    } finally {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('takes its balances from the chain when given feeBalance (the Clarity fee account)', async () => {
    const { server, backend } = await createNodeApiServer({
      ...(await nodeApiOptions()),
      feeBalance: async (p) => (p === 'ST-FUNDED' ? 777n : 0n),
    });
    server.close();
    expect((await backend.account('ST-FUNDED')).balance).toBe(777n);
    expect((await backend.account('ST-OTHER')).balance).toBe(0n);
  });
});
