// Text helpers for the generators of the SHA-256 WebAssembly kernels (gen-sha256-multi.mjs and the
// miner's gen-sha256d-4way.mjs). Plain JavaScript, no dependencies.

/** The v128 locals `body` sets (but those in `others`), declared in the order first set, six a line. */
export function declareV128Locals(body, others = new Set()) {
  const found = [...new Set([...body.join('\n').matchAll(/\(local\.set \$(\w+)/g)].map((m) => m[1]))];
  const names = found.filter((n) => !others.has(n));
  const lines = [];
  for (let j = 0; j < names.length; j += 6)
    lines.push(
      names
        .slice(j, j + 6)
        .map((name) => `(local $${name} v128)`)
        .join(' '),
    );
  return lines;
}

/** `lines`, each but the empty ones indented by `spaces`. */
export const indent = (spaces, lines) => lines.map((line) => (line ? ' '.repeat(spaces) + line : line));

/**
 * A module's text: `comments` (its prose and memory table) as `;;` lines, one exported page of
 * memory, then the functions, each a list of lines without its closing parenthesis.
 */
export function watModule(comments, functions) {
  return [
    '(module',
    ...indent(
      2,
      comments.map((line) => `;;${line && ` ${line}`}`),
    ),
    '  (memory (export "memory") 1)',
    ...functions.flatMap((f) => ['', ...indent(2, f), '  )']),
    ')',
    '',
  ].join('\n');
}
