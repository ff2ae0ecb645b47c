// Signing a finished PDF: an incremental update adds the signature field and dictionary (SubFilter
// ETSI.CAdES.detached, a PAdES baseline signature), then the byte ranges are signed with the county certificate.
import { plainAddPlaceholder } from '@signpdf/placeholder-plain';
import { SignPdf } from '@signpdf/signpdf';
import { Signer, SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';
import type { SigningCertificate } from './certificate';
import { detachedSignature } from './cms';

class CountySigner extends Signer {
  constructor(private readonly cert: SigningCertificate) {
    super();
  }

  override async sign(content: Buffer): Promise<Buffer> {
    return detachedSignature(content, this.cert);
  }
}

export interface SignatureInfo {
  reason: string;
  location: string;
  contactInfo: string;
  signingTime: Date;
}

/** 2048-bit RSA CMS with one certificate is about 2 kB; room for a 4096-bit key and a chain of three. */
const SIGNATURE_BYTES = 8192;

export async function signPdf(pdf: Buffer, cert: SigningCertificate, info: SignatureInfo): Promise<Buffer> {
  const withPlaceholder = plainAddPlaceholder({
    pdfBuffer: pdf,
    reason: info.reason,
    contactInfo: info.contactInfo,
    name: cert.commonName,
    location: info.location,
    signingTime: info.signingTime,
    signatureLength: SIGNATURE_BYTES,
    subFilter: SUBFILTER_ETSI_CADES_DETACHED,
  });
  return new SignPdf().sign(pointStartxrefAtXref(withPlaceholder), new CountySigner(cert), info.signingTime);
}

/**
 * The placeholder's incremental update points startxref at the blank line before its "xref" keyword, which
 * strict readers (qpdf --check) report. The offset is corrected before signing, while it can still change.
 */
function pointStartxrefAtXref(pdf: Buffer): Buffer {
  const xref = pdf.lastIndexOf('\nxref\n') + 1;
  const start = pdf.lastIndexOf('startxref\n');
  if (xref <= 0 || start < xref) return pdf;
  return Buffer.concat([pdf.subarray(0, start), Buffer.from(`startxref\n${xref}\n%%EOF\n`)]);
}
