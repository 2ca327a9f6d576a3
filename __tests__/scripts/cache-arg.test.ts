/** `npm start -- --cache varnish`: the argument is read strictly (scripts/site/cache-in-front.ts). */
import { readCacheOption } from '@/scripts/site/cache-in-front'

describe('readCacheOption', () => {
  it('is undefined without the flag and reads both spellings', () => {
    expect(readCacheOption([])).toBeUndefined()
    expect(readCacheOption(['--instances', '2', '--cache', 'varnish'])).toBe('varnish')
    expect(readCacheOption(['--cache=varnish'])).toBe('varnish')
  })

  it.each([[['--cache']], [['--cache', 'fastly']], [['--cache=cloudflare']], [['--cache', 'Varnish ']]])('refuses %j, saying where the other tiers are set', (args) => {
    expect(() => readCacheOption(args)).toThrow(/^--cache "[^"]*": only varnish runs on this machine \(Fastly and Cloudflare are set with EDGE_CACHE/)
  })
})
