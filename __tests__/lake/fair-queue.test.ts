/**
 * The pieces of fair scheduling (issue 18 rows 3 and 4) as units: address blocks, per-client
 * usage and the fair queue, the static cost of a query and the history of its shape.
 */

import { ClientUsage, FairQueue } from '../../lib/lake/fair-queue'
import { addressBlockOf } from '../../lib/lake/http/client-limits'
import { isCostlyByText, normaliseQueryText, QueryShapeHistory, queryShapeOf } from '../../lib/lake/query-cost'

describe('addressBlockOf', () => {
  it.each([
    ['127.0.0.1', '127.0.0.0/8'],
    ['127.45.6.7', '127.0.0.0/8'],
    ['::1', '127.0.0.0/8'],
    ['::ffff:127.0.0.9', '127.0.0.0/8'],
    ['192.0.2.7', '192.0.2.7'],
    ['::ffff:192.0.2.7', '192.0.2.7'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:db8:1:2::9', '2001:db8:1:2::/64'],
    ['2001:DB8:1:2:ffff::1', '2001:db8:1:2::/64'],
  ])('%s counts as %s', (address, block) => {
    expect(addressBlockOf(address)).toBe(block)
  })
})

describe('ClientUsage', () => {
  it('decays by half every half-life and says when a client is back under a limit', () => {
    let now = 0
    const usage = new ClientUsage(10_000, () => now)
    usage.add('a', 8000)
    expect(usage.of('a')).toBe(8000)
    now = 10_000
    expect(usage.of('a')).toBeCloseTo(4000)
    expect(usage.msUntilBelow('a', 1000)).toBe(20_000)
    expect(usage.msUntilBelow('b', 1000)).toBe(0)
  })
})

describe('FairQueue', () => {
  it('serves the client that used least first, each client in its own order', () => {
    const usage = new ClientUsage(10_000, () => 0)
    usage.add('attacker', 5000)
    const queue = new FairQueue<{ client: string; n: number }>()
    for (let n = 0; n < 5; n++) queue.push({ client: 'attacker', n })
    queue.push({ client: 'editor', n: 100 })
    expect(queue.shift(usage)?.n).toBe(100)
    expect(queue.shift(usage)?.n).toBe(0)
    expect(queue.shift(usage, (client) => client !== 'attacker')).toBeUndefined()
    expect(queue.size).toBe(4)
  })
})

describe('query cost', () => {
  it.each([
    ['count(*[count(*) > 0])', true],
    ['*[_type == "a"]{"n": count(*[references(^._id)])}', true],
    ['*[title match "a*"]', true],
    ['count($a[count($a[true]) > 0])', true],
    ['$a[]{"b": $a}', true],
    ['*[_id == "article-one"][0].headline', false],
    ['*[_type == "article" && slug.current == $slug][0]{title, "author": author->name}', false],
    ['*[title == "a * b match c"]', false],
  ])('%s is costly by text: %s', (query, costly) => {
    expect(isCostlyByText(query, {})).toBe(costly)
  })

  it('treats large parameters as costly', () => {
    expect(isCostlyByText('*[_id in $ids]', { ids: Array(2000).fill('some-id') })).toBe(true)
  })

  it('gives one shape to queries that differ only in literals, whitespace and comments', () => {
    expect(normaliseQueryText('*[_id == "a"] // x\n [0]')).toBe(normaliseQueryText('*[_id  ==  \'b\'][1]'))
    expect(queryShapeOf('*[_id == "a"]', {})).toBe(queryShapeOf('*[_id == "zzz"]', {}))
    expect(queryShapeOf('*[_id == "a"]', {})).not.toBe(queryShapeOf('*[_type == "a"]', {}))
  })

  it('learns from history: slow shapes are heavy for a while, fast ones cheap even when costly by text', () => {
    let now = 0
    const history = new QueryShapeHistory({ slowMs: 250, heavyForMs: 60_000, maxShapes: 2 }, () => now)
    expect(history.laneOf('related', true)).toBe('heavy')
    history.record('related', { ms: 5, demoted: false, timedOut: false })
    expect(history.laneOf('related', true)).toBe('cheap')
    expect(history.laneOf('new', false)).toBe('cheap')
    history.record('new', { ms: 300, demoted: true, timedOut: false })
    expect(history.laneOf('new', false)).toBe('heavy')
    now = 61_000
    expect(history.laneOf('new', false)).toBe('cheap')
  })

  it('keeps an established fast shape cheap through one slow run (a busy machine), not through several', () => {
    const history = new QueryShapeHistory({ slowMs: 250, heavyForMs: 60_000, maxShapes: 10 }, () => 0)
    for (let i = 0; i < 20; i++) history.record('by-slug', { ms: 5, demoted: false, timedOut: false })
    history.record('by-slug', { ms: 400, demoted: true, timedOut: false })
    expect(history.laneOf('by-slug', false)).toBe('cheap')
    for (let i = 0; i < 3; i++) history.record('by-slug', { ms: 400, demoted: true, timedOut: false })
    expect(history.laneOf('by-slug', false)).toBe('heavy')
    history.record('other', { ms: 5, demoted: false, timedOut: false })
    history.record('other', { ms: 10_000, demoted: true, timedOut: true })
    expect(history.laneOf('other', false)).toBe('heavy')
  })
})
