import type { Span } from '../diagnostics.ts';

export type TokenKind =
  | 'ident' // names and keywords (keywords are contextual in KQL)
  | 'string' // any string literal form; `value` is the decoded text
  | 'int' // integer literal (decimal or hex); `value` is the text
  | 'real' // real literal; `value` is the text
  | 'timespan' // number with a unit suffix: 1d, 2h, 30m, 10s, 100ms, 1tick, 1.5h ...
  | 'typed' // a typed literal whose body is raw text: datetime(...), timespan(...), guid(...), int(null) ...
  | 'punct'
  | 'eof';

export interface Token {
  kind: TokenKind;
  /** Decoded value: the identifier, string contents, number text, punctuation. */
  value: string;
  /** For 'typed' tokens: the type keyword (datetime, timespan, ...). For 'timespan': the unit. */
  extra?: string;
  span: Span;
  /** True when whitespace or a comment precedes this token. */
  spaceBefore: boolean;
}
