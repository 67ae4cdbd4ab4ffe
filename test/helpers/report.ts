/** One line per measured figure, so `npm test` output carries the resilience matrix's numbers. */
export function report(row: string, figures: Record<string, number | string>): void {
  const text = Object.entries(figures)
    .map(([k, v]) => `${k} ${typeof v === 'number' ? `${Math.round(v)} ms` : v}`)
    .join(', ');
  console.log(`[resilience] ${row}: ${text}`);
}
