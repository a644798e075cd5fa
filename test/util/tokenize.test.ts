import { describe, expect, it } from 'vitest';
import { lightStem, tokenize } from '../../src/util/tokenize.js';

describe('tokenize', () => {
  it('lowercases, splits on non-word characters, drops stopwords and possessives', () => {
    expect(tokenize("The user's favourite Hobbies are running & cooking!")).toEqual(['user', 'favourite', 'hobbi', 'run', 'cook']);
  });

  it('keeps non-ASCII letters and digits as words', () => {
    expect(tokenize('Café naïve — 3D modelling in Δelta, 2024')).toEqual(['café', 'naïve', '3d', 'modell', 'δelta', '2024']);
    expect(tokenize('日本語 text')).toEqual(['日本語', 'text']);
  });

  it('treats curly apostrophes like straight ones', () => {
    expect(tokenize('She doesn’t like John’s jokes')).toEqual(['like', 'john', 'joke']);
  });

  it('can skip stopword removal and stemming', () => {
    expect(tokenize('The cats are running', { stopwords: false, stem: false })).toEqual(['the', 'cats', 'are', 'running']);
  });

  it('returns nothing for punctuation or stopwords only', () => {
    expect(tokenize('?!... the of and')).toEqual([]);
  });
});

describe('lightStem (Porter step 1)', () => {
  it.each([
    ['caresses', 'caress'], ['ponies', 'poni'], ['cats', 'cat'], ['class', 'class'],
    ['agreed', 'agree'], ['plastered', 'plaster'], ['motoring', 'motor'], ['sing', 'sing'],
    ['hopping', 'hop'], ['falling', 'fall'], ['hoping', 'hope'], ['writing', 'write'], ['coding', 'code'],
    ['conflated', 'conflate'], ['happy', 'happi'], ['hobby', 'hobbi'], ['hobbies', 'hobbi'], ['sky', 'sky'],
  ])('%s -> %s', (w, s) => {
    expect(lightStem(w)).toBe(s);
  });

  it('leaves short and non-ASCII words alone', () => {
    expect(lightStem('is')).toBe('is');
    expect(lightStem('naïve')).toBe('naïve');
  });
});
