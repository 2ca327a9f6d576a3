/**
 * Entry of the bulk import's worker thread (see `import-ahead.ts`). Plain CommonJS, so it starts
 * the same way under tsx (`npm run content`) and under jest: it registers tsx's require hook, then
 * loads the TypeScript worker.
 */
'use strict'

require('tsx/cjs/api').register()
require('./import-worker-main.ts')
