import { describe, expect, it } from 'vitest';
import { none, some, texts } from '../support/extract.js';

// Self-written: everyday self-description in chat register, each shape with a guard that must not fire
describe('everyday routines, studies and states', () => {
  it.each([
    ["I'm doing a PhD in marine biology at Plymouth", /^The user is doing a PhD in marine biology at Plymouth$/],
    ["I'm doing an apprenticeship in plumbing", /^The user is doing an apprenticeship in plumbing$/],
    ["I've played cello since I was 8", /^The user plays cello$/],
    ['Started a pottery class on Thursday evenings, loving it so far', /^The user goes to a pottery class$/],
    ['My German is about B1, trying to get to B2 by summer', /^The user speaks German \(B1\)$/],
    ["My car's a 2014 VW Golf, is it worth fixing the clutch?", /2014 VW Golf/],
    ['Need a laptop for uni, budget about £600 max', /^The user's budget is £600 max$/],
    ['work nights at a warehouse so I sleep during the day', /^The user works nights at a warehouse$/],
    ['I work hybrid, 2 days in the office', /^The user works hybrid$/],
    ['lactose intolerant so no milky coffees for me', /lactose intolerant/],
    ['Mostly plant-based these days, vegan at home', /plant-based/],
    ['Got an allotment last spring, growing way too many courgettes', /^The user has an allotment/],
    ['Please keep your answers short, I read these on my phone', /^The user prefers short answers$/],
  ])('%s', (say, fact) => {
    expect(texts(say)).toEqual(some(fact));
  });

  it.each([
    ['My brother is doing a PhD in physics', /PhD/],
    ['If I started a pottery class, would I need my own clay?', /pottery/],
    ["my friend's car is a Tesla", /Tesla/],
    ['For my report, use bullet points', /bullet/],
    ["I've played it since the demo came out", /plays it/],
  ])('keeps nothing of someone else, a what-if or a text at hand: %s', (say, fact) => {
    expect(texts(say)).toEqual(none(fact));
  });
});
