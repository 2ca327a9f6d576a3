import { sameOriginPath } from '@/lib/content/same-origin-path'

describe('sameOriginPath', () => {
  it.each([
    ['/articles/x?y=1#z', '/articles/x?y=1#z'],
    ['/', '/'],
    [null, '/'],
    ['', '/'],
    ['//evil.example', '/'],
    ['//evil.example/path', '/'],
    ['https://evil.example', '/'],
    ['/\\evil.example', '/'],
    ['\\\\evil.example', '/'],
    ['javascript:alert(1)', '/'],
    ['/\tevil', '/'],
    ['articles/x', '/'],
    ['/' + 'a'.repeat(3000), '/'],
    ['/.//evil.example', '/'],
    ['/..//evil.example/x', '/'],
    ['/a/..//evil.example', '/'],
    ['/articles/./x', '/articles/x'],
  ])('%j → %j', (input, expected) => {
    expect(sameOriginPath(input)).toBe(expected)
  })
})
