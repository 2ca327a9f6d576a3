export { LocalTime } from './LocalTime'
export { formatDateTime, supportedLocale } from './format-date-time'
