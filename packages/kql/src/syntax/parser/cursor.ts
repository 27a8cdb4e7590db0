import type { DiagnosticBag, Span } from '../../diagnostics.ts';
import type { Token } from '../tokens.ts';

/** Thrown to abandon the current operator or statement; the caller records it and resynchronises. */
export class ParseError extends Error {
  constructor(
    message: string,
    readonly span: Span,
  ) {
    super(message);
  }
}

/** A position in the token stream with the small helpers every parsing function uses. */
export class Cursor {
  pos = 0;
  /** Nesting depth of dynamic(...) literals, where [..] and {..} are JSON-like literals. */
  dynamicDepth = 0;

  constructor(
    readonly tokens: readonly Token[],
    readonly text: string,
    readonly diags: DiagnosticBag,
  ) {}

  get tok(): Token {
    return this.tokens[Math.min(this.pos, this.tokens.length - 1)] as Token;
  }

  peek(k = 1): Token {
    return this.tokens[Math.min(this.pos + k, this.tokens.length - 1)] as Token;
  }

  next(): Token {
    const t = this.tok;
    if (this.pos < this.tokens.length - 1) this.pos++;
    return t;
  }

  get prevEnd(): number {
    return this.tokens[this.pos - 1]?.span.end ?? 0;
  }

  atEof(): boolean {
    return this.tok.kind === 'eof';
  }

  isPunct(v: string, k = 0): boolean {
    const t = this.peek(k);
    return t.kind === 'punct' && t.value === v;
  }

  /** An identifier token (not a bracket-quoted name) with this spelling, case-sensitive. */
  isWord(v: string, k = 0): boolean {
    const t = this.peek(k);
    return t.kind === 'ident' && t.extra !== 'quoted' && t.value === v;
  }

  eatPunct(v: string): boolean {
    if (this.isPunct(v)) {
      this.next();
      return true;
    }
    return false;
  }

  eatWord(v: string): boolean {
    if (this.isWord(v)) {
      this.next();
      return true;
    }
    return false;
  }

  expectPunct(v: string): Token {
    if (!this.isPunct(v)) this.fail(`Expected '${v}' but found ${this.describe()}.`);
    return this.next();
  }

  expectWord(v: string): Token {
    if (!this.isWord(v)) this.fail(`Expected '${v}' but found ${this.describe()}.`);
    return this.next();
  }

  /** Any identifier (names may be keywords in KQL). */
  expectName(what = 'a name'): Token {
    const t = this.tok;
    if (t.kind !== 'ident') this.fail(`Expected ${what} but found ${this.describe()}.`);
    return this.next();
  }

  describe(): string {
    const t = this.tok;
    if (t.kind === 'eof') return 'the end of the query';
    return `'${this.text.slice(t.span.start, t.span.end)}'`;
  }

  fail(message: string, span?: Span): never {
    throw new ParseError(message, span ?? this.tok.span);
  }

  span(start: number): Span {
    return { start, end: Math.max(start, this.prevEnd) };
  }

  /**
   * A hyphenated word made of adjacent tokens, e.g. `project-away`, `mv-expand`, `hint.strategy`. Returns
   * undefined (consuming nothing) if the current token is not an identifier.
   */
  readCompoundWord(joiners: readonly string[] = ['-']): { word: string; span: Span } | undefined {
    const t = this.tok;
    if (t.kind !== 'ident' || t.extra === 'quoted') return undefined;
    let word = t.value;
    const start = t.span.start;
    this.next();
    while (this.tok.kind === 'punct' && joiners.includes(this.tok.value) && !this.tok.spaceBefore && this.peek().kind === 'ident' && !this.peek().spaceBefore) {
      word += this.tok.value + this.peek().value;
      this.next();
      this.next();
    }
    return { word, span: this.span(start) };
  }
}
