/**
 * Entry of a GROQ query worker thread (see `query-pool.ts`). Plain CommonJS, so it starts the same
 * way under tsx (`npm run lake`) and under jest, where the TypeScript of the lake is not otherwise
 * loadable in a new thread: it registers tsx's require hook, then loads the TypeScript worker.
 */
'use strict'

require('tsx/cjs/api').register()
require('./groq-worker-main.ts')
