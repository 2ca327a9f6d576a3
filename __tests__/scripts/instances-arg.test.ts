/** `npm start -- --instances N`: the argument is read strictly (scripts/site/instances.ts). */
import { MAX_INSTANCES, readInstanceCount } from '@/scripts/site/instances'

describe('readInstanceCount', () => {
  it('is 1 without the flag and reads both spellings', () => {
    expect(readInstanceCount([])).toBe(1)
    expect(readInstanceCount(['--instances', '3'])).toBe(3)
    expect(readInstanceCount(['--instances=2'])).toBe(2)
  })

  it.each([[['--instances']], [['--instances', '0']], [['--instances', 'two']], [['--instances=1.5']], [['--instances', String(MAX_INSTANCES + 1)]]])(
    'refuses %j with a message naming the flag',
    (args) => {
      expect(() => readInstanceCount(args)).toThrow(/^--instances "[^"]*" is not a number of instances \(1–16\)$/)
    },
  )
})
