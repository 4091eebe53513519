import { homedir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { hash160, toHex } from '@funai/ledger-node';
import { FileKeystore } from '../api/keystore.js';
import type { TxLifecycle } from '../api/lifecycle.js';
import type { ChatMessage } from '../llm/request/types.js';
import { DEFAULT_PORTS, INFERENCE_CHAIN_IDS } from '../node/config.js';
import { encodeDeposit } from '../ops/deposit.js';
import { FunaiApiError, FunaiClient, sseData } from './client.js';
import { KeyFile } from './keyfile.js';
import { verifyLifecycle } from './verify.js';

/** What the CLI reads and writes: the process's streams in `funai`, captured ones in tests. */
export interface CliIo {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
  stdin: NodeJS.ReadableStream;
  env: Record<string, string | undefined>;
  interactive: boolean;
}

const USAGE = `Usage: funai <command> [options]
  chat --model <name|id> [--system text] [--temperature t] [--max-tokens n] [--seed n] [--message text]
       [--api-key key]         stream a conversation (interactive on a terminal; --message or stdin: one turn);
                               each turn signed with your key, or with --api-key (or $FUNAI_API_KEY) through
                               the node's OpenAI API, the node's keystore account signing
  tx <id> [--follow] [--until status] [--verify] [--ledger-rpc url]
                               a transaction's lifecycle (--follow: a progress line until anchored;
                               --verify: every proof checked here, the anchor against --ledger-rpc's chain)
  keys new [--name n]          create a key (an inference-chain account) in <home>/keys.json
  keys list                    list the keys and their principals
  api-keys new|list --keystore <file> [--name n]
                               (node operators) API keys of the node's keystore (<datadir>/api-keys.json):
                               each maps a bearer key to an account the node signs for
  balance                      the key's fee balance and next nonce on the node
  deposit <amount>             burn <amount> FAI on the ledger to the key's inference-chain account
                               (--ledger-rpc url, --rpc-user/--rpc-password; the ledger wallet pays)
Common options: --network main|test|regtest (default main) --url <api origin> --chain-id <n>
  --key <name> (default: the first key) --home <dir> (default $FUNAI_HOME or ~/.funai)
  --gas-price <base units> (default 1)`;

class UsageError extends Error {}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  const parse = () =>
    parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        network: { type: 'string' },
        url: { type: 'string' },
        'chain-id': { type: 'string' },
        key: { type: 'string' },
        home: { type: 'string' },
        name: { type: 'string' },
        model: { type: 'string' },
        system: { type: 'string' },
        message: { type: 'string' },
        temperature: { type: 'string' },
        'max-tokens': { type: 'string' },
        seed: { type: 'string' },
        'gas-price': { type: 'string' },
        follow: { type: 'boolean' },
        until: { type: 'string' },
        verify: { type: 'boolean' },
        'interval-ms': { type: 'string' },
        'ledger-rpc': { type: 'string' },
        keystore: { type: 'string' },
        'api-key': { type: 'string' },
        'rpc-user': { type: 'string' },
        'rpc-password': { type: 'string' },
      },
    });
  try {
    parsed = parse();
  } catch (e) {
    io.stderr.write(`error: ${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { values: v, positionals: pos } = parsed;
  if (v.help || pos.length === 0) {
    (v.help ? io.stdout : io.stderr).write(`${USAGE}\n`);
    return v.help ? 0 : 2;
  }
  const out = (s: string): void => {
    io.stdout.write(s);
  };
  try {
    const network = (v.network ?? io.env.FUNAI_NETWORK ?? 'main') as keyof typeof INFERENCE_CHAIN_IDS;
    if (!(network in INFERENCE_CHAIN_IDS)) throw new UsageError(`unknown network ${network}`);
    const chainId =
      v['chain-id'] !== undefined ? int(v['chain-id'], 'chain-id') : INFERENCE_CHAIN_IDS[network];
    const url = v.url ?? io.env.FUNAI_API_URL ?? `http://127.0.0.1:${DEFAULT_PORTS[network].api}`;
    const home = v.home ?? io.env.FUNAI_HOME ?? join(homedir(), '.funai');
    const keys = await KeyFile.open(join(home, 'keys.json'));
    const client = new FunaiClient({ url, chainId });
    const key = () => {
      const k = keys.get(v.key);
      if (!k) throw new UsageError(v.key ? `no key named ${v.key}` : 'no key yet: run `funai keys new`');
      return k;
    };
    const [cmd, ...rest] = pos;
    switch (cmd) {
      case 'keys': {
        if (rest[0] === 'new') {
          const k = await keys.create(v.name ?? `key${keys.list().length + 1}`);
          out(`${k.name}\t${k.principal}\n`);
        } else if (rest[0] === 'list') {
          for (const k of keys.list()) out(`${k.name}\t${k.principal}\n`);
        } else throw new UsageError('keys new|list');
        return 0;
      }
      case 'api-keys': {
        if (!v.keystore)
          throw new UsageError('api-keys needs --keystore <file> (the node data dir: api-keys.json)');
        const store = await FileKeystore.open(v.keystore);
        if (rest[0] === 'new') {
          const { apiKey, account } = await store.add(v.name ?? `account${store.list().length + 1}`);
          out(`${account.name}\t${account.principal}\t${apiKey}\n`);
          io.stderr.write('the API key is shown once: only its hash is stored\n');
        } else if (rest[0] === 'list') {
          for (const a of store.list()) out(`${a.name}\t${a.principal}\n`);
        } else throw new UsageError('api-keys new|list');
        return 0;
      }
      case 'balance': {
        const k = key();
        const a = await client.account(k.principal);
        out(`${k.principal}\tbalance ${fai(a.balance)} FAI\tnext nonce ${a.nonce}\n`);
        return 0;
      }
      case 'tx': {
        const id = rest[0];
        if (!id || !/^[0-9a-f]{64}$/.test(id)) throw new UsageError('tx <64 hex chars id>');
        let lc: TxLifecycle;
        if (v.follow) {
          const interactive = io.interactive;
          lc = await client.follow(id, {
            until: (v.until as TxLifecycle['status'] | undefined) ?? 'anchored',
            intervalMs: v['interval-ms'] ? int(v['interval-ms'], 'interval-ms') : 1000,
            onUpdate: (s) => out(`${interactive ? '\r\x1b[K' : ''}${progress(s)}${interactive ? '' : '\n'}`),
          });
          if (interactive) out('\n');
        } else {
          lc = await client.lifecycle(id);
          out(`${progress(lc)}\n`);
        }
        if (v.verify) {
          // With a ledger node, the anchor must be on its best chain (not only self-consistent).
          const rpc = ledgerRpc(v, io);
          const check = await verifyLifecycle(lc, {
            chainId,
            ...(rpc
              ? { ledgerHashAt: (h: number) => rpc<string>('getblockhash', [h]).catch(() => null) }
              : {}),
          });
          out(
            check.ok
              ? `verified: ${check.verified.join(', ')}\n`
              : `NOT verified: ${check.failure!.step}: ${check.failure!.reason}\n`,
          );
          return check.ok ? 0 : 1;
        }
        return 0;
      }
      case 'chat': {
        const apiKey = v['api-key'] ?? io.env.FUNAI_API_KEY;
        return await chat(client, apiKey ? { apiKey } : key(), v, io);
      }
      case 'deposit': {
        const amount = rest[0];
        if (!amount || !/^\d+(\.\d{1,8})?$/.test(amount))
          throw new UsageError('deposit <amount in FAI, up to 8 decimals>');
        const k = key();
        const op = encodeDeposit({ recipient: { version: 26, hash160: hash160(k.publicKey) } });
        const rpc = ledgerRpc(v, io);
        if (!rpc)
          throw new UsageError('deposit needs --ledger-rpc <url> (the ledger node whose wallet pays)');
        const sent = await rpc<string>('sendfunaiop', {
          op: { op: op.op, version: op.version, body: toHex(op.body) },
          burn: Number(amount),
        });
        out(
          `deposit of ${amount} FAI to ${k.principal}: ledger tx ${sent} (credited after 6 confirmations)\n`,
        );
        return 0;
      }
      default:
        throw new UsageError(`unknown command ${cmd}`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`error: ${e.message}\n${USAGE}\n`);
      return 2;
    }
    io.stderr.write(
      `error: ${e instanceof FunaiApiError ? `${e.status} ${e.code}: ${e.message}` : (e as Error).message}\n`,
    );
    return 1;
  }
}

