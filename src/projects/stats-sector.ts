// The one sector a project is counted under in the statistics, so a sector table adds up to the
// total and its shares to 100 %: a project's first sector (the one its own words name first); a
// batch whose money cannot be split by sector, when it spans several, goes to "多个行业"; a project
// whose words name no industry to "行业未识别".

export const MULTI_SECTOR = 'multi';
export const NO_SECTOR = '';

export function statsSector(kind: 'group' | 'single', sectors: readonly string[]): string {
  if (sectors.length === 0) return NO_SECTOR;
  if (kind === 'group' && sectors.length > 1) return MULTI_SECTOR;
  return sectors[0] ?? NO_SECTOR;
}
