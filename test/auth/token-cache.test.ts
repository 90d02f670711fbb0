import fc from 'fast-check';
import { TokenCache } from '../../src/http/auth/token-cache';

describe('TokenCache', () => {
  test('when many tokens are added, then the size never exceeds the bound and live entries are found until expiry', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.array(fc.integer({ min: 1, max: 100 }), { maxLength: 300 }),
        (max, ttls) => {
          let t = 0;
          const cache = new TokenCache(max, () => t);
          ttls.forEach((ttl, i) => {
            const key = TokenCache.keyOf(`token-${i}`);
            cache.set(key, { sub: `s${i}`, level: 'system' }, t + ttl);
            expect(cache.size).toBeLessThanOrEqual(max);
            expect(cache.get(key)?.principal.sub).toBe(`s${i}`);
            t += 1;
          });
        },
      ),
    );
  });

  test('when an entry reaches its expiry, then it is gone', () => {
    let t = 1000;
    const cache = new TokenCache(10, () => t);
    const key = TokenCache.keyOf('abc');
    cache.set(key, { sub: 'x', level: 'system' }, 2000);
    t = 1999;
    expect(cache.get(key)).toBeDefined();
    t = 2000;
    expect(cache.get(key)).toBeUndefined();
  });

  test('when keyed, then the token itself is not the key', () => {
    expect(TokenCache.keyOf('a.b.c')).not.toContain('a.b.c');
    expect(TokenCache.keyOf('a.b.c')).toBe(TokenCache.keyOf('a.b.c'));
  });
});
