/** Prints the offline extractor's recall and junk on the self-written corpus: `npx tsx test/extract/corpus-report.ts`. */
import { scoreCorpus } from './corpus-score.js';

const s = scoreCorpus();
for (const m of s.missed) console.log(`MISS ${JSON.stringify(m.say)}\n   want ${m.want}\n   got  ${JSON.stringify(m.got)}`);
for (const j of s.junkItems) console.log(`JUNK ${JSON.stringify(j.say)} -> ${j.got}`);
console.log(`recall ${s.found}/${s.expected} = ${s.recall.toFixed(3)}; junk ${s.junk} of ${s.outputs} attributes`);
