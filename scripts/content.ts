/**
 * The content CLI: `npm run content -- validate|import|export [file] [options]`.
 *
 *   validate [file]                     check an NDJSON dataset (default content/data.ndjson)
 *   import   [file] [--replace|--missing]  validate, then load it into the embedded lake
 *   export   [file]                     write the lake (or, with SANITY_PROJECT_ID, a Sanity project)
 *                                       as NDJSON; default export/data.ndjson, "-" means stdout
 */
import { runContentCommand } from '../lib/dataset/content-cli'

runContentCommand(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error)
    process.exitCode = 1
  },
)
