import { agencyType } from './documents/agency'
import { articleType } from './documents/article'
import { breakingNewsType } from './documents/breakingNews'
import { legalNoticeType } from './documents/legalNotice'
import { sectionType } from './documents/section'
import { siteSettingsType } from './documents/siteSettings'
import { attributionType } from './objects/attribution'
import { correctionType } from './objects/correction'
import { figureType } from './objects/figure'
import { labelledLinkType } from './objects/labelledLink'
import { linkType } from './objects/link'
import { bodyType, simpleTextType } from './objects/portableText'

/** Every schema type editors work with, documents first. */
export const schemaTypes = [
  articleType,
  sectionType,
  agencyType,
  legalNoticeType,
  breakingNewsType,
  siteSettingsType,
  figureType,
  linkType,
  labelledLinkType,
  bodyType,
  simpleTextType,
  attributionType,
  correctionType,
]
