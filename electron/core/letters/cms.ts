// A detached CMS SignedData (RFC 5652) over the signed byte ranges of a PDF, in the CAdES form PAdES expects
// (ETSI EN 319 142-1, SubFilter ETSI.CAdES.detached): signed attributes content-type, message-digest and
// signing-certificate-v2; no signing-time attribute (the time is the signature dictionary's /M).
import crypto from 'node:crypto';
import { contextConstructed, integer, nullValue, octetString, oid, sequence, set } from './der';
import type { SigningCertificate } from './certificate';

const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
} as const;

const attribute = (type: string, value: Buffer) => sequence(oid(type), set(value));

export function detachedSignature(content: Buffer, cert: SigningCertificate): Buffer {
  const sha256 = sequence(oid(OID.sha256));
  const signedAttrs = [
    attribute(OID.contentType, oid(OID.data)),
    attribute(OID.messageDigest, octetString(crypto.createHash('sha256').update(content).digest())),
    // ESSCertIDv2 with the default hash algorithm (SHA-256) left out, as DER requires.
    attribute(OID.signingCertificateV2, sequence(sequence(sequence(octetString(crypto.createHash('sha256').update(cert.der).digest()))))),
  ];
  // The signature covers the attributes encoded as a SET; in the SignerInfo they carry the [0] tag instead.
  const attrsSet = set(...signedAttrs);
  const signature = crypto.sign('sha256', attrsSet, cert.privateKey);
  const signerInfo = sequence(
    integer(1),
    sequence(cert.issuerDer, cert.serialDer),
    sha256,
    Buffer.concat([Buffer.from([0xa0]), attrsSet.subarray(1)]),
    sequence(oid(OID.rsaEncryption), nullValue()),
    octetString(signature),
  );
  const signedData = sequence(integer(1), set(sha256), sequence(oid(OID.data)), contextConstructed(0, cert.der), set(signerInfo));
  return sequence(oid(OID.signedData), contextConstructed(0, signedData));
}
