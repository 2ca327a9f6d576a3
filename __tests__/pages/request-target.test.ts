/**
 * The site's server hands the front door and Next the same normalised path (review finding: the
 * front door used to check the raw path while Next routed the resolved one).
 */
import { normalisedTarget } from '@/lib/routing/request-target'
import { frontDoor } from '@/lib/routing/front-door'
import { frontDoorRequest } from '../support/front-door-request'

const SLUG = 'turkey-erdogan-putin-to-meet-in-moscow-this-week-for-syria-talks'

describe('normalisedTarget', () => {
  it.each([
    [`/articles/${SLUG}/region/./ZZ`, `/articles/${SLUG}/region/ZZ`],
    [`/articles/${SLUG}/region/%2e/QQ`, `/articles/${SLUG}/region/QQ`],
    [`/articles/${SLUG}/region/%2E%2E/region/XY`, `/articles/${SLUG}/region/XY`],
    [`/x/../articles/${SLUG}/region/XY`, `/articles/${SLUG}/region/XY`],
    ['/articles/./no-such-story', '/articles/no-such-story'],
    ['/x/../studio', '/studio'],
    ['/articles\\x', '/articles/x'],
    ['//evil.example/articles/x', '/evil.example/articles/x'],
    ['/../../etc/passwd', '/etc/passwd'],
    ['/articles/x?a=1&b=%2e', '/articles/x?a=1&b=%2e'],
    ['/x/../articles/%E0%A4%A', '/articles/%E0%A4%A'],
    ['/', '/'],
  ])('%s → %s', (raw, expected) => {
    expect(normalisedTarget(raw)).toBe(expected)
  })

  it('refuses targets that are not paths', () => {
    for (const raw of ['http://evil.example/articles/x', '*', '', 'articles/x']) expect(normalisedTarget(raw)).toBeNull()
  })

  it('so the front door sees what Next routes: internal variants through dot segments are not found', async () => {
    const fakeCheck = { check: async () => 'published' as const, forget: () => undefined, knownCount: 0 }
    const { publishedSlugChecks } = await import('@/lib/content/published-slugs')
    const checks = publishedSlugChecks()
    const saved = checks.article
    checks.article = fakeCheck
    try {
      for (const raw of [`/articles/${SLUG}/region/./ZZ`, `/articles/${SLUG}/region/%2e/QQ`, `/x/../articles/${SLUG}/lite/./zz`]) {
        expect(await frontDoor(frontDoorRequest(normalisedTarget(raw)!))).toEqual({ action: 'rewrite', pathname: '/_unknown-url' })
      }
    } finally {
      checks.article = saved
    }
  })
})
