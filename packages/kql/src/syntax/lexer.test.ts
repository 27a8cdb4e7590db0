import { describe, expect, it } from 'vitest';
import { DiagnosticBag } from '../diagnostics.ts';
import { lex } from './lexer.ts';

function tokens(text: string): { kind: string; value: string; extra?: string }[] {
  return lex(text, new DiagnosticBag()).map((t) => (t.extra === undefined ? { kind: t.kind, value: t.value } : { kind: t.kind, value: t.value, extra: t.extra }));
}

describe('lexer', () => {
  it('decodes every string literal form', () => {
    const v = (s: string): string | undefined => tokens(s)[0]?.value;
    expect(v(String.raw`"a\tb\"c"`)).toBe('a\tb"c');
    expect(v(String.raw`'it\'s'`)).toBe("it's");
    expect(v(String.raw`@"C:\temp"`)).toBe(String.raw`C:\temp`);
    expect(v(`@'say ''hi'''`)).toBe("say 'hi'");
    expect(v(`h"secret"`)).toBe('secret');
    expect(v('```line1\nline2```')).toBe('line1\nline2');
    expect(v(String.raw`"\u00A0"`)).toBe('\u00a0');
  });

  it('reads timespans with every unit as one token', () => {
    for (const [text, unit] of [['1d', 'd'], ['2h', 'h'], ['30m', 'm'], ['10s', 's'], ['100ms', 'ms'], ['1tick', 'tick'], ['1.5h', 'h'], ['25min', 'min'], ['10microsecond', 'microsecond']]) {
      expect(tokens(text ?? '')[0]).toEqual({ kind: 'timespan', value: (text ?? '').replace(unit ?? '', ''), extra: unit });
    }
  });

  it('keeps typed literal bodies raw and skips comments', () => {
    expect(tokens('datetime(2017-01-01 10:00) // note\n')[0]).toEqual({ kind: 'typed', value: '2017-01-01 10:00', extra: 'datetime' });
    expect(tokens('typeof(long)').map((t) => t.kind)).toEqual(['ident', 'punct', 'ident', 'punct', 'eof']);
    expect(tokens('0x1F')[0]).toEqual({ kind: 'int', value: '31' });
  });

  it('reports an unterminated string and continues', () => {
    const diags = new DiagnosticBag();
    const t = lex('"abc\nT', diags);
    expect(diags.items.map((d) => d.code)).toEqual(['syntax-error']);
    expect(t.some((x) => x.value === 'T')).toBe(true);
  });
});
