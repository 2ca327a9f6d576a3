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

/** Two projects: server-side code runs in node, components in jsdom. */
module.exports = async () => {
  const node = await createJestConfig({
    ...shared,
    displayName: 'node',
    testEnvironment: 'node',
    testMatch: ['<rootDir>/__tests__/**/*.test.ts'],
  })()
  const dom = await createJestConfig({
    ...shared,
    displayName: 'dom',
    testEnvironment: 'jsdom',
    testMatch: ['<rootDir>/__tests__/**/*.test.tsx'],
    setupFilesAfterEnv: ['<rootDir>/__tests__/support/jest-dom.ts'],
  })()
  const transformIgnorePatterns = [`/node_modules/(?!(${esmPackages.join('|')})/)`]
  node.transformIgnorePatterns = transformIgnorePatterns
  dom.transformIgnorePatterns = transformIgnorePatterns
  return { projects: [node, dom] }
}
