/**
 * Entry of a GROQ query worker thread (see `query-pool.ts`). Plain CommonJS, so it starts the same
 * way under tsx (`npm run lake`) and under jest, where the TypeScript of the lake is not otherwise
 * loadable in a new thread: it registers tsx's require hook, then loads the TypeScript worker.
 */
'use strict'

// `--nice=N` (from the pool, for heavy and listen work): lower this thread before loading anything,
// so compiling the lake's code does not take CPU from the server or from cheap queries.
const nice = Number((process.argv.find((arg) => arg.startsWith('--nice=')) || '').slice(7))
if (nice > 0) {
  const os = require('node:os')
  try {
    os.setPriority(0, Math.min(19, os.getPriority(0) + nice)) // 0: this thread (Linux)
  } catch {
    // Not permitted or not supported: the worker runs at normal priority.
  }
}

require('tsx/cjs/api').register()
require('./groq-worker-main.ts')
