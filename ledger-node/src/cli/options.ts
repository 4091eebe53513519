import type { OptionSpec } from '../node/args.js';
import { COMMON_OPTIONS } from '../node/config.js';

/** funai-cli's options: bitcoin-cli's names and meanings. */
export const CLI_OPTIONS: readonly OptionSpec[] = [
  ...COMMON_OPTIONS,
  {
    name: 'named',
    kind: 'bool',
    help: 'Pass named instead of positional arguments: <name>=<value>',
    commandLineOnly: true,
  },
  {
    name: 'rpcconnect',
    kind: 'string',
    arg: 'ip[:port]',
    help: 'Send commands to node running on <ip> (default: 127.0.0.1)',
  },
  { name: 'rpcwallet', kind: 'string', arg: 'name', help: 'Send RPC for non-default wallet on RPC server' },
  { name: 'rpcwait', kind: 'bool', help: 'Wait for RPC server to start' },
  {
    name: 'rpcwaittimeout',
    kind: 'int',
    arg: 'n',
    help: 'Timeout in seconds to wait for the RPC server to start, or 0 for no timeout (default: 0)',
  },
  {
    name: 'rpcclienttimeout',
    kind: 'int',
    arg: 'n',
    help: 'Timeout in seconds during HTTP requests, or 0 for no timeout (default: 900)',
  },
  {
    name: 'stdin',
    kind: 'bool',
    help: 'Read extra arguments from standard input, one per line until EOF/Ctrl-D',
    commandLineOnly: true,
  },
  {
    name: 'stdinrpcpass',
    kind: 'bool',
    help: 'Read RPC password from standard input as a single line; with -stdin, the first line',
    commandLineOnly: true,
  },
];
