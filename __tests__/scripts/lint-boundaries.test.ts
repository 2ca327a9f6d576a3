/**
 * The layer rules `npm run lint` enforces (eslint.config.mjs, eslint-plugin-boundaries): the content
 * boundary never imports render code, components never import the data layer. Checked by linting
 * small sources as if they sat in those folders, against the repository's own configuration.
 */
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { REPO_ROOT } from '../dataset/run-tsx'

jest.setTimeout(60_000)

const ESLINT_CLI = path.join(REPO_ROOT, 'node_modules/eslint/bin/eslint.js')

/** ESLint's CLI on `code` as if it were `filePath` (the config is ESM, which jest cannot import). */
function boundaryErrors(code: string, filePath: string): string[] {
  const run = spawnSync(process.execPath, [ESLINT_CLI, '--format', 'json', '--stdin', '--stdin-filename', filePath], {
    cwd: REPO_ROOT,
    input: code,
    encoding: 'utf8',
  })
  const [result] = JSON.parse(run.stdout) as Array<{ messages: Array<{ ruleId: string | null; message: string }> }>
  return result.messages.filter((message) => message.ruleId === 'boundaries/dependencies').map((message) => message.message)
}

describe('lint boundaries', () => {
  it('forbid lib/content → components', () => {
    const errors = boundaryErrors(
      "import { LocalTime } from '@/components/LocalTime'\nexport const used = LocalTime\n",
      'lib/content/boundary-probe.ts',
    )
    expect(errors).toEqual([expect.stringContaining('lib/content is the boundary')])
  })

  it('allow lib/content → lib/content-rules (where the link and locale rules live)', () => {
    const errors = boundaryErrors(
      "import { safeHref } from '@/lib/content-rules/safe-href'\nimport { supportedLocale } from '@/lib/content-rules/locale'\nexport const used = [safeHref, supportedLocale]\n",
      'lib/content/boundary-probe.ts',
    )
    expect(errors).toEqual([])
  })

  it('forbid components → the content fetchers', () => {
    const errors = boundaryErrors("import { getArticle } from '@/lib/content/article'\nexport const used = getArticle\n", 'components/BoundaryProbe.tsx')
    expect(errors.length).toBeGreaterThan(0)
  })
})
