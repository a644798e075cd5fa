import { describe, expect, it } from 'vitest';
import { none, some, texts } from '../support/extract.js';

// Self-written: what a user is working towards or building, and the languages a developer works in, each with a
// guard that must not fire
describe('goals, projects, languages at work, how able the user is', () => {
  it.each([
    ['I want to get better at chess', /^The user wants to get better at chess$/],
    ['trying to get better at system design for interviews', /^The user wants to get better at system design/],
    ["I'm learning to code", /^The user is learning to code$/],
    ['trying to get fitter this year', /^The user is trying to get fitter$/],
    ['hey, backend dev here, mostly Go and some Python.', /^The user codes mostly in Go and some Python$/],
    ['mainly TypeScript, bit of Rust', /^The user codes mostly in TypeScript, bit of Rust$/],
    ["it's for my side project, a budgeting app in SvelteKit", /^The user's side project is a budgeting app in SvelteKit$/],
    ["I'm building a budgeting app in SvelteKit as a side project", /^The user is building a budgeting app in SvelteKit$/],
    ["I'm hopeless with computers", /^The user is hopeless with computers$/],
    ["I'm not very good with technology", /^The user is not very good with technology$/],
    ["I'm pretty good at chess, about 1500", /^The user is pretty good at chess$/],
  ])('%s', (say, fact) => {
    expect(texts(say)).toEqual(some(fact));
  });

  it.each([
    ['my son wants to get better at maths', /better/],
    ['if I wanted to get better at chess, what would you suggest', /chess/],
    ["I'm trying to get better at it", /better/],
    ['mostly go and chill', /codes/],
    ["I'm making a lasagna tonight", /lasagna/],
    ['my friend is building an app', /app/],
    ['if I was building an app, which framework?', /app/],
    ["I'm good with that", /good/],
    ["I'm great at the moment, thanks", /great/],
    ['my son is rubbish at maths', /rubbish/],
  ])('keeps nothing of someone else, a what-if or a chore: %s', (say, fact) => {
    expect(texts(say)).toEqual(none(fact));
  });
});
