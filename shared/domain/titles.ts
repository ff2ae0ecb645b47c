// Job titles of the county's social-services staff in Finnish and Swedish. A user's title is stored as typed (in
// Finnish); a Swedish document (a decision letter, the waiting-time publication) prints the Swedish title of the
// catalogue. Titles follow the bilingual usage of the wellbeing services counties and the Finnish–Swedish
// vocabulary of social welfare (Kotus / Sosiaali- ja terveysalan sanasto); a title the catalogue does not know is
// printed as stored.
const TITLES: readonly (readonly [fi: string, sv: string])[] = [
  ['asiakasohjaaja', 'klienthandledare'],
  ['palveluohjaaja', 'servicehandledare'],
  ['sosiaaliohjaaja', 'socialhandledare'],
  ['sosiaalityöntekijä', 'socialarbetare'],
  ['johtava sosiaalityöntekijä', 'ledande socialarbetare'],
  ['asiakassihteeri', 'klientsekreterare'],
  ['toimistosihteeri', 'byråsekreterare'],
  ['palvelukoordinaattori', 'servicekoordinator'],
  ['laskuttaja', 'fakturerare'],
  ['palvelupäällikkö', 'servicechef'],
  ['palveluesihenkilö', 'serviceförman'],
  ['tiiminvetäjä', 'teamledare'],
  ['yksikön päällikkö', 'enhetschef'],
  ['palvelualuejohtaja', 'serviceområdesdirektör'],
  ['pääkäyttäjä', 'huvudanvändare'],
  ['fysioterapeutti', 'fysioterapeut'],
  ['sairaanhoitaja', 'sjukskötare'],
  ['terveydenhoitaja', 'hälsovårdare'],
  ['geronomi', 'geronom'],
];

const FI_TO_SV = new Map(TITLES.map(([fi, sv]) => [fi, sv]));

/** The title in the language of the document: the catalogue's Swedish title, capitalised as the stored one. */
export function jobTitle(stored: string, lang: 'fi' | 'sv'): string {
  if (lang === 'fi') return stored;
  const t = stored.trim();
  const sv = FI_TO_SV.get(t.toLocaleLowerCase('fi-FI'));
  if (!sv) return stored;
  const first = t.charAt(0);
  return first !== first.toLocaleLowerCase('fi-FI') ? sv.charAt(0).toLocaleUpperCase('sv-FI') + sv.slice(1) : sv;
}
