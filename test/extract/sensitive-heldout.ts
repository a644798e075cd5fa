/** Held-out paraphrases (self-written, none in src/stages/extract/sensitive-examples.ts) for the sensitive classifier. */
import type { SensitiveCategory } from '../../src/stages/extract/sensitive.js';

export const HELD_OUT: [string, SensitiveCategory][] = [
  ['The user has lupus', 'health'], ['The user is going through chemo', 'health'], ['The user goes to AA meetings', 'health'],
  ['The user has MS and uses a cane', 'health'], ['The user takes lithium', 'health'], ['The user had a stroke in 2021', 'health'],
  ['The user is a recovering gambler', 'health'], ['The user gets dialysis three times a week', 'health'],
  ["The user is a Jehovah's Witness", 'religion'], ['The user is Sunni', 'religion'], ['The user goes to Friday prayers', 'religion'],
  ['The user is a Mormon missionary', 'religion'], ['The user keeps the Sabbath holy', 'religion'], ['The user is a devout Anglican', 'religion'],
  ['The user is into men', 'sexual_orientation'], ['The user has a boyfriend and is a man', 'sexual_orientation'],
  ['The user is into women and men', 'sexual_orientation'], ['The user is a gay man', 'sexual_orientation'],
  ['The user is a Green Party member', 'politics'], ['The user votes for the Greens', 'politics'], ['The user is a Democrat', 'politics'],
  ['The user canvasses for the Labour party', 'politics'],
  ['The user does sex work', 'sex_life'], ['The user is a sex worker', 'sex_life'], ['The user has an OnlyFans', 'sex_life'],
  ['The user has a criminal record', 'criminal_record'], ['The user was in prison for five years', 'criminal_record'],
  ['The user is an ex-convict', 'criminal_record'], ['The user was convicted of fraud', 'criminal_record'],
  ['The user is of Vietnamese descent', 'ethnicity'], ['The user is Black', 'ethnicity'], ['The user is Hispanic', 'ethnicity'],
];

export const ORDINARY_HELD_OUT: string[] = [
  'The user is from Ghana', 'The user is originally from Peru', 'The user is a wedding photographer', 'The user loathes zombie films',
  "The user's tortoise Shelly died", 'The user goes to book club on Mondays',
  'The user likes hiking in the Alps', 'The user is a nurse', 'The user works as a pharmacist', 'The user lives in Leeds',
  'The user has a cat named Pepper', 'The user writes Python at work', 'The user is allergic to shellfish', 'The user is vegan',
  'The user can spend about $800 on a laptop', 'The user is flying to Lisbon in May', 'The user has gotten into bouldering',
  'The user likes Radiohead', 'The user has two daughters', 'The user prefers bullet points', 'The user drives an electric car',
  'The user works weekends', 'The user speaks German', 'The user teaches maths', 'The user bakes sourdough',
  'The user plays chess online', 'The user likes courtroom dramas', 'The user likes green tea', 'The user supports Arsenal',
  'The user is a software developer', 'The user has a garden', 'The user likes political podcasts', 'The user watches prison dramas',
  'The user likes gospel music', 'The user is a fan of Prince', 'The user likes Indian food',
];
