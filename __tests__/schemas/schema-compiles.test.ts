/**
 * The Studio schema compiles the way Sanity compiles it: `validateSchema` + `groupProblems`
 * (what `createSchema` stores as `schema._validation`) report no errors, and `Schema.compile`
 * yields every type, each name unique, every reference target an existing document type.
 */
import { Schema } from '@sanity/schema'
import { groupProblems, validateSchema } from '@sanity/schema/_internal'
import { schemaTypes } from '@/schemas'

type Problem = { severity: string; message: string }
type ProblemGroup = { path: Array<{ kind: string; name?: string; type?: string }>; problems: Problem[] }

function describeGroup(group: ProblemGroup): string {
  const where = group.path.map((segment) => segment.name ?? segment.type ?? segment.kind).join(' > ')
  return group.problems.map((problem) => `${where}: [${problem.severity}] ${problem.message}`).join('\n')
}

interface TypeDefinition {
  name: string
  type: string
  to?: Array<{ type: string }>
  of?: TypeDefinition[]
  fields?: TypeDefinition[]
}

/** Every `to: [{type}]` of every reference in the raw definitions, with where it was found. */
function referenceTargets(definition: TypeDefinition, where: string): Array<{ where: string; target: string }> {
  const found: Array<{ where: string; target: string }> = []
  if (definition.type === 'reference') {
    for (const target of definition.to ?? []) found.push({ where, target: target.type })
  }
  for (const field of definition.fields ?? []) found.push(...referenceTargets(field, `${where}.${field.name}`))
  for (const member of definition.of ?? []) found.push(...referenceTargets(member, `${where}[]`))
  return found
}

const definitions = schemaTypes as unknown as TypeDefinition[]

describe('schema', () => {
  it('has no validation problems of severity error (what Studio would refuse to load)', () => {
    const validated = validateSchema(schemaTypes).getTypes()
    const groups = groupProblems(validated) as unknown as ProblemGroup[]
    const errors = groups.filter((group) => group.problems.some((problem) => problem.severity === 'error'))
    expect(errors.map(describeGroup)).toEqual([])
  })

  it('reports warnings nowhere either', () => {
    const groups = groupProblems(validateSchema(schemaTypes).getTypes()) as unknown as ProblemGroup[]
    expect(groups.map(describeGroup)).toEqual([])
  })

  it('compiles with Schema.compile and exposes every type', () => {
    const schema = Schema.compile({ name: 'default', types: schemaTypes })
    for (const definition of definitions) {
      expect(schema.has(definition.name)).toBe(true)
      expect(schema.get(definition.name)?.name).toBe(definition.name)
    }
  })

  it('uses every type name once', () => {
    const names = definitions.map((definition) => definition.name)
    const duplicates = names.filter((name, index) => names.indexOf(name) !== index)
    expect(duplicates).toEqual([])
  })

  it('points every reference at an existing document type', () => {
    const documentTypes = new Set(definitions.filter((d) => d.type === 'document').map((d) => d.name))
    const targets = definitions.flatMap((definition) => referenceTargets(definition, definition.name))
    expect(targets.length).toBeGreaterThan(0)
    const dangling = targets.filter(({ target }) => !documentTypes.has(target))
    expect(dangling).toEqual([])
  })

  it('has the document types the site relies on', () => {
    const documentTypes = definitions.filter((d) => d.type === 'document').map((d) => d.name)
    expect(documentTypes.sort()).toEqual(
      ['agency', 'article', 'breakingNews', 'legalNotice', 'section', 'siteSettings'].sort(),
    )
  })
})
