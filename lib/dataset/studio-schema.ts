import { createSchema, validateDocument, type SanityDocument, type Workspace } from 'sanity'
import type { Schema, SchemaType } from '@sanity/types'
import { schemaTypes } from '../../schemas'

/** Compiles the Studio schema exactly as Studio does (`createSchema`), refusing a schema with errors. */
export function loadStudioSchema(): Schema {
  const schema = createSchema({ name: 'default', types: schemaTypes }) as Schema
  const errors = (schema._validation ?? []).flatMap((group) =>
    group.problems
      .filter((problem) => problem.severity === 'error')
      .map((problem) => `${group.path.map((segment) => ('name' in segment ? segment.name : segment.kind)).join('.')}: ${problem.message}`),
  )
  if (errors.length > 0) throw new Error(`The Studio schema has errors:\n${errors.join('\n')}`)
  return schema
}

/** Names of the schema's document types. */
export function documentTypeNames(schema: Schema): string[] {
  return schema.getTypeNames().filter((name) => {
    const type = schema.get(name)
    return type !== undefined && isOfType(type, 'document') && !name.startsWith('sanity.') && name !== 'document'
  })
}

function isOfType(type: SchemaType | undefined, name: string): boolean {
  for (let current = type; current; current = current.type) if (current.name === name) return true
  return false
}

/**
 * The `x.y.current` paths of the slug fields of a document type (objects followed, arrays not:
 * Sanity itself does not check slugs inside arrays for uniqueness).
 */
export function slugPaths(schema: Schema, typeName: string): string[] {
  const paths: string[] = []
  const visit = (type: SchemaType, prefix: string, depth: number) => {
    if (depth > 6 || !('fields' in type) || !Array.isArray(type.fields)) return
    for (const field of type.fields) {
      const path = prefix ? `${prefix}.${field.name}` : field.name
      if (isOfType(field.type, 'slug')) paths.push(`${path}.current`)
      else if (field.type.jsonType === 'object') visit(field.type, path, depth + 1)
    }
  }
  const type = schema.get(typeName)
  if (type) visit(type, '', 0)
  return paths
}

/** Answers "is this slug used by another document of the type" from an index of the dataset. */
export interface SlugLookup {
  isSlugTaken(documentType: string, slugPath: string, slug: string, publishedId: string): boolean
}

/** The query Sanity's default slug `isUnique` sends (sanity/lib: defaultIsUnique). */
const SLUG_UNIQUE_QUERY = /^!defined\(\*\[_type == \$docType && !sanity::versionOf\(\$published\) && ([\w.[\]]+) == \$slug\]\[0\]\._id\)$/

/**
 * A stand-in for the Sanity client custom validators get. It answers the slug-uniqueness query
 * from the dataset being validated; any other query is refused with a clear error.
 */
export function createValidationClient(slugs: SlugLookup) {
  const client = {
    withConfig: () => client,
    config: () => ({ projectId: 'dataset-file', dataset: 'dataset-file', apiVersion: '2025-02-19' }),
    async fetch(query: string, params: Record<string, string> = {}): Promise<unknown> {
      const match = SLUG_UNIQUE_QUERY.exec(query.trim())
      if (!match) throw new Error(`Validating a dataset file cannot run the query ${query}`)
      return !slugs.isSlugTaken(params.docType, match[1], params.slug, params.published)
    },
  }
  return client
}

export interface SchemaValidationMarker {
  level: 'error' | 'warning' | 'info'
  path: unknown[]
  message: string
}

/** Sanity's message for a field the schema does not declare (only produced outside Studio). */
const UNKNOWN_FIELD_MESSAGE = /^Field '.+' does not exist on type '.+'$/

/**
 * Runs Sanity's own document validation (`validateDocument` from `sanity`) outside Studio.
 *
 * It runs in the `studio` environment, so levels are what editors see in Studio: in the `cli`
 * environment sanity 5 adds its unknown-field check with `.warning()` to each object-typed field's
 * rule, which turns that field's errors (a missing image, a slug in use) into warnings. The
 * unknown-field warnings are taken from a second, `cli` run.
 */
export class StudioValidator {
  private readonly workspace: Workspace

  constructor(
    readonly schema: Schema,
    slugs: SlugLookup,
    private readonly documentExists: (id: string) => boolean,
  ) {
    const client = createValidationClient(slugs)
    this.workspace = { schema, getClient: () => client } as unknown as Workspace
  }

  private async run(document: Record<string, unknown>, environment: 'studio' | 'cli'): Promise<SchemaValidationMarker[]> {
    const markers = await validateDocument({
      document: document as SanityDocument,
      workspace: this.workspace,
      environment,
      getDocumentExists: async ({ id }) => this.documentExists(id),
    })
    return markers.map((marker) => ({ level: marker.level, path: marker.path as unknown[], message: marker.message }))
  }

  async validate(document: Record<string, unknown>): Promise<SchemaValidationMarker[]> {
    const [studio, cli] = await Promise.all([this.run(document, 'studio'), this.run(document, 'cli')])
    return [...studio, ...cli.filter((marker) => UNKNOWN_FIELD_MESSAGE.test(marker.message))]
  }
}
