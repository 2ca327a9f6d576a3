import { schemaTypes } from '@/schemas'

describe('schemas', () => {
  it('exports named types', () => {
    expect(schemaTypes.map((t) => t.name)).toContain('article')
  })
})
