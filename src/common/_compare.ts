/**
 * Code-unit string order. Unlike `localeCompare`, it does not depend on the machine's locale or
 * ICU data, so sorted output is byte-identical everywhere.
 */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
