/**
 * Registers hooks that fail a test when it writes to the console (`console.error` by default):
 * React warnings and content problems in the seed must not pass unnoticed.
 */
export function expectSilentConsole(methods: readonly ('error' | 'warn')[] = ['error']): void {
  let spies: jest.SpyInstance[] = []
  beforeEach(() => {
    spies = methods.map((method) => jest.spyOn(console, method))
  })
  afterEach(() => {
    try {
      for (const spy of spies) expect(spy).not.toHaveBeenCalled()
    } finally {
      for (const spy of spies) spy.mockRestore()
    }
  })
}
