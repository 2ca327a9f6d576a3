import { clientConfigFor } from '@/lib/sanity/client'
import { lakeUrl, readSanityEnv } from '@/lib/sanity/env'

describe('readSanityEnv', () => {
  it('defaults to the embedded lake on 127.0.0.1:3030 with the published API version', () => {
    const env = readSanityEnv({} as unknown as NodeJS.ProcessEnv)
    expect(env).toEqual({
      backend: 'lake',
      projectId: 'local',
      dataset: 'production',
      apiVersion: '2025-02-19',
      apiHost: 'http://127.0.0.1:3030',
      token: undefined,
    })
  })

  it('uses LAKE_URL or LAKE_PORT for the lake address', () => {
    expect(lakeUrl({ LAKE_PORT: '4100' } as unknown as NodeJS.ProcessEnv)).toBe('http://127.0.0.1:4100')
    expect(lakeUrl({ LAKE_URL: 'http://127.0.0.1:5000/lake/' } as unknown as NodeJS.ProcessEnv)).toBe('http://127.0.0.1:5000/lake')
    expect(() => lakeUrl({ LAKE_PORT: '70000' } as unknown as NodeJS.ProcessEnv)).toThrow('LAKE_PORT: "70000" is not a TCP port (0–65535)')
  })

  it('switches to a real project when SANITY_PROJECT_ID is set', () => {
    const env = readSanityEnv({
      SANITY_PROJECT_ID: 'abc123',
      SANITY_DATASET: 'staging',
      SANITY_API_VERSION: '2025-06-01',
      SANITY_API_TOKEN: ' sk-secret ',
    } as unknown as NodeJS.ProcessEnv)
    expect(env).toEqual({
      backend: 'sanity',
      projectId: 'abc123',
      dataset: 'staging',
      apiVersion: '2025-06-01',
      apiHost: undefined,
      token: 'sk-secret',
    })
  })

  it('rejects malformed settings with a message naming the variable', () => {
    expect(() => readSanityEnv({ SANITY_DATASET: 'Bad Name' } as unknown as NodeJS.ProcessEnv)).toThrow(/SANITY_DATASET: "Bad Name"/)
    expect(() => readSanityEnv({ SANITY_API_VERSION: 'yesterday' } as unknown as NodeJS.ProcessEnv)).toThrow(/SANITY_API_VERSION/)
    expect(() => readSanityEnv({ SANITY_PROJECT_ID: 'ABC!' } as unknown as NodeJS.ProcessEnv)).toThrow(/SANITY_PROJECT_ID/)
  })
})

describe('clientConfigFor', () => {
  it('points @sanity/client at the lake without the project hostname or the CDN', () => {
    expect(clientConfigFor(readSanityEnv({ LAKE_PORT: '4000' } as unknown as NodeJS.ProcessEnv))).toEqual({
      projectId: 'local',
      dataset: 'production',
      apiVersion: '2025-02-19',
      useCdn: false,
      perspective: 'published',
      apiHost: 'http://127.0.0.1:4000',
      useProjectHostname: false,
    })
  })

  it('uses Sanity hosts and the API CDN for a real project', () => {
    const config = clientConfigFor(readSanityEnv({ SANITY_PROJECT_ID: 'abc123' } as unknown as NodeJS.ProcessEnv))
    expect(config).toEqual({ projectId: 'abc123', dataset: 'production', apiVersion: '2025-02-19', useCdn: true, perspective: 'published' })
  })

  it('never puts the token in the published client config', () => {
    const config = clientConfigFor(readSanityEnv({ SANITY_API_TOKEN: 'secret-0123456789-0123456789-0123456789' } as unknown as NodeJS.ProcessEnv))
    expect(JSON.stringify(config)).not.toContain('secret')
  })
})
