import { setTimeout as sleep } from 'node:timers/promises';
import { ConfigError, formatOptionsHelp } from '../node/args.js';
import type { ConfigEnvironment } from '../node/config.js';
import { CONF_FILENAME, cookiePath, defaultPorts, networkDir, readArgs } from '../node/config.js';
import { readCookieFile } from '../rpc/auth.js';
import { RpcErrorCode } from '../rpc/errors.js';
import { stringifyJson } from '../rpc/json.js';
import { LEDGER_VERSION } from '../version.js';
import { ConnectionFailed, postJson } from './http-client.js';
import { CLI_OPTIONS } from './options.js';
import { buildParams, parseReply } from './params.js';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** All of standard input (for -stdin and -stdinrpcpass). */
  readStdin: () => Promise<string>;
  env?: ConfigEnvironment;
}

/** An error printed as `error: <message>` with exit status 1, as bitcoin-cli's std::exception. */
class CliFailure extends Error {}

const USAGE = `FUN AI ledger RPC client version v${LEDGER_VERSION}

Usage:  funai-cli [options] <command> [params]  Send command to the FUN AI ledger node
or:     funai-cli [options] -named <command> [name=value]...  Send command to the node (with named arguments)
or:     funai-cli [options] help                List commands
or:     funai-cli [options] help <command>      Get help for a command

Arguments that parse as JSON are sent as JSON (numbers, true/false/null, arrays, objects); others
are sent as strings. Quote a string that would parse: '"10"'.

Options:

`;

function connectFailedMessage(host: string, port: number): string {
  return (
    `Could not connect to the server ${host}:${port}\n\n` +
    'Make sure the funai-ledger server is running and that you are connecting to the correct RPC port.\n' +
    'Use "funai-cli -help" for more info.'
  );
}

/** `host`, `host:port` or `[v6]:port`. */
function splitHostPort(value: string): { host: string; port?: number } {
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(value);
  if (v6) return { host: v6[1]!, ...(v6[2] ? { port: Number(v6[2]) } : {}) };
  const m = /^([^:]+):(\d+)$/.exec(value);
  if (m) return { host: m[1]!, port: Number(m[2]) };
  return { host: value };
}

