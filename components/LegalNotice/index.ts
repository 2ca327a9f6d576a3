export { LegalNotice } from './LegalNotice'
