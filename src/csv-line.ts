/** RFC 4180: quote a field when it holds a comma, a quote or a line break; double the quotes. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) || value !== value.trim() ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One CSV record with its CRLF, as RFC 4180 writes it (every CSV export uses this one). */
export const csvLine = (fields: readonly string[]): string => `${fields.map(csvField).join(',')}\r\n`;
