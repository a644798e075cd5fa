/**
 * The arithmetic of the LoCoMo evidence-recall evaluation (src/eval/locomo.ts), apart from the run so it can be
 * checked by hand: how much of a question's gold evidence (LoCoMo dia_ids, "D3:12") the turns behind what a
 * method returned cover, at turn level and at session level, and the means over questions.
 */
import { parseDiaId } from '../data/locomo.js';

export interface Coverage {
  /** Share of the gold evidence turns among the covered turns. */
  turn: number;
  /** Share of the gold evidence's sessions that hold a covered turn. */
  session: number;
}

const sessionOf = (id: string): number | undefined => parseDiaId(id)?.session;

/** Coverage of one question's gold evidence by the covered turns; undefined when there is no gold evidence. */
export function coverage(gold: readonly string[], covered: Iterable<string>): Coverage | undefined {
  const goldTurns = new Set(gold);
  if (goldTurns.size === 0) return undefined;
  const hit = new Set(covered);
  const goldSessions = new Set([...goldTurns].map(sessionOf).filter((s): s is number => s !== undefined));
  const hitSessions = new Set([...hit].map(sessionOf));
  let turns = 0;
  for (const t of goldTurns) if (hit.has(t)) turns++;
  let sessions = 0;
  for (const s of goldSessions) if (hitSessions.has(s)) sessions++;
  return { turn: turns / goldTurns.size, session: goldSessions.size ? sessions / goldSessions.size : 0 };
}

/** The turns behind a list of returned items (attribute ids, or dia_ids for raw turns), through `evidence`. */
export function coveredTurns(items: readonly string[], evidence: ReadonlyMap<string, readonly string[]>): Set<string> {
  const out = new Set<string>();
  for (const id of items) for (const t of evidence.get(id) ?? []) out.add(t);
  return out;
}

/** Running means of coverage over questions. */
export class CoverageMean {
  private n = 0;
  private turn = 0;
  private session = 0;

  add(c: Coverage | undefined): void {
    if (!c) return;
    this.n++;
    this.turn += c.turn;
    this.session += c.session;
  }

  get questions(): number {
    return this.n;
  }

  mean(): Coverage {
    return this.n ? { turn: round(this.turn / this.n), session: round(this.session / this.n) } : { turn: 0, session: 0 };
  }
}

/** A share: `hits` of `of` (0 when `of` is 0). */
export function share(hits: number, of: number): number {
  return of ? round(hits / of) : 0;
}

export const round = (x: number): number => Math.round(x * 1000) / 1000;
