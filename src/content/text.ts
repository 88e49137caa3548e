// Plain-text helpers shared by pages, the API and the importer.

/** The first `max` characters (code points) of the text as one line, with … when cut. */
export function excerpt(body: string, max = 110): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  const chars = [...flat];
  return chars.length <= max ? flat : chars.slice(0, max).join('').trimEnd() + '…';
}
