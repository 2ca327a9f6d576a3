/**
 * jsdom, plus what server code needs to run beside it: the Node globals jsdom leaves out (fetch
 * and friends, TextEncoder, streams, setImmediate) and Node's package exports (not "browser"), so
 * the in-process Content Lake and @sanity/client load their server builds. Page tests render
 * Server Components that fetch from that lake over real HTTP; the DOM stays jsdom for RTL.
 */
const { TestEnvironment } = require('jest-environment-jsdom')

const NODE_GLOBALS = [
  'fetch',
  'Request',
  'Response',
  'Headers',
  'FormData',
  'TextEncoder',
  'TextDecoder',
  'ReadableStream',
  'WritableStream',
  'TransformStream',
  'setImmediate',
  'clearImmediate',
  'structuredClone',
]

class JsdomWithNodeFetch extends TestEnvironment {
  constructor(config, context) {
    super(config, context)
    this.customExportConditions = ['node', 'node-addons', 'require', 'default']
    for (const name of NODE_GLOBALS) {
      if (typeof this.global[name] === 'undefined' && typeof globalThis[name] !== 'undefined') {
        this.global[name] = globalThis[name]
      }
    }
  }
}

module.exports = JsdomWithNodeFetch
