export { getPublishedClient, clientConfigFor } from './client'
export { readSanityEnv, lakeUrl, DEFAULT_API_VERSION, type SanityEnv } from './env'
export { urlForImage, LAKE_MEDIA_BASE } from './image'
