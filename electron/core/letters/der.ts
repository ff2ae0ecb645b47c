// A minimal DER (X.690) writer and reader: just what building a CMS signature and a certificate needs. Kept
// here rather than using a general ASN.1 library so that names are copied byte for byte from the certificate:
// re-encoding a parsed name is how Finnish letters in a subject (UTF8String "Päijät-Hämeen…") get mangled.

export type Der = Buffer;

function encodeLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function tlv(tag: number, content: Buffer): Der {
  return Buffer.concat([Buffer.from([tag]), encodeLength(content.length), content]);
}

export const sequence = (...items: Der[]): Der => tlv(0x30, Buffer.concat(items));
/** SET OF in DER order: elements sorted by their encodings. */
export const set = (...items: Der[]): Der => tlv(0x31, Buffer.concat([...items].sort(Buffer.compare)));
export const contextConstructed = (n: number, ...items: Der[]): Der => tlv(0xa0 + n, Buffer.concat(items));
export const octetString = (b: Buffer): Der => tlv(0x04, b);
export const nullValue = (): Der => Buffer.from([0x05, 0x00]);
export const utf8String = (s: string): Der => tlv(0x0c, Buffer.from(s, 'utf8'));
export const printableString = (s: string): Der => tlv(0x13, Buffer.from(s, 'ascii'));
export const bitString = (b: Buffer): Der => tlv(0x03, Buffer.concat([Buffer.from([0]), b]));
export const booleanValue = (v: boolean): Der => Buffer.from([0x01, 0x01, v ? 0xff : 0x00]);

export function integer(value: number | bigint | Buffer): Der {
  let bytes: Buffer;
  if (Buffer.isBuffer(value)) bytes = value;
  else {
    let hex = BigInt(value).toString(16);
    if (hex.length % 2) hex = `0${hex}`;
    bytes = Buffer.from(hex, 'hex');
  }
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0 && (bytes[start + 1]! & 0x80) === 0) start++;
  bytes = bytes.subarray(start);
  if (bytes[0]! & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return tlv(0x02, bytes);
}

export function oid(dotted: string): Der {
  const parts = dotted.split('.').map(Number);
  const out: number[] = [40 * parts[0]! + parts[1]!];
  for (const p of parts.slice(2)) {
    const chunk: number[] = [p & 0x7f];
    for (let v = Math.floor(p / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift((v & 0x7f) | 0x80);
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

/** UTCTime for years 1950–2049, GeneralizedTime otherwise (RFC 5280 4.1.2.5). */
export function time(d: Date): Der {
  const iso = d.toISOString();
  const digits = iso.slice(0, 19).replace(/[-:T]/g, '');
  const year = d.getUTCFullYear();
  if (year >= 1950 && year < 2050) return tlv(0x17, Buffer.from(`${digits.slice(2)}Z`, 'ascii'));
  return tlv(0x18, Buffer.from(`${digits}Z`, 'ascii'));
}

export interface DerNode {
  tag: number;
  /** The whole element: tag, length and content. */
  raw: Buffer;
  content: Buffer;
}

export function readNode(buf: Buffer, offset = 0): DerNode & { end: number } {
  const tag = buf[offset];
  if (tag === undefined) throw new Error('DER: unexpected end of data');
  let len = buf[offset + 1];
  if (len === undefined) throw new Error('DER: unexpected end of data');
  let headerLen = 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4) throw new Error('DER: unsupported length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[offset + 2 + i]!;
    headerLen += n;
  }
  const end = offset + headerLen + len;
  if (end > buf.length) throw new Error('DER: element longer than its data');
  return { tag, raw: buf.subarray(offset, end), content: buf.subarray(offset + headerLen, end), end };
}

export function children(node: DerNode): DerNode[] {
  const out: DerNode[] = [];
  for (let pos = 0; pos < node.content.length; ) {
    const child = readNode(node.content, pos);
    out.push(child);
    pos = child.end;
  }
  return out;
}

export function decodeOid(content: Buffer): string {
  const parts = [Math.floor(content[0]! / 40), content[0]! % 40];
  let v = 0;
  for (const b of content.subarray(1)) {
    v = v * 128 + (b & 0x7f);
    if (!(b & 0x80)) {
      parts.push(v);
      v = 0;
    }
  }
  return parts.join('.');
}
