export { LocalTime } from './LocalTime'
export { formatDateTime } from './format-date-time'
