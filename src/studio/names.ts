/**
 * Annotator names as the studio compares them: two names that look the same on screen are the same name.
 * NFKC (fullwidth and compatibility forms become plain letters), invisible characters removed (zero-width
 * space, joiners, soft hyphen, word joiner, byte-order mark), and Cyrillic or Greek letters that look like Latin
 * ones read as those Latin letters when the name mixes them with Latin, or has no letter of its own script
 * ("аlice" with a Cyrillic a is "alice"; "асе" in Cyrillic is "ace"; "Дмитрий" stays as written). A name that
 * still mixes Latin with Cyrillic or Greek after that is refused: it cannot be told apart from another on screen.
 */

/** Characters that render as nothing (or almost nothing): code point ranges. */
const INVISIBLE: [number, number][] = [
  [0xad, 0xad], [0x34f, 0x34f], [0x115f, 0x1160], [0x17b4, 0x17b5], [0x180b, 0x180e], [0x200b, 0x200d], [0x2060, 0x2064],
  [0x3164, 0x3164], [0xfe00, 0xfe0f], [0xfeff, 0xfeff], [0xffa0, 0xffa0],
];
const invisible = (c: string) => {
  const cp = c.codePointAt(0)!;
  return INVISIBLE.some(([lo, hi]) => cp >= lo && cp <= hi);
};

/** Cyrillic and Greek letters that look like a Latin letter in common fonts. */
const LOOKALIKES: Record<string, string> = {
  // Cyrillic
  '\u0430': 'a', '\u0435': 'e', '\u043e': 'o', '\u0440': 'p', '\u0441': 'c', '\u0443': 'y', '\u0445': 'x', '\u0456': 'i', '\u0458': 'j',
  '\u0455': 's', '\u04bb': 'h', '\u0501': 'd', '\u051b': 'q', '\u051d': 'w', '\u0432': 'b', '\u043a': 'k', '\u043c': 'm', '\u043d': 'h', '\u0442': 't',
  '\u0410': 'A', '\u0412': 'B', '\u0415': 'E', '\u041a': 'K', '\u041c': 'M', '\u041d': 'H', '\u041e': 'O', '\u0420': 'P', '\u0421': 'C',
  '\u0422': 'T', '\u0425': 'X', '\u0423': 'Y', '\u0406': 'I', '\u0408': 'J', '\u0405': 'S', '\u04c0': 'I', '\u0417': '3',
  // Greek
  '\u03bf': 'o', '\u03bd': 'v', '\u03b9': 'i', '\u03ba': 'k', '\u03c1': 'p', '\u03c5': 'u', '\u03c7': 'x', '\u03b1': 'a',
  '\u0391': 'A', '\u0392': 'B', '\u0395': 'E', '\u0396': 'Z', '\u0397': 'H', '\u0399': 'I', '\u039a': 'K', '\u039c': 'M', '\u039d': 'N',
  '\u039f': 'O', '\u03a1': 'P', '\u03a4': 'T', '\u03a5': 'Y', '\u03a7': 'X',
};
const OTHER_SCRIPT = /\p{Script=Cyrillic}|\p{Script=Greek}/u;
const LATIN = /\p{Script=Latin}/u;

export type NameCheck = { ok: true; name: string } | { ok: false; error: string };

/** The form of an annotator's name or id that the studio stores and compares (see the module comment). */
export function normalizeAnnotatorName(raw: string): NameCheck {
  const name = [...raw.normalize('NFKC')].filter((c) => !invisible(c)).join('').trim().replace(/ {2,}/g, ' ');
  const letters = [...name].filter((c) => /\p{L}/u.test(c));
  const foreign = letters.filter((c) => OTHER_SCRIPT.test(c));
  if (foreign.length === 0) return { ok: true, name };
  const allLookalike = foreign.every((c) => c in LOOKALIKES);
  const mixed = letters.some((c) => LATIN.test(c));
  if (!allLookalike && !mixed) return { ok: true, name }; // a name written in its own script
  if (!allLookalike) return { ok: false, error: 'a name cannot mix Latin letters with Cyrillic or Greek ones' };
  return { ok: true, name: [...name].map((c) => LOOKALIKES[c] ?? c).join('') };
}
