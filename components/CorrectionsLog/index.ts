export { CorrectionsLog } from './CorrectionsLog'
