// The language of a free text (an intake report), when nobody recorded it: Finnish or Swedish, by the share of
// the commonest short words of each. Only a default for the worker to check, never a decision.
const SV = new Set(['och', 'är', 'att', 'inte', 'det', 'som', 'med', 'för', 'hon', 'han', 'har', 'på', 'till', 'av', 'en', 'ett', 'om', 'kan', 'hem', 'vill', 'sin', 'efter', 'ingen', 'klienten', 'hemmet']);
const FI = new Set(['ja', 'on', 'ei', 'että', 'hän', 'oli', 'se', 'kun', 'myös', 'asiakas', 'asiakkaan', 'kotona', 'enää', 'jo', 'kotiin', 'mutta', 'tai', 'hoitaa', 'yksin']);

export function guessLanguage(text: string): 'fi' | 'sv' | null {
  let sv = 0;
  let fi = 0;
  for (const w of text.toLowerCase().split(/[^a-zåäöéü]+/)) {
    if (SV.has(w)) sv += 1;
    if (FI.has(w)) fi += 1;
  }
  if (sv === fi) return /å/i.test(text) ? 'sv' : null;
  return sv > fi ? 'sv' : 'fi';
}
