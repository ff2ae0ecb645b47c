// Types of the message catalogues: a message is a key with parameters; the catalogue of each language words it.
// Parameters are named in the template as {{name}} or {{name, format}}; their names are read from the Finnish
// template at the type level, so a message raised with a missing or misspelt parameter does not compile.

export type Lang = 'fi' | 'sv';

/** A text that differs by language, e.g. a service name from the catalogue (name_fi / name_sv). */
export interface LocalText {
  fi: string;
  sv: string;
}

/** A message worded by the catalogues: the key and its parameters. Crosses the contract as plain JSON. */
export interface Message {
  key: string;
  params?: MessageParams;
}

export type ParamValue = string | number | boolean | null | LocalText | Message | readonly ParamValue[];
export type MessageParams = Readonly<Record<string, ParamValue>>;

/** A catalogue entry: one template, or a singular/plural pair chosen by the `count` parameter. */
export type Template = string | { readonly one: string; readonly other: string };

type Trim<S extends string> = S extends ` ${infer R}` ? Trim<R> : S extends `${infer R} ` ? Trim<R> : S;
type NameOf<P extends string> = P extends `${infer N},${string}` ? Trim<N> : Trim<P>;

/** The parameter names of a template string: "Päivä {{date, date}} on {{what}}" → 'date' | 'what'. */
export type ParamNames<S> = S extends `${string}{{${infer P}}}${infer Rest}` ? NameOf<P> | ParamNames<Rest> : never;

/** Parameter names of a catalogue entry (a plural entry also takes `count`). */
export type EntryParams<T> = T extends { one: infer A; other: infer B } ? ParamNames<A> | ParamNames<B> | 'count' : ParamNames<T>;
