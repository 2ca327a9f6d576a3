/**
 * @sanity/mutator imports lodash-es, which jest.config.js does not transform. Until 'lodash-es'
 * is added to its esmPackages list, map the few functions it uses to CommonJS lodash.
 * Import this module FIRST in every lake test file.
 */
jest.mock('lodash-es/isEqual.js', () => require('lodash/isEqual'))
jest.mock('lodash-es/flatten.js', () => require('lodash/flatten'))
jest.mock('lodash-es/max.js', () => require('lodash/max'))
jest.mock('lodash-es/min.js', () => require('lodash/min'))
jest.mock('lodash-es/compact.js', () => require('lodash/compact'))

export {}
