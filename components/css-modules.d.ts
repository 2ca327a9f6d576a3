// CSS module typings, identical to Next's own (next/types/global.d.ts), so `tsc` passes before the
// first `next dev`/`next build` writes the git-ignored next-env.d.ts. The duplicate is harmless
// with skipLibCheck (tsconfig), and this file adds nothing else (Next's ProcessEnv stays out).
declare module '*.module.css' {
  const classes: { readonly [key: string]: string }
  export default classes
}
