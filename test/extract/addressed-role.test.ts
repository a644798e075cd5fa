import { describe, expect, it } from 'vitest';
import { none, some, texts } from '../support/extract.js';

// Self-written: a role said to the assistant is no fact about the user; a role the user gives themselves still is
describe('a role said to the assistant', () => {
  it.each([
    ['Nurse, how do I dress a wound?', /nurse/i],
    ['Doctor, is this rash serious?', /doctor/i],
    ['As a chef, how would you plate this?', /chef/i],
    ["As a lawyer, you'd know this: can my landlord keep the deposit?", /lawyer/i],
  ])('%s', (say, role) => {
    expect(texts(say)).toEqual(none(role));
  });

  it.each([
    ['nurse here, how do I deal with night shifts?', /is a nurse/],
    ['Nurse, 34, living in Leeds', /is a nurse/],
    ['As a nurse, how do I survive nights?', /is a nurse/],
    ['As a teacher, I need quick marking tips', /is a teacher/],
  ])('keeps the user\'s own role: %s', (say, role) => {
    expect(texts(say)).toEqual(some(role));
  });
});
