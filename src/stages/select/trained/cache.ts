import { type Prediction, type Profile } from '../../../model/index.js';
import type { SelectionPair } from '../selector.js';
import { type PendingProfile, type ProfileFeatures, profileOfPairs } from './profile.js';
import { type FeatureSpec } from './spec.js';
import { indexVotes } from './votes.js';

type AttributeSnapshot = readonly [text: string, confidence: number | undefined, members: number];
const snapshot = (attrs: Profile['attributes']): AttributeSnapshot[] => attrs.map((a) => [a.text, a.confidence, a.members.length]);
function sameAttributes(s: readonly AttributeSnapshot[], attrs: Profile['attributes']): boolean {
  if (s.length !== attrs.length) return false;
  for (let i = 0; i < s.length; i++) {
    const [text, confidence, members] = s[i]!;
    const a = attrs[i]!;
    if (a.text !== text || a.confidence !== confidence || a.members.length !== members) return false;
  }
  return true;
}

/**
 * What {@link computePairRows} can keep between calls: the request-type centroids, each profile's
 * prompt-independent features (least recently used dropped past `maxProfiles`) and the index of the recorded
 * votes (rebuilt when another predictions array, round or system list is given; the array is not copied, so
 * do not change it while a cache holds it). A selector that scores one prompt at a time against the same
 * profiles keeps one.
 */
export class FeatureCache {
  private readonly profiles = new Map<string, ProfileFeatures>();
  private readonly byObject = new WeakMap<Profile, { embedder: string; attributes: AttributeSnapshot[]; features: ProfileFeatures }>();
  private readonly centroidsById = new Map<string, Float32Array[]>();
  private lastVotes?: { predictions: readonly Prediction[]; key: string; votes: Map<string, Prediction> };

  constructor(private readonly maxProfiles = 256) {}

  /**
   * The cached features of a user's profile, or what is needed to compute them. When every pair carries the
   * same profile object, that object is the key (checked against the attributes it had, so an edited profile
   * is computed again); otherwise the profile's texts, confidences and member counts are.
   */
  lookup(spec: FeatureSpec, group: readonly SelectionPair[]): ProfileFeatures | PendingProfile {
    const first = group[0]!.profile;
    const known = first && this.byObject.get(first);
    if (known && known.embedder === spec.embedder && (!spec.phrase || known.features.keyVectors) && sameAttributes(known.attributes, first.attributes) && group.every((p) => p.profile === first && known.features.index.has(p.attribute))) {
      return known.features;
    }
    const pending = profileOfPairs(spec, group);
    const hit = this.profiles.get(pending.key);
    if (!hit) return pending;
    this.profiles.delete(pending.key);
    this.profiles.set(pending.key, hit);
    return this.remember(spec, pending, hit);
  }

  store(spec: FeatureSpec, pending: PendingProfile, features: ProfileFeatures): ProfileFeatures {
    this.profiles.set(pending.key, features);
    while (this.profiles.size > this.maxProfiles) this.profiles.delete(this.profiles.keys().next().value as string);
    return this.remember(spec, pending, features);
  }

  private remember(spec: FeatureSpec, pending: PendingProfile, features: ProfileFeatures): ProfileFeatures {
    if (pending.sole) this.byObject.set(pending.sole, { embedder: spec.embedder, attributes: snapshot(pending.sole.attributes), features });
    return features;
  }

  centroids(embedderId: string): Float32Array[] | undefined {
    return this.centroidsById.get(embedderId);
  }

  setCentroids(embedderId: string, c: Float32Array[]): Float32Array[] {
    this.centroidsById.set(embedderId, c);
    return c;
  }

  votes(predictions: readonly Prediction[], systems: readonly string[], round: string | undefined): Map<string, Prediction> {
    const key = `${round ?? ''}\u0001${systems.join('\u0001')}`;
    if (this.lastVotes?.predictions !== predictions || this.lastVotes.key !== key) {
      this.lastVotes = { predictions, key, votes: indexVotes(predictions, systems, round) };
    }
    return this.lastVotes.votes;
  }
}
