/**
 * The API's per-key and per-address buckets: a full bucket is the same as none, so the map keeps only keys that
 * used tokens lately. Without pruning, key-guessing from ever new addresses (an IPv6 /64 has 2^64) grew it for
 * as long as the server ran.
 */
import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/server/api/rate-limit.js';

describe('RateLimiter', () => {
  it('limits one key as before', () => {
    let t = 0;
    const rl = new RateLimiter({ perSecond: 5, burst: 2 }, () => t);
    expect([rl.take('a'), rl.take('a'), rl.take('a')]).toEqual([0, 0, 1]);
    t += 200;
    expect(rl.take('a')).toBe(0);
    expect(rl.take('b')).toBe(0);
  });

  it('200,000 one-off addresses over half an hour leave a bounded number of buckets', () => {
    let t = 0;
    const rl = new RateLimiter({ perSecond: 5, burst: 20 }, () => t);
    for (let i = 0; i < 200_000; i++) {
      rl.take(`ip:2001:db8::${i.toString(16)}`);
      t += 10; // 100 new addresses a second
    }
    // A bucket refills in 4 s: about 400 addresses are recent at any time; the map may hold a sweep's worth more.
    expect(rl.size).toBeLessThan(12_000);
  });
});
