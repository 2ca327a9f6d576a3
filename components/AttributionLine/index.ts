export { AttributionLine } from './AttributionLine'
