import { runDaemon } from '../node/main.js';

// The daemon's exit status: 0 after a clean shutdown, 1 when it could not start.
const code = await runDaemon(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
process.exit(code);
