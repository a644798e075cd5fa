import { pairKey, type Prediction } from '../../../model/index.js';
import { type FeatureSpec, OUT_HEDGES, OUT_NEG, count, log1p } from './spec.js';

/** Recorded outputs per system and pair (`system \u0001 pairKey`); predictions of the preferred round win. */
export function indexVotes(predictions: readonly Prediction[], systemList: readonly string[], round: string | undefined): Map<string, Prediction> {
  const votes = new Map<string, Prediction>();
  const systems = new Set(systemList);
  for (const pr of predictions) {
    if (!systems.has(pr.system)) continue;
    const k = `${pr.system}\u0001${pairKey(pr)}`;
    const prev = votes.get(k);
    if (!prev || round === undefined || pr.round === round || prev.round !== round) votes.set(k, pr);
  }
  return votes;
}

export function llmScalars(spec: FeatureSpec, votes: ReadonlyMap<string, Prediction>, key: string): number[] {
  const s: number[] = [];
  let yes = 0;
  let present = 0;
  for (const sys of spec.systems) {
    const v = votes.get(`${sys}\u0001${key}`);
    s.push(v ? (v.relevant ? 1 : -1) : 0, v ? 0 : 1);
    if (spec.scoredSystems.includes(sys)) s.push(v?.score ?? 0);
    const out = v?.output ?? '';
    s.push(log1p(out ? out.split(/\s+/).length : 0), count(OUT_HEDGES, out), count(OUT_NEG, out));
    if (v) {
      present++;
      if (v.relevant) yes++;
    }
  }
  s.push(present ? yes / present : 0, present && (yes === 0 || yes === present) ? 1 : 0);
  return s;
}
