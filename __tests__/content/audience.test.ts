/** Region-aware notices: the reader's region from the configured headers, the variant it picks, the notices it shows. */
import { EVERYONE, audienceFor, isAudience, noticesFor, readerRegion } from '@/lib/content/audience'
import { createNoticeRegions } from '@/lib/content/notice-regions'
import type { LegalNoticeView } from '@/lib/content/view-models'

const notice = (id: string, regions: string[] | null): LegalNoticeView => ({ id, title: id, body: [], link: null, regions, placement: 'articleFooter' })

describe('readerRegion', () => {
  const headers = (values: Record<string, string>) => new Headers(values)
  it('takes the first configured header present, upper-cased', () => {
    expect(readerRegion(headers({ 'cf-ipcountry': 'ru' }), ['x-vercel-ip-country', 'cf-ipcountry'])).toBe('RU')
    expect(readerRegion(headers({ 'x-vercel-ip-country': 'DE', 'cf-ipcountry': 'RU' }), ['x-vercel-ip-country', 'cf-ipcountry'])).toBe('DE')
  })
  it('is null without a header or for values that are not a country code (Cloudflare "XX", "T1" for Tor stay as given only when valid)', () => {
    expect(readerRegion(headers({}), ['cf-ipcountry'])).toBeNull()
    expect(readerRegion(headers({ 'cf-ipcountry': 'T1' }), ['cf-ipcountry'])).toBeNull()
    expect(readerRegion(headers({ 'cf-ipcountry': 'RUS' }), ['cf-ipcountry'])).toBeNull()
    expect(readerRegion(headers({ 'cf-ipcountry': '../x' }), ['cf-ipcountry'])).toBeNull()
  })
})

describe('audienceFor and noticesFor', () => {
  const regions = new Set(['RU'])
  it('gives a region its variant only when a notice names it', () => {
    expect(audienceFor('RU', regions)).toBe('RU')
    expect(audienceFor('FR', regions)).toBe(EVERYONE)
    expect(audienceFor(null, regions)).toBe(EVERYONE)
  })
  it('shows everyone’s notices to everyone and region notices only to that region', () => {
    const notices = [notice('all', null), notice('ru', ['RU', 'BY']), notice('ua', ['UA'])]
    expect(noticesFor(notices, EVERYONE).map((n) => n.id)).toEqual(['all'])
    expect(noticesFor(notices, 'RU').map((n) => n.id)).toEqual(['all', 'ru'])
    expect(noticesFor(notices, 'BY').map((n) => n.id)).toEqual(['all', 'ru'])
  })
  it('accepts only `everyone` and region codes as an audience segment', () => {
    expect([EVERYONE, 'RU', 'ru', 'RUS', '', undefined].map(isAudience)).toEqual([true, true, false, false, false, false])
  })
})

describe('createNoticeRegions', () => {
  it('asks once per max age, shares one query, keeps the last set when the lake fails', async () => {
    let clock = 0
    let calls = 0
    let answer: () => unknown = () => [['RU'], null, ['UA', 'bad']]
    const regions = createNoticeRegions({ find: async () => (calls++, answer()), maxAgeMs: 1000, now: () => clock })
    const [a, b] = await Promise.all([regions.get(), regions.get()])
    expect([...a].sort()).toEqual(['RU', 'UA'])
    expect(b).toBe(a)
    expect(calls).toBe(1)
    clock = 500
    await regions.get()
    expect(calls).toBe(1)
    clock = 1500
    answer = () => {
      throw new Error('down')
    }
    expect([...(await regions.get())].sort()).toEqual(['RU', 'UA'])
    expect(calls).toBe(2)
    // After a failure, the next try waits a sixth of the max age.
    clock = 1600
    await regions.get()
    expect(calls).toBe(2)
    regions.forget()
    answer = () => [['KZ']]
    expect([...(await regions.get())]).toEqual(['KZ'])
  })

  it('is empty (everyone’s variant) when the lake never answered', async () => {
    const regions = createNoticeRegions({ find: async () => Promise.reject(new Error('down')) })
    expect(regions.get()).resolves.toEqual(new Set())
  })
})
