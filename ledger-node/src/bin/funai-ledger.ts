import { runDaemon } from '../node/main.js';

// The daemon's exit status: 0 after a clean shutdown, 1 when it could not start. Worker threads
// and sockets are all closed by then; exit explicitly so that a stray handle cannot keep it up.
const code = await runDaemon(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
process.exit(code);
