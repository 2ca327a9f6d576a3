// Bare root layout of the benchmark baseline: no metadata, no CSS, no client components.
export default function RootLayout({ children }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  )
}
