/** The search form of a name: Unicode-lowercased (ä, ö, å fold correctly), spaces collapsed. */
export function searchKey(value: string): string {
  return value.toLocaleLowerCase('fi').replace(/\s+/g, ' ').trim();
}
