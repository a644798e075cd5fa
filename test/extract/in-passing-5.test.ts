import { describe, expect, it } from 'vitest';
import type { Conversation } from '../../src/model/index.js';
import { contradicts } from '../../src/memory/merge.js';
import { OfflineExtractor } from '../../src/stages/extract/offline.js';
import { extractFromText } from '../../src/stages/extract/findings.js';
import { requestKind } from '../../src/stages/select/request-kind.js';

const ex = new OfflineExtractor();
function texts(say: string): string[] {
  const c: Conversation = { id: 'c', userId: 'u', turns: [{ index: 0, role: 'user', text: say }] };
  return ex.extractSync(c).map((a) => a.text);
}
function turns(...said: [('user' | 'assistant'), string][]): string[] {
  const c: Conversation = { id: 'c', userId: 'u', turns: said.map(([role, text], index) => ({ index, role, text })) };
  return ex.extractSync(c).map((a) => a.text);
}

/** Rules found with heldout-users-5.jsonl, tried on self-written sentences that are not in it. */
describe('everyday self-disclosure (set 5)', () => {
  it('reads a language named with how well it is kept up, not a relative\'s', () => {
    expect(texts('my german is pretty basic but I get by')).toContain('The user speaks German (basic)');
    expect(texts("my wife's Italian has gotten rusty")).not.toEqual(expect.arrayContaining([expect.stringMatching(/speaks/)]));
  });

  it('reads a home of some years, not one lived in before or imagined', () => {
    expect(texts("I've lived in Glasgow for six years now")).toContain('The user lives in Glasgow');
    expect(texts("I've lived in Rome before, loved it")).toEqual([]);
    expect(texts("imagine I've lived in Tokyo for years")).toEqual([]);
  });

  it('reads leaving a line of work and training for another', () => {
    expect(texts("I'm quitting teaching after this term")).toContain('The user no longer works in teaching');
    expect(texts("I'm doing a night course to become an electrician")).toContain('The user is training to become an electrician');
    expect(texts("if I quit nursing I'd become a plumber")).toEqual([]);
  });

  it('reads a visa, and "as a <person>" opening a question, as sensitive when it is', () => {
    expect(texts("I'm on a student visa until June")).toContain('The user is on a student visa');
    const f = extractFromText('as a lesbian woman, which cities in Europe feel safest?').findings;
    expect(f.map((x) => [x.text, x.sensitive])).toContainEqual(['The user is a lesbian woman', 'sexual_orientation']);
    expect(texts('as a kid, what did people eat for breakfast in the 1950s?')).toEqual([]);
  });

  it('reads a household given as a count in answer to the assistant, and not a party', () => {
    const t = turns(['assistant', 'Happy to plan meals! How many people are you cooking for?'], ['user', 'four, two adults and two kids']);
    expect(t).toEqual(expect.arrayContaining(["The user's household is 4 people", 'The user has two kids']));
    expect(t).not.toContain('The user prefers four');
    expect(turns(['assistant', 'How many people are coming to the party?'], ['user', 'twelve, maybe more'])).toEqual([]);
  });

  it('reads the answer after an assent, and no one else\'s pet', () => {
    expect(turns(['assistant', 'Do you have a dog?'], ['user', "yep, a scruffy terrier called Mo, he's nine"])).toContain('The user has a scruffy terrier called Mo');
    expect(turns(['assistant', 'Do you have any pets?'], ['user', "yeah, my sister's cat, she's staying with us"]).join(' ')).not.toMatch(/has (?:a )?cat/);
  });

  it('hears an out-of-character turn inside a role-play, and nothing else of it', () => {
    const t = turns(['user', "let's play a game: you're a dragon and I'm a knight with a magic sword"], ['assistant', 'Rawr!'], ['user', '(ooc: I\'m a nurse, I do this to unwind)'], ['user', 'I draw my sword and I am the king of the north']);
    expect(t).toContain('The user is a nurse');
    expect(t.join(' ')).not.toMatch(/knight|sword|king|dragon/);
  });

  it('does not read "been doin it" as a list item, and reads a vehicle said in passing', () => {
    const t = texts('ya im an electrician, been doin it 20 yrs. my truck needs new tyres');
    expect(t).toEqual(expect.arrayContaining(['The user is an electrician', 'The user has a truck']));
    expect(t.join(' ')).not.toMatch(/been doin/);
  });

  it('ends a meat-free diet when the user eats what it excludes, and one line of work by its field', () => {
    expect(contradicts('The user eats meat', 'The user is vegetarian')).toBe(true);
    expect(contradicts('The user eats fish', 'The user is vegan')).toBe(true);
    expect(contradicts('The user eats fish', 'The user is pescatarian')).toBe(false);
    expect(contradicts('The user no longer works in accounting', 'The user is an accountant at a big firm')).toBe(true);
  });

  it('reads a word look-up as a definition', () => {
    expect(requestKind("What does the Spanish word 'sobremesa' mean?")).toBe('definition');
    expect(requestKind('what does "hygge" mean')).toBe('definition');
  });
});
