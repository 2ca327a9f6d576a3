/**
 * A client that streams a big chunked body the way an attacker would: as fast as the server takes
 * it, until it is all sent or the server closes the connection. Collects the raw answer.
 */
import net from 'node:net'

const CHUNK = Buffer.alloc(64 * 1024, 'a')

export type ChunkedPostResult = {
  /** The raw HTTP answer (status line, headers, body). */
  answer: string
  /** Bytes of body the client's socket accepted before the server closed it (kernel buffers included). */
  written: number
}

/** Resolves when the socket can take more, or is closed (whichever first; no listener left behind). */
function drainedOrClosed(socket: net.Socket): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      socket.off('drain', done).off('close', done)
      resolve()
    }
    socket.on('drain', done).on('close', done)
  })
}

export function postChunked(url: string, headers: Record<string, string>, totalBytes: number): Promise<ChunkedPostResult> {
  const target = new URL(url)
  return new Promise((resolve) => {
    const socket = net.connect(Number(target.port), target.hostname)
    let answer = ''
    let written = 0
    let done = false
    const finish = () => {
      if (done) return
      done = true
      socket.destroy()
      resolve({ answer, written })
    }
    socket.on('data', (data) => (answer += data.toString('latin1')))
    socket.on('close', finish)
    socket.on('error', () => undefined)
    socket.on('connect', async () => {
      const head = Object.entries({ host: target.host, ...headers, 'transfer-encoding': 'chunked' })
        .map(([name, value]) => `${name}: ${value}\r\n`)
        .join('')
      socket.write(`POST ${target.pathname}${target.search} HTTP/1.1\r\n${head}\r\n`)
      const frame = Buffer.concat([Buffer.from(`${CHUNK.length.toString(16)}\r\n`), CHUNK, Buffer.from('\r\n')])
      while (written < totalBytes && socket.writable) {
        written += CHUNK.length
        if (!socket.write(frame)) await drainedOrClosed(socket)
      }
      if (socket.writable) socket.end('0\r\n\r\n')
    })
  })
}
