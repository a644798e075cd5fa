/**
 * Self-written examples (written for the project, no user's data) of attributes in each sensitive category
 * and of ordinary attributes, from which the sensitive classifier is built at run time. Tests score it on a
 * separate held-out list of paraphrases (test/extract/sensitive-heldout.ts), none of which is here.
 */
import type { SensitiveCategory } from './sensitive.js';

/**
 * Immigration status is read by keyword only: its examples (visas, decisions, status changes) pulled ordinary
 * changes such as "has stopped running" into the category.
 */
export const SENSITIVE_EXAMPLES: Record<Exclude<SensitiveCategory, 'immigration_status'>, string[]> = {
  health: [
    'The user has multiple sclerosis', 'The user is undergoing chemotherapy', 'The user has rheumatoid arthritis',
    'The user is in recovery from alcohol addiction', 'The user goes to Narcotics Anonymous meetings', 'The user takes antidepressants',
    'The user has been diagnosed with bipolar disorder', 'The user has Crohn\'s disease', 'The user is HIV positive',
    'The user had a heart attack last year', 'The user sees a psychiatrist', 'The user has fibromyalgia',
    'The user is recovering from breast cancer', 'The user has an autoimmune disease', 'The user is on dialysis',
    'The user has chronic fatigue syndrome', 'The user has type 1 diabetes', 'The user struggles with panic attacks',
    'The user has a kidney condition', 'The user is going through radiation treatment', 'The user has epilepsy',
    'The user is in therapy for trauma', 'The user has Parkinson\'s', 'The user uses an insulin pump',
  ],
  religion: [
    'The user is a practising Catholic', 'The user attends Mass every Sunday', 'The user is a Latter-day Saint',
    'The user is a Shia Muslim', 'The user fasts during Ramadan', 'The user goes to synagogue on Saturdays',
    'The user is an evangelical Christian', 'The user is a Sikh', 'The user observes the Sabbath',
    'The user is a Quaker', 'The user belongs to a Baptist congregation', 'The user is Orthodox Jewish',
    'The user prays five times a day', 'The user is a Seventh-day Adventist', 'The user is a practising Hindu',
    'The user is a Zen Buddhist', 'The user converted to Islam', 'The user is a Pentecostal', 'The user is a Jain',
    'The user reads the Bible every morning', 'The user is Greek Orthodox', 'The user wears a hijab for religious reasons',
  ],
  ethnicity: [
    'The user is African American', 'The user is of Korean descent', 'The user is Native American',
    'The user is of Nigerian heritage', 'The user is mixed race', 'The user is Latino', 'The user is Romani',
    'The user is of South Asian descent', 'The user is Aboriginal Australian', 'The user is Black British',
    'The user\'s family is of Mexican heritage', 'The user is Han Chinese', 'The user is Arab American',
    'The user is of Irish and Jamaican descent', 'The user is Indigenous', 'The user is Pacific Islander',
  ],
  sexual_orientation: [
    'The user is gay', 'The user is a lesbian', 'The user is bisexual', 'The user has a same-sex partner',
    'The user is attracted to women', 'The user is queer', 'The user came out last year', 'The user is pansexual',
    'The user is in a relationship with another man', 'The user is asexual', 'The user is a trans woman',
    'The user is attracted to both men and women', 'The user is married to a woman and is a woman herself',
    'The user dates men', 'The user is non-binary',
  ],
  politics: [
    'The user votes Labour', 'The user is a registered Republican', 'The user is a member of the Democratic Party',
    'The user supports the Conservatives', 'The user is a socialist', 'The user campaigns for the Liberal Democrats',
    'The user is a libertarian', 'The user voted for Brexit', 'The user is a member of a trade union',
    'The user is a committed environmentalist activist in a political party', 'The user is a communist',
    'The user volunteers for a political campaign', 'The user is a Tory voter', 'The user is left-wing',
    'The user supports the Social Democrats', 'The user is an anarchist',
  ],
  sex_life: [
    'The user works as an escort', 'The user is in an open relationship', 'The user is polyamorous',
    'The user is into BDSM', 'The user has a lot of casual hookups', 'The user works in the adult film industry',
    'The user is a stripper', 'The user has a foot fetish', 'The user is celibate', 'The user uses dating apps for hookups',
    'The user does webcam modelling', 'The user is a swinger',
  ],
  criminal_record: [
    'The user has a felony conviction', 'The user served time in prison', 'The user is on parole',
    'The user was convicted of a DUI', 'The user is on probation', 'The user has a prior conviction for theft',
    'The user was arrested last year', 'The user is awaiting trial', 'The user did two years in jail',
    'The user is a former inmate', 'The user has a criminal conviction', 'The user is on the sex offender register',
  ],
};

