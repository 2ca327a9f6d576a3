export { DraftProblems } from './DraftProblems'
