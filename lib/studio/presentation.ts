/**
 * The Presentation tool's map between documents and the site's pages: which pages show a
 * document (`locations`, listed beside its form) and which document a page is about
 * (`mainDocuments`, so opening a page opens its document). Paths match `app/`: a story at
 * `/articles/<slug>`, a section at `/sections/<slug>`, and the home page lists stories.
 */

import { defineDocuments, defineLocations, type PresentationPluginOptions } from 'sanity/presentation'

export const mainDocuments = defineDocuments([
  { route: '/articles/:slug', filter: `_type == "article" && slug.current == $slug` },
  { route: '/sections/:slug', filter: `_type == "section" && slug.current == $slug` },
])

const HOME = { title: 'Home page', href: '/' }

export const locations: NonNullable<PresentationPluginOptions['resolve']>['locations'] = {
  article: defineLocations({
    select: { title: 'headline', slug: 'slug.current', sectionTitle: 'section.title', sectionSlug: 'section.slug.current' },
    resolve: (doc) => {
      if (!doc?.slug) return { message: 'Give the story a slug to preview it.', tone: 'caution' }
      return {
        locations: [
          { title: doc.title || 'Untitled story', href: `/articles/${doc.slug}` },
          ...(doc.sectionSlug ? [{ title: doc.sectionTitle || 'Section', href: `/sections/${doc.sectionSlug}` }] : []),
          HOME,
        ],
      }
    },
  }),
  section: defineLocations({
    select: { title: 'title', slug: 'slug.current' },
    resolve: (doc) => (doc?.slug ? { locations: [{ title: doc.title || 'Section', href: `/sections/${doc.slug}` }, HOME] } : null),
  }),
  breakingNews: defineLocations({
    select: { title: 'headline' },
    resolve: () => ({ locations: [HOME], message: 'The breaking-news banner shows on every page.' }),
  }),
}