/** JSON-RPC to the ledger node of `--ledger-rpc` (Basic auth from --rpc-user/--rpc-password), or null. */
function ledgerRpc(
  v: Record<string, string | boolean | undefined>,
  io: CliIo,
): (<T>(method: string, params: unknown) => Promise<T>) | null {
  const url = (v['ledger-rpc'] as string | undefined) ?? io.env.FUNAI_LEDGER_RPC;
  if (!url) return null;
  const auth = `${v['rpc-user'] ?? io.env.FUNAI_RPC_USER ?? ''}:${v['rpc-password'] ?? io.env.FUNAI_RPC_PASSWORD ?? ''}`;
  return async <T>(method: string, params: unknown): Promise<T> => {
    const r = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Basic ${Buffer.from(auth).toString('base64')}`,
      },
      body: JSON.stringify({ jsonrpc: '1.0', id: 'funai', method, params }),
    });
    const body = (await r.json().catch(() => null)) as { result?: T; error?: { message: string } } | null;
    if (!r.ok || body?.result === undefined || body.result === null)
      throw new Error(`ledger RPC: ${body?.error?.message ?? r.statusText}`);
    return body.result;
  };
}

function int(s: string, what: string): number {
  const n = Number(s);
  if (!Number.isSafeInteger(n) || n < 0) throw new UsageError(`--${what} must be a non-negative integer`);
  return n;
}

function fai(base: bigint): string {
  const s = base.toString().padStart(9, '0');
  return `${s.slice(0, -8)}.${s.slice(-8)}`;
}

function progress(lc: TxLifecycle): string {
  const steps = ['executed', 'included', 'certified', 'anchored'];
  const at = steps.indexOf(lc.status);
  const bar = at < 0 ? lc.status : steps.map((s, i) => (i <= at ? s : '·')).join(' → ');
  const extra = lc.anchor
    ? ` (ledger block ${lc.anchor.ledgerHeight}, tx ${lc.anchor.ledgerTxid.slice(0, 16)}…)`
    : '';
  return `${lc.id.slice(0, 16)}… ${bar}${lc.reason ? `: ${lc.reason}` : ''}${extra}`;
}

async function chat(
  client: FunaiClient,
  signer: ReturnType<KeyFile['list']>[number] | { apiKey: string },
  v: Record<string, string | boolean | undefined>,
  io: CliIo,
): Promise<number> {
  const model = v.model as string | undefined;
  if (!model) throw new UsageError('chat --model <name|id>');
  const models = await client.models();
  const m = models.find((x) => x.name === model || x.id === model);
  if (!m)
    throw new Error(`the node does not serve ${model} (it serves ${models.map((x) => x.name).join(', ')})`);
  const temperature = v.temperature !== undefined ? Number(v.temperature) : 0.7;
  const maxTokens = v['max-tokens'] !== undefined ? int(v['max-tokens'] as string, 'max-tokens') : 256;
  const gasPrice = BigInt((v['gas-price'] as string | undefined) ?? '1');
  const history: ChatMessage[] = [];
  const system = (v.system as string | undefined) ?? '';
  const seed = v.seed !== undefined ? int(v.seed as string, 'seed') : undefined;
  const show = (delta: string): void => {
    io.stdout.write(delta);
  };
  /** One turn through the OpenAI API: the node's keystore account signs. */
  const viaApiKey = async (
    apiKey: string,
    input: string,
  ): Promise<{ id: string; text: string; note: string }> => {
    const messages = [
      ...(system ? [{ role: 'system', content: system }] : []),
      ...history,
      { role: 'user', content: input },
    ];
    const r = await fetch(`${client.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: m.id,
        messages,
        temperature,
        max_tokens: maxTokens,
        stream: true,
        stream_options: { include_usage: true },
        ...(seed !== undefined ? { seed } : {}),
      }),
    });
    if (!r.ok || !r.body) {
      const body = (await r.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
      throw new FunaiApiError(
        r.status,
        body?.error?.code ?? 'http_error',
        body?.error?.message ?? r.statusText,
      );
    }
    let text = '';
    let note = '';
    const id = r.headers.get('x-funai-tx') ?? '?';
    for await (const data of sseData(r.body)) {
      if (data === '[DONE]') break;
      const c = JSON.parse(data) as {
        error?: { code: string; message: string };
        choices?: { delta?: { content?: string }; finish_reason?: string | null }[];
        usage?: { completion_tokens: number };
      };
      if (c.error) throw new FunaiApiError(500, c.error.code, c.error.message);
      const d = c.choices?.[0]?.delta?.content;
      if (d) {
        text += d;
        show(d);
      }
      if (c.choices?.[0]?.finish_reason) note = c.choices[0].finish_reason;
      if (c.usage) note = `${c.usage.completion_tokens} tokens · ${note}`;
    }
    return { id, text, note };
  };
  /** One turn as a transaction signed here with the user's key, through the native API. */
  const viaOwnKey = async (
    account: ReturnType<KeyFile['list']>[number],
    input: string,
  ): Promise<{ id: string; text: string; note: string }> => {
    const tx = await client.sign(account, {
      model: m.id,
      prompt: { system, messages: [...history], input },
      maxTokens,
      temperature,
      ...(seed !== undefined ? { seed } : {}),
      gasLimit: BigInt(m.contextSize),
      gasPrice,
    });
    const gen = client.stream(tx);
    let r = await gen.next();
    while (!r.done) {
      show(r.value);
      r = await gen.next();
    }
    const note = `${r.value.usage.completion_tokens} tokens · ${r.value.output.finishReason}`;
    return { id: r.value.id, text: r.value.output.text, note };
  };
  const turn = async (input: string): Promise<void> => {
    const res = 'apiKey' in signer ? await viaApiKey(signer.apiKey, input) : await viaOwnKey(signer, input);
    io.stdout.write('\n');
    io.stderr.write(`[tx ${res.id} · ${res.note}]\n`);
    history.push({ role: 'user', content: input }, { role: 'assistant', content: res.text });
  };
  if (typeof v.message === 'string') {
    await turn(v.message);
    return 0;
  }
  if (!io.interactive) {
    let text = '';
    for await (const chunk of io.stdin) text += chunk.toString();
    await turn(text.trim());
    return 0;
  }
  const rl = createInterface({ input: io.stdin, output: io.stdout as NodeJS.WritableStream, terminal: true });
  const who = 'apiKey' in signer ? 'the API key' : signer.principal;
  io.stderr.write(`chatting with ${m.name} as ${who} (Ctrl-D to quit)\n`);
  try {
    for (;;) {
      const line = await rl.question('> ').catch(() => null);
      if (line === null) break;
      if (line.trim()) await turn(line);
    }
  } finally {
    rl.close();
  }
  return 0;
}
