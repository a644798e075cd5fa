/**
 * Stored text as the CLI prints it for a person: control characters (C0 and C1, DEL, line and paragraph
 * separators) and bidirectional-text controls shown as `[U+001B]` codes. Attribute texts, reasons and evidence
 * quote what users said, and a user who says ESC sequences would otherwise clear the operator's screen, retitle
 * the window or write the clipboard (OSC 52), or forge an output line with a newline. `--json` needs none of
 * this: JSON escapes control characters.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;

export function terminalText(s: string): string {
  return s.replace(UNSAFE, (c) => `[U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}]`);
}
