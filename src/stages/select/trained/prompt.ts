import { cosine } from '../../../embed/embedder.js';
import { REQUEST_TYPES, REQUEST_TYPE_PROTOTYPES, count, log1p } from './spec.js';

export function rowMatrix(vectors: readonly Float32Array[]): Float64Array {
  const d = vectors[0]?.length ?? 0;
  const m = new Float64Array(vectors.length * d);
  vectors.forEach((v, i) => m.set(v, i * d));
  return m;
}

export function sqNorm(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  return s;
}

/** Index of the first value greater than x in an ascending array. */
export function upperBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export function requestTypeCentroids(vec: ReadonlyMap<string, Float32Array>, dim: number): Float32Array[] {
  return REQUEST_TYPES.map((t) => {
    const vs = REQUEST_TYPE_PROTOTYPES[t]!.map((s) => vec.get(s)!);
    const c = new Float32Array(dim);
    for (const v of vs) for (let j = 0; j < c.length; j++) c[j]! += v[j]! / vs.length;
    return c;
  });
}

export function promptScalars(raw: string, pv: Float32Array, centroids: readonly Float32Array[]): number[] {
  return [
    log1p(raw.length),
    ...centroids.map((c) => cosine(pv, c)),
    /```|[{};]\s*$|\b(def|function|var|const|class|import|npm|python|java|sql|html|css|api|code|compile|error)\b/im.test(raw) ? 1 : 0,
    /\$[^$]+\$|\\[a-z]+\{|\d\s*[+\-*/^=]\s*\d|\b(prime|equation|integral|matrix|matrices|calculate|probability)\b/i.test(raw) ? 1 : 0,
    /\b(write|compose|create|draft|invent)\b[^.?!]{0,40}\b(story|poem|letter|essay|song|lyrics|mystery|script|dialogue|tale|speech)\b/i.test(raw) ? 1 : 0,
    /\bhow (to|do i|can i|should i)\b/i.test(raw) ? 1 : 0,
    /\bshould i\b/i.test(raw) ? 1 : 0,
    log1p(count(/\b(i|my|me|i'm|i've|mine)\b/gi, raw)),
  ];
}
