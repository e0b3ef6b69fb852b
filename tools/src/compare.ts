/** Code-unit order, the same on every machine (localeCompare depends on the locale and the ICU data). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
