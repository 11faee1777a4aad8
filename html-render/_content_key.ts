// Copyright 2026 the wirekit authors. MIT license.
// Cache keys from content (fonts, images): two different inputs must not
// share a cache entry by accident, so 64 bits of hash plus the length.

/**
 * A cache key for bytes from their content: length and two 32-bit hashes
 * (FNV-1a and a second multiplier) over every byte.
 */
export function contentKey(b: Uint8Array): string {
  let h1 = 0x811c9dc5, h2 = 0x2545f491;
  for (let i = 0; i < b.length; i++) {
    h1 = Math.imul(h1 ^ b[i], 0x01000193);
    h2 = Math.imul(h2 ^ b[i], 0x5bd1e995);
  }
  return `${b.length}:${(h1 >>> 0).toString(16)}:${(h2 >>> 0).toString(16)}`;
}
