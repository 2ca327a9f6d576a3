/**
 * @jest-environment ./__tests__/pages/jsdom-with-node-fetch.environment.js
 *
 * `/_edge/region-audience`, the front door's answer to a cache in front (deploy/varnish/newsroom.vcl):
 * which article variant a reader from the request's country gets — the same choice the front door
 * makes for the article (first REGION_HEADER present, regions of the published notices) — cached
 * per country (Vary) and tagged with the legal notices, so a notice's publish purges it.
 */
import { startSeededLakeForSuite } from '../support/seeded-lake'
import { frontDoor, type FrontDoorAnswer } from '@/lib/routing/front-door'
import { frontDoorRequest } from '../support/front-door-request'

startSeededLakeForSuite('edge-audience', { regionNotice: true })

const SLUG = 'turkey-erdogan-putin-to-meet-in-moscow-this-week-for-syria-talks'
const ask = (headers: Record<string, string> = {}, method = 'GET') => frontDoor(frontDoorRequest('/_edge/region-audience', headers, method))
const audienceOf = (answer: FrontDoorAnswer) => (answer.action === 'respond' ? answer.headers['x-newsroom-audience'] : undefined)
/** Which variant the front door serves the article itself for the same headers. */
async function articleAudience(headers: Record<string, string>): Promise<string> {
  const answer = await frontDoor(frontDoorRequest(`/articles/${SLUG}`, headers))
  return answer.action === 'rewrite' ? answer.pathname.split('/').pop()! : 'everyone'
}

describe('the region audience a cache in front asks for', () => {
  it('is the variant the front door serves the article for, for every way a country can arrive', async () => {
    for (const headers of <Record<string, string>[]>[{}, { 'cf-ipcountry': 'RU' }, { 'x-vercel-ip-country': 'ru' }, { 'cf-ipcountry': 'FR' }, { 'x-vercel-ip-country': 'FR', 'cf-ipcountry': 'RU' }, { 'cf-ipcountry': 'XX1' }]) {
      const answer = await ask(headers)
      expect(audienceOf(answer)).toBe(await articleAudience(headers))
      expect(answer.action === 'respond' && answer.body).toBe(`${audienceOf(answer)}\n`)
    }
    expect(audienceOf(await ask({ 'cf-ipcountry': 'RU' }))).toBe('RU')
    expect(audienceOf(await ask({ 'cf-ipcountry': 'DE' }))).toBe('everyone')
  })

  it('is cached per country header and tagged with the legal notices; only GET and HEAD', async () => {
    const answer = await ask({ 'cf-ipcountry': 'RU' }, 'HEAD')
    expect(answer).toMatchObject({
      action: 'respond',
      status: 200,
      body: null,
      headers: {
        vary: 'x-vercel-ip-country, cf-ipcountry',
        'cache-control': expect.stringMatching(/^public, max-age=0, s-maxage=\d+, stale-while-revalidate=60, stale-if-error=86400$/),
        'Surrogate-Key': 'type:legalNotice',
        'Cache-Tag': 'type:legalNotice',
      },
    })
    expect(await ask({}, 'POST')).toMatchObject({ action: 'respond', status: 405 })
  })
})
