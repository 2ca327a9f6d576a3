/** A minimal LRU cache on top of Map's insertion order. */
export class LruCache<K, V> {
  private readonly map = new Map<K, V>()
  private bytes = 0

  constructor(
    private readonly maxEntries: number,
    private readonly maxBytes = Infinity,
    private readonly sizeOf: (value: V) => number = () => 0,
  ) {}

  get(key: K): V | undefined {
    const value = this.map.get(key)
    if (value === undefined) return undefined
    this.map.delete(key)
    this.map.set(key, value)
    return value
  }

  set(key: K, value: V): void {
    const previous = this.map.get(key)
    if (previous !== undefined) {
      this.bytes -= this.sizeOf(previous)
      this.map.delete(key)
    }
    const size = this.sizeOf(value)
    if (size > this.maxBytes) return
    this.map.set(key, value)
    this.bytes += size
    while (this.map.size > this.maxEntries || this.bytes > this.maxBytes) {
      const oldest = this.map.keys().next()
      if (oldest.done) break
      this.bytes -= this.sizeOf(this.map.get(oldest.value) as V)
      this.map.delete(oldest.value)
    }
  }

  delete(key: K): void {
    const previous = this.map.get(key)
    if (previous === undefined) return
    this.bytes -= this.sizeOf(previous)
    this.map.delete(key)
  }

  get size(): number {
    return this.map.size
  }

  clear(): void {
    this.map.clear()
    this.bytes = 0
  }
}
