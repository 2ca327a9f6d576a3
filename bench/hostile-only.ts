/**
 * `npm run bench:hostile [seconds]`: only the hostile-load part of `npm run bench`
 * (bench/hostile-load.ts), printed as JSON; for checking the issue 18 figures without the site.
 */
import { hostileLoad } from './hostile-load'

const seconds = Number(process.argv[2] ?? 20)
hostileLoad(seconds * 1000)
  .then((figures) => {
    console.log(JSON.stringify(figures, null, 2))
    if (figures.normalFailures.length || figures.hostileUnexpected.length) process.exitCode = 1
  })
  .catch((error: unknown) => {
    console.error(error)
    process.exitCode = 1
  })
