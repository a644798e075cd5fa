import { InvalidArgumentError } from '../model/errors.js';
import type { Command } from 'commander';
import { formatTrainReport, runTrainSelect } from '../eval/train-select.js';
import { defaultEmbedder } from '../embed/default.js';
import { writeModelFile } from '../learn/model-file.js';
import type { CvGroup, ModelKind } from '../stages/select/trained/train.js';
import type { FeatureSet } from '../stages/select/trained/features.js';
import { collect, load, stagedProgress } from './common.js';
import { group } from './commands.js';

export function registerTrain(program: Command): void {
  const train = group(program, 'train');

  train
    .command('select')
    .description('train a stage-2 relevance selector on the human-majority labels; prints nested cross-validated figures and writes the model fitted on all pairs')
    .requiredOption('--data <dir>', 'dataset directory with relevance labels')
    .requiredOption('--out <file>', 'model file to write (JSON)')
    .option('--features <set>', 'offline | offline+llm (adds recorded LLM votes and reasoning)', 'offline')
    .option('--group <unit>', 'what must be unseen in CV: prompt | user', 'prompt')
    .option('--round <name>', 'round of labels to train on and score (default: the largest)')
    .option('--also-train-on <rounds>', 'further rounds used as training rows only (comma-separated)', collect)
    .option('--phrase', 'add phrase-level matching features (prompt sentences against attribute key phrases)')
    .option('--cut <rule>', 'threshold (one calibrated-probability cut) | expected-count (per user and prompt: the k best, k = round(scale x sum of probabilities))', 'threshold')
    .option('--model <kind>', 'logistic | mlp | auto (inner CV chooses among both)', 'logistic')
    .option('--folds <k>', 'outer folds', (v) => Number(v), 5)
    .option('--seed <n>', 'seed for folds, initialisation and bootstrap', (v) => Number(v), 42)
    .option('--format <name>', 'dataset layout, when detection is not wanted')
    .option('--json', 'print JSON')
    .action(async (o: { data: string; out: string; features: string; group: string; round?: string; alsoTrainOn?: string[]; model: string; phrase?: boolean; cut: string; folds: number; seed: number; format?: string; json?: boolean }) => {
      if (o.features !== 'offline' && o.features !== 'offline+llm') throw new InvalidArgumentError('--features', `must be offline or offline+llm, got "${o.features}"`, o.features);
      if (o.group !== 'prompt' && o.group !== 'user') throw new InvalidArgumentError('--group', `must be prompt or user, got "${o.group}"`, o.group);
      if (!['logistic', 'mlp', 'auto'].includes(o.model)) throw new InvalidArgumentError('--model', `must be logistic, mlp or auto, got "${o.model}"`, o.model);
      if (o.cut !== 'threshold' && o.cut !== 'expected-count') throw new InvalidArgumentError('--cut', `must be threshold or expected-count, got "${o.cut}"`, o.cut);
      const ds = load(o.data, o.format);
      const { result, report } = await runTrainSelect(ds, {
        features: o.features as FeatureSet, group: o.group as CvGroup, model: o.model as ModelKind, cut: o.cut, ...(o.phrase ? { phrase: true } : {}), outerFolds: o.folds, seed: o.seed,
        embedder: defaultEmbedder(), ...(o.round !== undefined ? { round: o.round } : {}), ...(o.alsoTrainOn ? { extraRounds: o.alsoTrainOn } : {}),
        onProgress: stagedProgress('train select'),
      });
      writeModelFile(o.out, result.model!);
      if (o.json) console.log(JSON.stringify({ ...report, out: o.out }, null, 2));
      else console.log(`${formatTrainReport(report)}\nmodel: ${o.out}`);
    });
}
