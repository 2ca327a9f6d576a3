import type {
  ArticleView,
  AttributionView,
  ImageView,
  LegalNoticeView,
} from '@/lib/content/view-models'

export const image: ImageView = {
  url: 'https://lake.example.test/images/p/d/abc-1600x900.png?w=1600&h=900',
  width: 1600,
  height: 900,
  alt: 'Two overlapping translucent circles, blue and amber, over a navy-to-teal gradient.',
  caption:
    'Turkish President Recep Tayyip Erdogan (right) and Russian President Vladimir Putin mark the formal launch of the TurkStream pipeline on January 8.',
  credit: 'Stand-in graphic',
}

export const agencies: AttributionView['agencies'] = [
  { name: 'Reuters', shortName: 'Reuters', url: 'https://www.reuters.com/' },
  { name: 'Agence France-Presse', shortName: 'AFP', url: 'https://www.afp.com/' },
  { name: 'TASS Russian News Agency', shortName: 'TASS', url: 'https://tass.com/' },
]

export const legalNotice: LegalNoticeView = {
  id: 'legal-notice-undesirable-ru',
  title: 'Undesirable organization notice for readers in Russia',
  body: [
    {
      _type: 'block',
      _key: 'p01',
      style: 'normal',
      markDefs: [],
      children: [
        {
          _type: 'span',
          _key: 'p01s1',
          text: 'RFE/RL has been declared an "undesirable organization" by the Russian government.',
          marks: [],
        },
      ],
    },
    {
      _type: 'block',
      _key: 'p02',
      style: 'normal',
      markDefs: [],
      children: [
        {
          _type: 'span',
          _key: 'p02s1',
          text: 'If you are in Russia or the Russia-controlled parts of Ukraine, please note that you could face fines or imprisonment for sharing our content.',
          marks: [],
        },
      ],
    },
  ],
  link: { label: 'To find out more, click here.', url: 'https://www.rferl.org/' },
  regions: ['RU'],
  placement: 'articleFooter',
}

export const article: ArticleView = {
  id: 'article-erdogan-putin-moscow-talks',
  slug: 'turkey-erdogan-putin-to-meet-in-moscow-this-week-for-syria-talks',
  href: '/articles/turkey-erdogan-putin-to-meet-in-moscow-this-week-for-syria-talks',
  headline: 'Turkey: Erdogan, Putin To Meet In Moscow This Week For Syria Talks',
  kicker: 'Turkey',
  section: { title: 'Middle East', href: '/sections/middle-east' },
  dek: null,
  publishedAt: '2020-03-02T10:00:00Z',
  updatedAt: '2020-03-02T14:00:00Z',
  breaking: true,
  leadFigure: image,
  body: [],
  attribution: { label: 'Based on reporting by', agencies, text: null },
  legalNotices: [legalNotice],
  corrections: [],
  related: [],
  tags: [],
}

/** A Portable Text paragraph with one linked span. */
export function paragraphWithLink(key: string, text: string, href: string) {
  return {
    _type: 'block',
    _key: key,
    style: 'normal',
    markDefs: [{ _type: 'link', _key: `${key}-link`, href }],
    children: [{ _type: 'span', _key: `${key}-s1`, text, marks: [`${key}-link`] }],
  }
}
