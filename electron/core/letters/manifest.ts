// The print batch's metadata for the print service (Posti iPost / e-kirje): XML in the LetterBundle v1x0
// namespace, LetterBundle › Bundle › BundleCommon + one Letter per letter in mailing order. Each Letter says
// where its pages are in the merged print PDF (Location), who receives it (Eu1: name, address, postcode, city,
// country), and, as Luotsi's own attributes, its file in the ZIP, language, page count and SHA-256.
export const LETTER_BUNDLE_NS = 'urn:itella.com:/schema/ipost/letterbundle/v1x0';

export interface ManifestLetter {
  id: string;
  decisionNumber: string;
  file: string;
  language: 'fi' | 'sv';
  pages: number;
  startPage: number;
  sha256: string;
  /** Address lines as printed: name, [c/o], street, "postcode CITY". */
  recipient: string[];
}

export interface ManifestBundle {
  batchId: string;
  created: string;
  sender: string;
  printFile: string;
  letters: ManifestLetter[];
}

const escapeXml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

const attrs = (a: Record<string, string | number>) =>
  Object.entries(a)
    .map(([k, v]) => `${k}="${escapeXml(String(v))}"`)
    .join(' ');

export function recipientParts(lines: string[]): { name: string; address: string; postalCode: string; city: string } {
  const last = lines[lines.length - 1] ?? '';
  const m = /^(\d{5})\s+(.*)$/.exec(last);
  return {
    name: lines[0] ?? '',
    address: lines.slice(1, -1).join(', '),
    postalCode: m?.[1] ?? '',
    city: m?.[2] ?? last,
  };
}

export function letterBundleXml(b: ManifestBundle): string {
  const pages = b.letters.reduce((n, l) => n + l.pages, 0);
  const letters = b.letters
    .map((l) => {
      const r = recipientParts(l.recipient);
      return [
        `    <Letter ${attrs({ id: l.id, decisionNumber: l.decisionNumber, file: l.file, language: l.language, pages: l.pages, sha256: l.sha256 })}>`,
        `      <Location ${attrs({ file: b.printFile, startPage: l.startPage, pages: l.pages })}/>`,
        `      <Eu1 ${attrs({ name: r.name, address: r.address, postalCode: r.postalCode, city: r.city, countryCode: 'FI' })}/>`,
        '    </Letter>',
      ].join('\n');
    })
    .join('\n');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<LetterBundle xmlns="${LETTER_BUNDLE_NS}">`,
    '  <Bundle>',
    `    <BundleCommon ${attrs({ id: b.batchId, created: b.created, sender: b.sender, letters: b.letters.length, pages, printFile: b.printFile })}/>`,
    letters,
    '  </Bundle>',
    '</LetterBundle>',
    '',
  ].join('\n');
}
