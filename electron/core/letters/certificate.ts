// The county's signing certificate: read from a PKCS#12 file (path and passphrase in the letter settings), and a
// self-signed demo certificate created on first start of a demo workstation.
//
// node-forge decrypts the PKCS#12 container and the key. It does not give back the certificate's own bytes, and
// re-encoding its parsed certificate double-encodes UTF8String names (ä → "Ã¤"), after which no verifier finds
// the signer. So the certificate is put back together from forge's raw to-be-signed part, its algorithm and
// signature, and checked: its signature must still verify and the key must match it.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import forge from 'node-forge';
import { AppError } from '../../../shared/contract/errors';
import { formatFi, helsinkiDate } from '../../../shared/domain/dates';
import { bitString, children, readNode, sequence } from './der';

export interface SigningCertificate {
  /** The certificate exactly as issued (DER). */
  der: Buffer;
  /** Its issuer Name and serial number INTEGER, byte for byte, for the CMS signer identifier. */
  issuerDer: Buffer;
  serialDer: Buffer;
  subject: string;
  commonName: string;
  validFrom: Date;
  validTo: Date;
  privateKey: crypto.KeyObject;
  /** Where it came from, for messages. */
  source: string;
}

const binary = (b: string) => Buffer.from(b, 'binary');

function certificateDer(cert: forge.pki.Certificate): Buffer {
  const tbs = binary(forge.asn1.toDer((cert as unknown as { tbsCertificate: forge.asn1.Asn1 }).tbsCertificate).getBytes());
  const fields = children(readNode(tbs));
  const algorithm = fields[fields[0]!.tag === 0xa0 ? 2 : 1]!.raw;
  return sequence(tbs, algorithm, bitString(binary(cert.signature as string)));
}

function commonNameOf(subject: string): string {
  const cn = subject.split('\n').find((l) => l.startsWith('CN='));
  return cn ? cn.slice(3) : subject;
}

/** Reads and checks a PKCS#12 file; errors name the file and say what is wrong, in Finnish. */
export function loadSigningCertificate(p12Path: string, passphrase: string, now: Date): SigningCertificate {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(p12Path);
  } catch {
    throw new AppError('VALIDATION', `Allekirjoitusvarmennetta ei löydy tiedostosta ${p12Path}. Tarkista varmenteen polku asetuksista.`);
  }
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(bytes.toString('binary')), false, passphrase);
  } catch (e) {
    const wrongPass = /password|MAC|Invalid/i.test((e as Error).message);
    throw new AppError(
      'VALIDATION',
      wrongPass
        ? `Allekirjoitusvarmenteen ${path.basename(p12Path)} salasana on väärä.`
        : `Tiedosto ${path.basename(p12Path)} ei ole kelvollinen PKCS#12-varmenne.`,
    );
  }
  const keyBag = [
    ...(p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag! })[forge.pki.oids.pkcs8ShroudedKeyBag!] ?? []),
    ...(p12.getBags({ bagType: forge.pki.oids.keyBag! })[forge.pki.oids.keyBag!] ?? []),
  ].find((b) => b.key);
  const certBags = (p12.getBags({ bagType: forge.pki.oids.certBag! })[forge.pki.oids.certBag!] ?? []).filter((b) => b.cert);
  if (!keyBag?.key || certBags.length === 0) {
    throw new AppError('VALIDATION', `Varmennetiedostossa ${path.basename(p12Path)} ei ole sekä yksityistä avainta että varmennetta.`);
  }
  const privateKey = crypto.createPrivateKey(forge.pki.privateKeyToPem(keyBag.key as forge.pki.rsa.PrivateKey));
  // The end-entity certificate is the one whose public key matches the private key.
  for (const bag of certBags) {
    const der = certificateDer(bag.cert!);
    const x509 = new crypto.X509Certificate(der);
    if (!x509.checkPrivateKey(privateKey)) continue;
    const tbsFields = children(children(readNode(der))[0]!);
    const off = tbsFields[0]!.tag === 0xa0 ? 1 : 0;
    const cert: SigningCertificate = {
      der,
      serialDer: tbsFields[off]!.raw,
      issuerDer: tbsFields[off + 2]!.raw,
      subject: x509.subject,
      commonName: commonNameOf(x509.subject),
      validFrom: new Date(x509.validFrom),
      validTo: new Date(x509.validTo),
      privateKey,
      source: p12Path,
    };
    if (now < cert.validFrom) throw new AppError('VALIDATION', `Allekirjoitusvarmenne (${cert.commonName}) on voimassa vasta ${fiDate(cert.validFrom)} alkaen.`);
    if (now > cert.validTo) throw new AppError('VALIDATION', `Allekirjoitusvarmenne (${cert.commonName}) on vanhentunut ${fiDate(cert.validTo)}. Vaihda varmenne asetuksissa.`);
    return cert;
  }
  throw new AppError('VALIDATION', `Varmennetiedoston ${path.basename(p12Path)} varmenne ei vastaa sen yksityistä avainta.`);
}

/** The Helsinki calendar day of a certificate's instant (its UTC date was a day early between 00:00 and 02:00/03:00). */
function fiDate(d: Date): string {
  return formatFi(helsinkiDate(d));
}

export interface DemoCertificateOptions {
  commonName: string;
  organization: string;
  validFrom: Date;
  validTo: Date;
  passphrase: string;
}

/** A self-signed RSA-2048 certificate for document signing, as a PKCS#12 file (AES-256 protected). */
export function createDemoCertificate(opts: DemoCertificateOptions): Buffer {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const forgeKey = forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }) as string);
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }) as string);
  cert.serialNumber = `01${crypto.randomBytes(15).toString('hex')}`;
  cert.validity.notBefore = opts.validFrom;
  cert.validity.notAfter = opts.validTo;
  const utf8 = forge.asn1.Type.UTF8;
  const name = [
    { name: 'commonName', value: opts.commonName, valueTagClass: utf8 },
    { name: 'organizationName', value: opts.organization, valueTagClass: utf8 },
    { name: 'countryName', value: 'FI' },
  ] as forge.pki.CertificateField[];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true },
  ]);
  cert.sign(forgeKey, forge.md.sha256.create());
  const p12 = forge.pkcs12.toPkcs12Asn1(forgeKey, [cert], opts.passphrase, { algorithm: 'aes256', friendlyName: opts.commonName });
  return binary(forge.asn1.toDer(p12).getBytes());
}
