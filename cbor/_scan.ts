// Copyright 2026 the wirekit authors. MIT license.
// Fast pre-pass for decodeCbor(): walks the heads of one data item without
// building values and answers "cbor-x decodes this exactly as wirekit's own
// decoder would". It returns -1 for anything else (not well-formed, over a
// limit, tags, simple values, 64-bit integers, indefinite strings, non-text
// map keys in object mode, "__proto__" keys, text strings that start with a
// BOM), and decodeCbor() then runs _decode.ts, which throws the precise error
// or builds the value. Iterative with a fixed stack: no recursion, no
// allocation per call once the stack is big enough.

let remStack = new Float64Array(64); // items left in a definite container
let cntStack = new Float64Array(64); // items seen (key/value parity of maps)
let kindStack = new Uint8Array(64); // 0 array, 1 map, 2 indefinite array, 3 indefinite map

/**
 * Returns the end offset of the single item at `pos` when cbor-x may decode
 * it, or -1 to send it through the strict decoder.
 */
export function scanPlain(
  b: Uint8Array,
  pos: number,
  end: number,
  maxDepth: number,
  maxItems: number,
  maxStringBytes: number,
  textKeysOnly: boolean,
): number {
  if (remStack.length < maxDepth + 2) {
    remStack = new Float64Array(maxDepth + 2);
    cntStack = new Float64Array(maxDepth + 2);
    kindStack = new Uint8Array(maxDepth + 2);
  }
  const rem = remStack;
  const cnt = cntStack;
  const kind = kindStack;
  let d = 0;
  for (;;) {
    if (pos >= end) return -1;
    const ib = b[pos++];
    const major = ib >> 5;
    let ai = ib & 31;
    if (ib === 0xff) {
      // break: only in an indefinite container, and never after a map key
      if (d === 0 || kind[d] < 2 || (kind[d] === 3 && (cnt[d] & 1) === 1)) return -1;
      d--;
    } else {
      if (textKeysOnly && d > 0 && (kind[d] & 1) === 1 && (cnt[d] & 1) === 0 && major !== 3) {
        return -1;
      }
      if (ai >= 24) {
        if (ai === 24) {
          if (pos >= end) return -1;
          ai = b[pos++];
        } else if (ai === 25) {
          if (major === 7) {
            pos += 2;
            ai = -1;
          } else {
            if (pos + 2 > end) return -1;
            ai = (b[pos] << 8) | b[pos + 1];
            pos += 2;
          }
        } else if (ai === 26) {
          if (major === 7) {
            pos += 4;
            ai = -1;
          } else {
            if (pos + 4 > end) return -1;
            ai = ((b[pos] << 24) >>> 0) + ((b[pos + 1] << 16) | (b[pos + 2] << 8) | b[pos + 3]);
            pos += 4;
          }
        } else if (ai === 27 && major === 7) {
          pos += 8;
          ai = -1;
        } else if (ai === 27 && major < 2) {
          // cbor-x (int64AsNumber) is exact while the value stays below 2^53-1
          if (pos + 8 > end || b[pos] !== 0 || b[pos + 1] >= 0x20) return -1;
          if (b[pos + 1] === 0x1f && b[pos + 2] === 0xff && b[pos + 3] === 0xff) return -1;
          pos += 8;
          ai = -1;
        } else if (ai === 31) {
          if (major === 4 || major === 5) {
            if (++d > maxDepth) return -1;
            kind[d] = major === 4 ? 2 : 3;
            cnt[d] = 0;
            continue;
          }
          return -1; // indefinite strings go to the strict decoder; others are errors
        } else return -1; // 64-bit argument, or reserved 28..30
        if (pos > end) return -1;
      }
      switch (major) {
        case 0:
        case 1:
          break;
        case 2:
          if (ai > maxStringBytes || ai > end - pos) return -1;
          pos += ai;
          break;
        case 3:
          if (ai > maxStringBytes || ai > end - pos) return -1;
          if (ai === 9 && d > 0 && (kind[d] & 1) === 1 && (cnt[d] & 1) === 0 && b[pos] === 0x5f) {
            // "__proto__" as an object key
            if (b[pos + 1] === 0x5f && b[pos + 2] === 0x70 && b[pos + 8] === 0x5f) return -1;
          }
          if (ai > 64 && b[pos] === 0xef && b[pos + 1] === 0xbb && b[pos + 2] === 0xbf) return -1;
          pos += ai;
          break;
        case 4:
        case 5:
          if (ai > maxItems || ai > end - pos) return -1;
          if (ai > 0) {
            if (++d > maxDepth) return -1;
            kind[d] = major === 4 ? 0 : 1;
            rem[d] = major === 4 ? ai : ai * 2;
            cnt[d] = 0;
            continue;
          }
          break;
        case 6:
          return -1;
        default:
          // false, true, null, undefined and floats only
          if (ai !== -1 && (ai < 20 || ai > 23)) return -1;
      }
    }
    // one item finished: account for it in the enclosing containers
    for (;;) {
      if (d === 0) return pos;
      if (kind[d] < 2) {
        if (--rem[d] === 0) {
          d--;
          continue;
        }
        cnt[d]++;
      } else {
        if (++cnt[d] > maxItems * (kind[d] === 3 ? 2 : 1)) return -1;
      }
      break;
    }
  }
}
