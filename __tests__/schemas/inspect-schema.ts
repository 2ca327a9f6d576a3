/**
 * Compiles the Studio schema with Sanity's own compiler and prints what the schema test checks,
 * as JSON on stdout. Run by schema-compiles.test.ts through tsx (the Sanity packages are ES modules
 * this repo's jest config does not transform).
 */
import { Schema } from '@sanity/schema'
import { groupProblems, validateSchema } from '@sanity/schema/_internal'
import { createSchema } from 'sanity'
import { schemaTypes } from '../../schemas'

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
  if (definition.type === 'reference') for (const target of definition.to ?? []) found.push({ where, target: target.type })
  for (const field of definition.fields ?? []) found.push(...referenceTargets(field, `${where}.${field.name}`))
  for (const member of definition.of ?? []) found.push(...referenceTargets(member, `${where}[]`))
  return found
}

const definitions = schemaTypes as unknown as TypeDefinition[]

/** What a new story's "Published at" starts with (evaluated now, as Studio does when creating one). */
function articlePublishedAtInitialValue(): unknown {
  const field = (definitions.find((definition) => definition.name === 'article')?.fields ?? []).find((f) => f.name === 'publishedAt') as
    | { initialValue?: unknown }
    | undefined
  return typeof field?.initialValue === 'function' ? (field.initialValue as () => unknown)() : (field?.initialValue ?? null)
}
const problems = groupProblems(validateSchema(schemaTypes).getTypes()).flatMap((group) =>
  group.problems.map((problem) => ({
    path: group.path.map((segment) => ('name' in segment && segment.name ? segment.name : segment.kind)).join(' > '),
    severity: problem.severity,
    message: problem.message,
  })),
)
const compiled = Schema.compile({ name: 'default', types: schemaTypes })
const studio = createSchema({ name: 'default', types: schemaTypes })

process.stdout.write(
  JSON.stringify({
    problems,
    studioValidation: studio._validation ?? [],
    definedNames: definitions.map((definition) => definition.name),
    compiledNames: definitions.filter((definition) => compiled.get(definition.name)?.name === definition.name).map((d) => d.name),
    studioNames: definitions.filter((definition) => studio.get(definition.name)?.name === definition.name).map((d) => d.name),
    documentTypes: definitions.filter((definition) => definition.type === 'document').map((definition) => definition.name),
    articlePublishedAtInitialValue: articlePublishedAtInitialValue(),
    referenceTargets: definitions.flatMap((definition) => referenceTargets(definition, definition.name)),
  }),
)