/**
 * bitcoin-cli: sends one command and prints its result (strings raw, other values as indented
 * JSON, null as nothing). Returns the exit status: 0, the absolute value of an RPC error code, or
 * 1 for any other failure.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let parsed: ReturnType<typeof readArgs>;
  try {
    parsed = readArgs(
      argv,
      CLI_OPTIONS,
      { positional: true, program: 'funai-cli', ignoreUnknownInFile: true },
      io.env,
    );
  } catch (e) {
    if (e instanceof ConfigError) {
      const prefix = e.reason.startsWith('conf-')
        ? ''
        : e.option === 'datadir'
          ? 'Error: '
          : 'Error parsing command line arguments: ';
      io.stderr(`${prefix}${e.message}\n`);
      return 1;
    }
    throw e;
  }
  const { args, datadir, confFile } = parsed;
  try {
    if (args.bool('help', false)) {
      io.stdout(`${USAGE}${formatOptionsHelp(CLI_OPTIONS)}\n`);
      return 0;
    }
    if (args.bool('version', false)) {
      io.stdout(`FUN AI ledger RPC client version v${LEDGER_VERSION}\n`);
      return 0;
    }
    const rest = [...parsed.rest];
    let password = args.string('rpcpassword');
    if (args.bool('stdinrpcpass', false) || args.bool('stdin', false)) {
      const lines = (await io.readStdin()).split(/\r?\n/);
      if (lines[lines.length - 1] === '') lines.pop();
      if (args.bool('stdinrpcpass', false)) {
        if (lines.length === 0)
          throw new CliFailure('-stdinrpcpass specified but failed to read from standard input');
        password = lines.shift();
      }
      if (args.bool('stdin', false)) rest.push(...lines);
    }
    const method = rest.shift();
    if (method === undefined) throw new CliFailure('too few parameters (need at least command)');

    const network = args.network;
    const connect = splitHostPort(args.string('rpcconnect') ?? '127.0.0.1');
    const port = args.has('rpcport')
      ? args.int('rpcport', 0, 1, 65535)
      : (connect.port ?? defaultPorts(network).rpc);
    let auth: string | undefined;
    let noCookie = false;
    if (password !== undefined && password !== '') {
      auth = `${args.string('rpcuser') ?? ''}:${password}`;
    } else {
      const cookie = readCookieFile(cookiePath(args, networkDir(datadir, network)));
      if (cookie) auth = `${cookie.user}:${cookie.password}`;
      else noCookie = true;
    }
    const wallet = args.string('rpcwallet');
    const path = wallet === undefined ? '/' : `/wallet/${encodeURIComponent(wallet)}`;
    const body = stringifyJson({ method, params: buildParams(rest, args.bool('named', false)), id: 1 });
    const timeoutMs = args.int('rpcclienttimeout', 900, 0, 2 ** 31 / 1000) * 1000;
    const wait = args.bool('rpcwait', false);
    const waitDeadline = (() => {
      const s = args.int('rpcwaittimeout', 0, 0, 2 ** 31 / 1000);
      return s > 0 ? Date.now() + s * 1000 : Number.POSITIVE_INFINITY;
    })();

    for (;;) {
      let reply: { status: number; body: string };
      try {
        reply = await postJson({ host: connect.host, port, path, auth, body, timeoutMs });
      } catch (e) {
        if (!(e instanceof ConnectionFailed)) throw new CliFailure((e as Error).message);
        if (wait && Date.now() < waitDeadline) {
          await sleep(1000);
          continue;
        }
        const msg = connectFailedMessage(connect.host, port);
        throw new CliFailure(wait ? `timeout on transient error: ${msg}` : msg);
      }
      const result = interpretReply(reply, noCookie, confFile ?? `${datadir}/${CONF_FILENAME}`);
      if (result.kind === 'warmup' && wait && Date.now() < waitDeadline) {
        await sleep(1000);
        continue;
      }
      if (result.kind === 'ok') {
        if (result.text !== '') io.stdout(`${result.text}\n`);
        return 0;
      }
      io.stderr(`${result.text}\n`);
      return result.exitCode;
    }
  } catch (e) {
    if (e instanceof CliFailure || e instanceof ConfigError) {
      io.stderr(`error: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

type Outcome = { kind: 'ok'; text: string } | { kind: 'error' | 'warmup'; text: string; exitCode: number };

/** bitcoin-cli's CallRPC and its result printing. */
function interpretReply(
  reply: { status: number; body: string },
  noCookie: boolean,
  confFile: string,
): Outcome {
  const { status, body } = reply;
  if (status === 401) {
    if (noCookie) {
      throw new CliFailure(
        'Could not locate RPC credentials. No authentication cookie could be found, and RPC password is not set.  ' +
          `See -rpcpassword and -stdinrpcpass.  Configuration file: (${confFile})`,
      );
    }
    throw new CliFailure('Authorization failed: Incorrect rpcuser or rpcpassword');
  }
  if (status === 503) throw new CliFailure(`Server response: ${body}`);
  if (status >= 400 && status !== 400 && status !== 404 && status !== 500) {
    throw new CliFailure(`server returned HTTP error ${status}`);
  }
  if (body === '') throw new CliFailure('no response from server');
  let parsed: unknown;
  try {
    parsed = parseReply(body);
  } catch {
    throw new CliFailure("couldn't parse reply from server");
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new CliFailure('expected reply to be a JSON object');
  }
  const r = parsed as { result?: unknown; error?: unknown };
  if (r.error !== undefined && r.error !== null) {
    const err = r.error as { code?: unknown; message?: unknown };
    const code = readCode(err.code);
    if (code === undefined && typeof err.message !== 'string') {
      return { kind: 'error', text: `error: ${stringifyJson(r.error)}`, exitCode: 1 };
    }
    let text = '';
    if (code !== undefined) text += `error code: ${code}\n`;
    if (typeof err.message === 'string') text += `error message:\n${err.message}`;
    if (code === RpcErrorCode.WALLET_NOT_SPECIFIED) {
      text += '\nTry adding "-rpcwallet=<filename>" option to funai-cli command line.';
    }
    const exitCode = code === undefined ? 1 : Math.abs(code);
    return {
      kind: code === RpcErrorCode.IN_WARMUP ? 'warmup' : 'error',
      text: text.replace(/\n$/, ''),
      exitCode,
    };
  }
  const result = r.result;
  if (result === null || result === undefined) return { kind: 'ok', text: '' };
  if (typeof result === 'string') return { kind: 'ok', text: result };
  return { kind: 'ok', text: stringifyJson(result, 2) };
}

/** The error code as an integer; parseReply leaves numbers as raw JSON text. */
function readCode(code: unknown): number | undefined {
  if (typeof code === 'number') return code;
  if (code !== null && typeof code === 'object' && 'rawJSON' in code) {
    const n = Number((code as { rawJSON: string }).rawJSON);
    return Number.isInteger(n) ? n : undefined;
  }
  return undefined;
}
