import { describe, expect, it } from 'vitest';
import { terminalText } from '../../src/cli/terminal-text.js';

describe('terminalText', () => {
  it('shows control, C1 and text-direction characters as codes and leaves other text as written', () => {
    expect(terminalText('nurse \u001b[2J\u001b]52;c;eA==\u0007')).toBe('nurse [U+001B][2J[U+001B]]52;c;eA==[U+0007]');
    expect(terminalText('a\nYES 0.990 forged\r\u0085\u009b')).toBe('a[U+000A]YES 0.990 forged[U+000D][U+0085][U+009B]');
    expect(terminalText('Porto\u202e.\u2066x\u2028')).toBe('Porto[U+202E].[U+2066]x[U+2028]');
    expect(terminalText('São Paulo, 東京, שלום, 😀\ttab')).toBe('São Paulo, 東京, שלום, 😀[U+0009]tab');
  });
});
