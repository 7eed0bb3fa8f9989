/** Whether stream id `a` (`ms-seq`) comes before `b`: stream ids are times, so this is "written earlier". */
export function isOlderStreamId(a: string, b: string): boolean {
  const [am, as] = a.split('-').map(Number) as [number, number];
  const [bm, bs] = b.split('-').map(Number) as [number, number];
  return am < bm || (am === bm && as < bs);
}
