// Text bound for a spreadsheet (CSV or XLSX) that a person opens in Excel or WPS: a cell starting with
// = + - @ (or a tab or carriage return before one) is read as a formula — CSV/formula injection (OWASP, "CSV
// Injection"). Such text is written with a leading apostrophe; numbers are left as they are.

/** `s` with a leading ' when a spreadsheet would read it as a formula; a number ("-12.5") stays a number. */
export function neutraliseFormula(s: string): string {
  return /^[=+\-@\t\r]/.test(s) && Number.isNaN(Number(s)) ? `'${s}` : s
}

/** One CSV field with RFC 4180 quoting only (text written exactly as given). */
export const quoteCsv = (s: string): string => (/[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s)

/** One CSV field (RFC 4180 quoting), formula-neutralised; null and undefined as empty. */
export function csvField(v: unknown): string {
  return quoteCsv(neutraliseFormula(v === null || v === undefined ? '' : String(v)))
}
