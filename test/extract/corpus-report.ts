/** Prints the offline extractor's recall and junk on the self-written corpus: `npx tsx test/extract/corpus-report.ts`. */
import { HEAR_HELD_OUT } from './corpus.js';
import { scoreCorpus } from './corpus-score.js';

const s = scoreCorpus();
for (const m of s.missed) console.log(`MISS ${JSON.stringify(m.say)}\n   want ${m.want}\n   got  ${JSON.stringify(m.got)}`);
for (const j of s.junkItems) console.log(`JUNK ${JSON.stringify(j.say)} -> ${j.got}`);
console.log(`recall ${s.found}/${s.expected} = ${s.recall.toFixed(3)}; junk ${s.junk} of ${s.outputs} attributes`);
const h = scoreCorpus(undefined, HEAR_HELD_OUT);
for (const m of h.missed) console.log(`MISS (held out) ${JSON.stringify(m.say)} -> ${JSON.stringify(m.got)}`);
console.log(`held out (written after the rules, untuned): recall ${h.found}/${h.expected} = ${h.recall.toFixed(3)}`);
