// next/jest loads next.config.js and .env files and transforms TS/TSX with SWC.
const nextJest = require('next/jest')

const createJestConfig = nextJest({ dir: __dirname })

// Packages that ship only ES modules and must be transformed for jest.
const esmPackages = [
  '@portabletext',
  '@sanity',
  'groq-js',
  'nanoid',
  'get-it',
  'uuid',
  'next-sanity',
  'groq',
  'event-source-polyfill',
  'lodash-es',
]

const shared = {
  moduleNameMapper: {
    '^server-only$': '<rootDir>/__tests__/support/empty-module.js',
    '^@/(.*)$': '<rootDir>/$1',
    '\\.(css)$': '<rootDir>/__tests__/support/empty-module.js',
  },
  testPathIgnorePatterns: ['/node_modules/', '/.next/', '/browser-tests/', '/__tests__/support/'],
}

/**
 * Load tests measure latency, so they run alone after the other suites (`npm test` runs
 * `jest` and then `JEST_LOAD_TESTS=only jest --runInBand`), never beside other suites' CPU use.
 */
const LOAD_TESTS = '\\.load\\.test\\.ts$'
const loadTestsOnly = process.env.JEST_LOAD_TESTS === 'only'

/**
 * Suites that need a system package (redis-server, …) are not part of `npm test`, which needs Node
 * alone: the browser and integration suite (`npm run test:browser`) checks the packages, naming any
 * that are missing, and runs them with `JEST_SYSTEM_TESTS=only jest`.
 */
const SYSTEM_TESTS = '\\.system\\.test\\.ts$'
const systemTestsOnly = process.env.JEST_SYSTEM_TESTS === 'only'

/** Two projects: server-side code runs in node, components in jsdom. */
module.exports = async () => {
  const node = await createJestConfig({
    ...shared,
    displayName: 'node',
    testEnvironment: 'node',
    testMatch: ['<rootDir>/__tests__/**/*.test.ts'],
    testPathIgnorePatterns: [...shared.testPathIgnorePatterns, LOAD_TESTS, SYSTEM_TESTS],
    setupFilesAfterEnv: ['<rootDir>/__tests__/support/private-site-state.ts'],
  })()

  const dom = await createJestConfig({
    ...shared,
    displayName: 'dom',
    testEnvironment: 'jsdom',
    testMatch: ['<rootDir>/__tests__/**/*.test.tsx'],
    setupFilesAfterEnv: ['<rootDir>/__tests__/support/jest-dom.ts', '<rootDir>/__tests__/support/private-site-state.ts'],
  })()
  const transformIgnorePatterns = [`/node_modules/(?!(${esmPackages.join('|')})/)`]
  node.transformIgnorePatterns = transformIgnorePatterns
  dom.transformIgnorePatterns = transformIgnorePatterns
  if (systemTestsOnly) {
    node.testMatch = ['<rootDir>/__tests__/**/*.system.test.ts']
    node.testPathIgnorePatterns = shared.testPathIgnorePatterns
    return { projects: [node] }
  }
  if (loadTestsOnly) {
    node.testMatch = ['<rootDir>/__tests__/**/*.load.test.ts']
    node.testPathIgnorePatterns = shared.testPathIgnorePatterns
    return { projects: [node] }
  }
  return { projects: [node, dom] }
}
