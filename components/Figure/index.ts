export { Figure, DEFAULT_FIGURE_SIZES } from './Figure'
