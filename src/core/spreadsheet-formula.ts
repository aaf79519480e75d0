// Text a spreadsheet may run as a formula when it opens a CSV: a cell starting with = + - @, or a
// tab or carriage return (the OWASP CSV-injection list). Spaces in front (ASCII, no-break, the
// ideographic one) and the full-width ＝ ＋ － ＠ that Chinese input methods type are counted too:
// some spreadsheets trim the first and fold the second to ASCII before they parse a cell.
const FORMULA_START = /^[\t\r]|^[\s\u00a0\u3000]*[=+\-@\uff1d\uff0b\uff0d\uff20]/;

export function startsLikeFormula(text: string): boolean {
  return FORMULA_START.test(text);
}