/** Ordinary attributes, including near neighbours of the categories (food, doctors as a job, travel). */
export const ORDINARY_EXAMPLES: string[] = [
  'The user is vegetarian', 'The user likes spicy food', 'The user works as a nurse', 'The user is a doctor',
  'The user lives in Berlin', 'The user has two cats', 'The user loves hiking', 'The user prefers short answers',
  'The user is learning Spanish', 'The user plays the guitar', 'The user has a dog named Biscuit', 'The user drives a Honda',
  'The user writes Go at work', 'The user is allergic to peanuts', 'The user has a budget of 800 dollars',
  'The user is going to Japan in April', 'The user enjoys bouldering', 'The user has three kids', 'The user is married',
  'The user works night shifts', 'The user runs marathons', 'The user likes jazz', 'The user reads science fiction',
  'The user is a teacher', 'The user is a software engineer', 'The user has a wife', 'The user likes the Green Bay Packers',
  'The user is a student', 'The user cooks Italian food', 'The user prefers dark mode', 'The user gardens on weekends',
  'The user is a night owl', 'The user likes political thrillers', 'The user watches crime documentaries',
  'The user volunteers at a food bank', 'The user goes to the gym three times a week', 'The user likes Christmas markets',
  'The user drinks black coffee', 'The user likes church architecture', 'The user is training for a half marathon',
  'The user follows a keto diet', 'The user has a home office', 'The user likes board games', 'The user is 34 years old',
  'The user works at a bank', 'The user prefers metric units', 'The user studies history', 'The user likes Korean food',
  'The user is a lawyer', 'The user supports Liverpool FC', 'The user follows the Boston Red Sox', 'The user lives in Manchester',
  'The user lives near Lyon', 'The user grew up in Ohio', 'The user likes soul music', 'The user likes choir music', 'The user works in a hospital pharmacy',
  // fields of work ("works in X" sat near "works in the adult film industry")
  'The user works in marketing', 'The user works in sales', 'The user works in logistics', 'The user works in IT', 'The user works in insurance', 'The user likes true crime podcasts',
  // exercise classes and money are not health ("does pilates" sat near the health examples)
  'The user does pilates twice a week', 'The user does yoga on weekends', 'The user takes spin classes', 'The user is on a tight budget',
  // colours and favourites are not ethnicity ("favourite colour" sat near "is Black British")
  'The user\'s favorite color is navy blue', 'The user likes bright colours in their home', 'The user\'s favourite season is autumn',
  'The user prefers warm paint colours', 'The user\'s favorite flower is the tulip',
  // not drinking is a habit, not a health fact ("does not drink" sat near "is in recovery from alcohol addiction")
  'The user does not drink alcohol', 'The user does not drink', 'The user never drinks alcohol', 'The user does not drink coffee',
  // papers are read by keyword (immigration status), not by meaning
  'The user is on a work visa', 'The user is on a student visa',
  // a food allergy is a diet, not a health record (it is used for meals like "vegetarian")
  'The user has a severe peanut allergy', 'The user has a shellfish allergy', 'The user carries an EpiPen for a nut allergy',
  'The user has a nut allergy',
  // languages learnt are skills, not ethnicity ("learns Spanish" sat near "is Latino")
  'The user learns Spanish', 'The user is learning Japanese', 'The user takes French lessons', 'The user speaks some Portuguese',
  'The user switched from Spanish to German', 'The user moved on to Korean', 'The user started Italian classes',
  // a relationship ending, a sport given up and a trip wished for are life events, not health or sex life
  'The user is no longer with their boyfriend', 'The user broke up with their partner', 'The user is single',
  'The user has stopped cycling', 'The user no longer plays football', 'The user swims laps', 'The user would like a weekend away',
  'The user wants a quiet holiday',
  // a food disliked is a taste, not a people ("hates coriander" sat near the ethnicity examples)
  'The user hates mushrooms', 'The user dislikes olives', 'The user cannot stand blue cheese', 'The user hates raw onion',
  'The user dislikes parsley', 'The user cannot stand dill', 'The user hates fresh herbs in salads', 'The user avoids garlic',
  // a home airport is travel, not a people ("flies from Dublin" sat near "is of Irish descent")
  'The user usually flies from Heathrow', 'The user flies out of Denver',
  // a home country or town is where someone is from, not their ethnic origin ("is from India" sat near "is of Indian descent")
  'The user is from Brazil', 'The user is originally from Poland', 'The user grew up in Lagos', 'The user moved here from Vietnam',
  'The user is from Mexico City', 'The user was born in Egypt', 'The user is from Japan', 'The user is from Nigeria', 'The user is from the Philippines',
  'The user is from Pakistan', 'The user is picking up some Mandarin',
  // tastes in films and TV, clubs and food left out are everyday ("cannot stand horror movies" sat near health, "wants no eggs" near sexual orientation)
  'The user hates slasher films', 'The user dislikes reality TV', 'The user plays in a chess club',
  'The user wants no onions in their food', 'The user does not want mushrooms',
  // a pet or relative who died is a life event ("The user's Milo died" sat near sexual orientation by the name alone)
  'The user\'s old dog Max died', 'The user\'s Coco died', 'The user\'s grandfather passed away',
  // law as a job is work, not a record ("is a solicitor in Dublin" sat near the criminal-record examples)
  'The user is a solicitor', 'The user is a solicitor in Bristol', 'The user works in property law', 'The user is a barrister',
  'The user does conveyancing', 'The user works in family law', 'The user is a legal secretary',
  // a new partner named is a relationship, not the faith a name may suggest ("is seeing someone named Aisha" sat near religion)
  'The user is seeing someone named Fatima', 'The user is dating someone called Yusuf', 'The user has started seeing someone',
  'The user is seeing someone named Priya', 'The user has a new boyfriend called Mohammed',
  // working for oneself is a way of working ("is a self employed hairdresser" sat near the sex-life examples)
  'The user is a self-employed plumber', 'The user is self employed', 'The user is a freelance graphic designer', 'The user runs their own cleaning business',
];
