import { formatIssue } from './validation-issue'

export const DEFAULT_DATASET_FILE = 'content/data.ndjson'

export const CONTENT_CLI_USAGE = `Usage: npm run content -- <command> [file] [options]

  validate [file] [--json]              check an NDJSON dataset (default ${DEFAULT_DATASET_FILE});
                                        --json also prints the report as JSON on stdout
  import   [file] [--replace|--missing] validate, then load into the embedded lake (LAKE_DATA_DIR or .lake)
  export   [file]                       export the lake (or the Sanity project named by SANITY_PROJECT_ID)
                                        as NDJSON (default export/data.ndjson + export/images/; "-" = stdout)
  editor   add "<name>" | list | remove <id|name>
                                        named editors of the embedded lake (tokens for /studio)
`

/** Parsed command line: command, positional file and flags. */
export interface ContentCliArgs {
  command: string | undefined
  file: string | undefined
  flags: Set<string>
}

export function parseContentCliArgs(argv: string[]): ContentCliArgs {
  const positional = argv.filter((arg) => !arg.startsWith('--') || arg === '--')
  const flags = new Set(argv.filter((arg) => arg.startsWith('--') && arg !== '--'))
  const [command, file] = positional.filter((arg) => arg !== '--')
  return { command, file, flags }
}

/**
 * Validates a file, printing issues as they are found and the summary to stderr; true when valid.
 * With `json`, the full report is also written to stdout as one JSON object (for tools and tests).
 */
export async function runValidate(file: string, { json = false } = {}): Promise<boolean> {
  // Loaded only here: Sanity's schema and validator (`sanity`) take ~150 MB, which `import` must not pay.
  const { formatValidationSummary, validateDataset } = await import('./validate-dataset')
  const report = await validateDataset(file, { onIssue: (issue) => console.error(formatIssue(issue)) })
  console.error(formatValidationSummary(report))
  if (json) process.stdout.write(`${JSON.stringify(report)}\n`)
  return report.ok
}

/** Runs one CLI command; resolves to the process exit code. */
export async function runContentCommand(argv: string[]): Promise<number> {
  const { command, file, flags } = parseContentCliArgs(argv)
  switch (command) {
    case 'validate':
      return (await runValidate(file ?? DEFAULT_DATASET_FILE, { json: flags.has('--json') })) ? 0 : 1
    case 'import': {
      const { runImport } = await import('./import-dataset')
      if (flags.has('--replace') && flags.has('--missing')) throw new Error('Use either --replace or --missing, not both.')
      const mode = flags.has('--replace') ? 'replace' : flags.has('--missing') ? 'missing' : 'create'
      return (await runImport(file ?? DEFAULT_DATASET_FILE, mode)) ? 0 : 1
    }
    case 'editor': {
      const { runEditorCommand } = await import('../lake/studio/editor-cli')
      const { readSettings } = await import('../sanity/settings')
      return runEditorCommand(argv.slice(argv.indexOf('editor') + 1).filter((arg) => arg !== '--'), { dataDir: readSettings().lake.dataDir })
    }
    case 'export': {
      const { runExport } = await import('./export-dataset')
      await runExport(file)
      return 0
    }
    default:
      console.error(command ? `Unknown command "${command}".\n\n${CONTENT_CLI_USAGE}` : CONTENT_CLI_USAGE)
      return command ? 2 : 0
  }
}
