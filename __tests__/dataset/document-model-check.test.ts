import fs from 'node:fs'
import path from 'node:path'
import { checkDocumentModel } from '@/lib/dataset/document-checks'

const seed = fs
  .readFileSync(path.resolve(__dirname, '../../content/data.ndjson'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line) as Record<string, unknown>)
const story = seed.find((doc) => doc._id === 'article-erdogan-putin-moscow-talks')!

describe('checkDocumentModel (the CLI’s zod check)', () => {
  it('passes every seed document', () => {
    expect(seed.flatMap((doc) => checkDocumentModel(doc))).toEqual([])
  })

  it('reports what only the zod model knows, with the field path', () => {
    const tampered = { ...story, updatedAt: 'yesterday', leadFigure: { ...(story.leadFigure as object), alt: undefined } }
    const issues = checkDocumentModel(tampered)
    expect(issues.map((issue) => issue.path).sort()).toEqual(['leadFigure.alt', 'updatedAt'])
    expect(issues.every((issue) => issue.level === 'error' && issue.message.length > 0)).toBe(true)
  })

  it('leaves types without a zod model to the schema checks', () => {
    expect(checkDocumentModel({ _id: 'x', _type: 'sanity.fileAsset' })).toEqual([])
  })
})
