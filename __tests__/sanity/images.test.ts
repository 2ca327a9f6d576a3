import sanityImageLoader from '@/lib/sanity/image-loader'
import { urlForImage } from '@/lib/sanity/image'

const ref = { _type: 'image', asset: { _ref: 'image-2f4e1b5c0d9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c-1600x900-png', _type: 'reference' } }

describe('image URLs', () => {
  const saved = { ...process.env }
  afterEach(() => {
    process.env = { ...saved }
  })

  it('stay first-party with the embedded lake', () => {
    delete process.env.SANITY_PROJECT_ID
    const url = urlForImage(ref).width(800).url()
    expect(url).toBe('/media/images/local/production/2f4e1b5c0d9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c-1600x900.png?w=800&auto=format')
    expect(url).not.toContain('cdn.sanity.io')
  })

  it("use Sanity's image CDN for a real project", () => {
    process.env.SANITY_PROJECT_ID = 'abc123'
    expect(urlForImage(ref).url()).toMatch(/^https:\/\/cdn\.sanity\.io\/images\/abc123\/production\//)
  })
})

describe('sanityImageLoader', () => {
  it('sets width and quality and keeps auto=format', () => {
    expect(sanityImageLoader({ src: '/media/images/local/production/a-10x10.png?auto=format', width: 640 })).toBe(
      '/media/images/local/production/a-10x10.png?auto=format&w=640&q=75',
    )
  })

  it('scales a crop height with the width so the aspect ratio is kept', () => {
    const out = new URL(sanityImageLoader({ src: '/x.png?w=1600&h=900', width: 800, quality: 60 }), 'http://h')
    expect(out.searchParams.get('w')).toBe('800')
    expect(out.searchParams.get('h')).toBe('450')
    expect(out.searchParams.get('q')).toBe('60')
  })
})
