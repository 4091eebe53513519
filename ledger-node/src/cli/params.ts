import type { RawJson } from '../rpc/json.js';
import { rawJson } from '../rpc/json.js';

/**
 * An argument as JSON when it parses as JSON, else as the string it is (bitcoin-cli converts
 * the arguments its table lists; funai-cli has no table and converts every one that parses).
 * Numbers keep their literal text, so `0.1` reaches the server as 0.1, not as a rounded double.
 * A string that reads as JSON (a label "10") is passed quoted: '"10"'.
 */
export function convertArg(text: string): unknown {
  try {
    return JSON.parse(text, (_key, value: unknown, context?: { source?: string }) =>
      typeof value === 'number' && context?.source !== undefined ? rawJson(context.source) : value,
    ) as unknown;
  } catch {
    return text;
  }
}

/**
 * The JSON-RPC params of a command line: an array, or with -named an object of `name=value`
 * pairs (later ones win), arguments without `=` going into "args" as positional ones.
 */
export function buildParams(args: readonly string[], named: boolean): unknown[] | Record<string, unknown> {
  if (!named) return args.map(convertArg);
  const params: Record<string, unknown> = {};
  const positional: unknown[] = [];
  for (const a of args) {
    const eq = a.indexOf('=');
    if (eq < 0) {
      positional.push(convertArg(a));
      continue;
    }
    params[a.slice(0, eq)] = convertArg(a.slice(eq + 1));
  }
  if (positional.length > 0 && !Object.hasOwn(params, 'args')) params.args = positional;
  return params;
}

/** Reads a reply keeping numbers' literal text, so that amounts print as the server wrote them. */
export function parseReply(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown, context?: { source?: string }): unknown | RawJson =>
    typeof value === 'number' && context?.source !== undefined ? rawJson(context.source) : value,
  ) as unknown;
}
