/**
 * Mendoza effects as Studio applies them (listen events and the history's transaction log): on
 * the document without `_rev`, `apply` gives the next state and `revert` the previous one, for any
 * pair of documents; creations and deletions are the literals Studio recognises; a field change
 * touches only that field, so "Review changes" credits each field to its own transaction.
 */

import fc from 'fast-check'
import { applyPatch, incremental } from 'mendoza'
import { mendozaEffects } from '../../lib/lake/studio/effects'
import type { LakeDocument } from '../../lib/lake/types'

const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('a', 'b', 'c', '_key', 'title'), tie('value'), { maxKeys: 4 }),
  ),
})).value

const documentArb = fc.record({
  _id: fc.constant('drafts.story'),
  _type: fc.constant('article'),
  _rev: fc.string({ minLength: 1, maxLength: 8 }),
  headline: fc.option(fc.string(), { nil: undefined }),
  body: fc.option(json, { nil: undefined }),
  meta: fc.option(fc.dictionary(fc.constantFrom('x', 'y', 'z'), json, { maxKeys: 3 }), { nil: undefined }),
}).map((doc) => JSON.parse(JSON.stringify(doc)) as LakeDocument)

function withoutRev(doc: LakeDocument) {
  const { _rev: _ignored, ...rest } = doc
  return rest
}

describe('mendoza effects', () => {
  it('apply turns the previous document into the next and revert turns it back (without _rev)', () => {
    fc.assert(
      fc.property(documentArb, documentArb, (before, after) => {
        const { apply, revert } = mendozaEffects(before, after)
        expect(applyPatch(withoutRev(before), apply)).toEqual(withoutRev(after))
        expect(applyPatch(withoutRev(after), revert)).toEqual(withoutRev(before))
      }),
      { numRuns: 300 },
    )
  })

  it('a creation is [0, document] with revert [0, null], a deletion the reverse', () => {
    const doc = { _id: 'a', _type: 'article', _rev: 'r1', headline: 'H' } as LakeDocument
    expect(mendozaEffects(null, doc)).toEqual({ apply: [0, withoutRev(doc)], revert: [0, null] })
    expect(mendozaEffects(doc, null)).toEqual({ apply: [0, null], revert: [0, withoutRev(doc)] })
  })

  it('changes only the fields that changed, so an incremental replay keeps older fields on their own transaction', () => {
    const v1 = { _id: 'a', _type: 'article', _rev: 'tx1', headline: 'One', dek: 'Dek', meta: { x: 1, y: 2 } } as LakeDocument
    const v2 = { ...v1, _rev: 'tx2', headline: 'Two' } as LakeDocument
    const v3 = { ...v2, _rev: 'tx3', meta: { x: 1, y: 3 } } as LakeDocument
    let doc = incremental.wrap<string>(withoutRev(v1), 'since')
    doc = incremental.applyPatch(doc, mendozaEffects(v1, v2).apply, 'tx2')
    doc = incremental.applyPatch(doc, mendozaEffects(v2, v3).apply, 'tx3')
    expect(incremental.unwrap(doc)).toEqual(withoutRev(v3))
    // The transaction each field got its value in (startMeta: what Studio's diff annotates a change with).
    const metaOf = (name: string) => (doc.content?.type === 'object' ? doc.content.fields[name]?.startMeta : undefined)
    expect(metaOf('headline')).toBe('tx2')
    expect(metaOf('dek')).toBe('since')
    expect(metaOf('meta')).toBe('tx3')
  })
})
