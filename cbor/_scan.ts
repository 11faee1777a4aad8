// Copyright 2026 the wirekit authors. MIT license.
// Fast pre-pass for decodeCbor(): walks the heads of one data item without
// building values and answers "cbor-x decodes this exactly as wirekit's own
// decoder would". It returns -1 for anything else (not well-formed, over a
// limit, tags, simple values, integers beyond 2^53-1, indefinite-length
// strings, non-text map keys in object mode, "__proto__" keys, long text
// strings that start with a BOM, which cbor-x's TextDecoder would drop), and
// decodeCbor() then runs _decode.ts, which throws the precise error or
// builds the value. Recursion is bounded by maxDepth (itself capped).

let B: Uint8Array = new Uint8Array(0);
let P = 0;
let E = 0;
let MAX_DEPTH = 0;
let MAX_ITEMS = 0;
let MAX_STRING = 0;
let TEXT_KEYS = true;

/** Argument of a head with additional information 24..26; -1 when cut short or longer. */
function arg(ai: number): number {
  const p = P;
  if (ai === 24) {
    if (p >= E) return -1;
    P = p + 1;
    return B[p];
  }
  if (ai === 25) {
    if (p + 2 > E) return -1;
    P = p + 2;
    return (B[p] << 8) | B[p + 1];
  }
  if (ai === 26) {
    if (p + 4 > E) return -1;
    P = p + 4;
    return ((B[p] << 24) >>> 0) + ((B[p + 1] << 16) | (B[p + 2] << 8) | B[p + 3]);
  }
  return -1;
}

function item(depth: number): boolean {
  if (P >= E) return false;
  const ib = B[P++];
  const major = ib >> 5;
  let ai = ib & 31;
  switch (major) {
    case 0:
    case 1:
      if (ai < 24) return true;
      if (ai === 27) {
        // cbor-x (int64AsNumber) is exact while the value stays below 2^53-1
        const p = P;
        if (p + 8 > E || B[p] !== 0 || B[p + 1] >= 0x1f) return false;
        P = p + 8;
        return true;
      }
      return arg(ai) >= 0;
    case 2:
    case 3:
      if (ai >= 24) {
        ai = arg(ai);
        if (ai < 0) return false;
      }
      if (ai > MAX_STRING || ai > E - P) return false;
      if (major === 3 && ai > 64 && B[P] === 0xef && B[P + 1] === 0xbb && B[P + 2] === 0xbf) {
        return false;
      }
      P += ai;
      return true;
    case 4:
      if (ai >= 24) {
        if (ai === 31) return indefinite(depth, false);
        ai = arg(ai);
        if (ai < 0) return false;
      }
      if (ai > MAX_ITEMS || ai > E - P || depth >= MAX_DEPTH) return false;
      for (let i = 0; i < ai; i++) {
        if (!small() && !item(depth + 1)) return false;
      }
      return true;
    case 5:
      if (ai >= 24) {
        if (ai === 31) return indefinite(depth, true);
        ai = arg(ai);
        if (ai < 0) return false;
      }
      if (ai > MAX_ITEMS || ai > E - P || depth >= MAX_DEPTH) return false;
      for (let i = 0; i < ai; i++) {
        // Inlined for speed: a short text key, then a one-byte-head value.
        let p = P;
        if (p >= E) return false;
        let ib = B[p];
        if (ib > 0x60 && ib < 0x78 && ib !== 0x69) {
          const n = ib - 0x60;
          if (n > E - p - 1 || n > MAX_STRING) return false;
          p += 1 + n;
          P = p;
        } else if (!key(depth + 1)) return false;
        else p = P;
        if (p >= E) return false;
        ib = B[p];
        if (ib < 0x18 || (ib >= 0x20 && ib < 0x38) || (ib >= 0xf4 && ib <= 0xf7)) {
          P = p + 1;
          continue;
        }
        if ((ib >= 0x40 && ib < 0x58) || (ib >= 0x60 && ib < 0x78)) {
          const n = ib & 0x1f;
          if (n > E - p - 1 || n > MAX_STRING) return false;
          P = p + 1 + n;
          continue;
        }
        if (ib >= 0xf9 && ib <= 0xfb) {
          p += ib === 0xf9 ? 3 : ib === 0xfa ? 5 : 9;
          if (p > E) return false;
          P = p;
          continue;
        }
        if (!item(depth + 1)) return false;
      }
      return true;
    case 6:
      return false;
    default:
      // false, true, null, undefined and floats only
      if (ai >= 20 && ai <= 23) return true;
      if (ai === 25) return (P += 2) <= E;
      if (ai === 26) return (P += 4) <= E;
      if (ai === 27) return (P += 8) <= E;
      return false;
  }
}

/**
 * Skips one item whose head is a single byte (small integers, short
 * strings, false/true/null/undefined) and returns true, or leaves the
 * position alone and returns false for item() to handle.
 */
function small(): boolean {
  const p = P;
  if (p >= E) return false;
  const ib = B[p];
  if (ib < 0x38) {
    if ((ib & 0x1f) >= 24) return false;
    P = p + 1;
    return true;
  }
  if (ib >= 0x40 && ib < 0x78) {
    if (ib >= 0x58 && ib < 0x60) return false;
    const n = ib & 0x1f;
    if (n > E - p - 1 || n > MAX_STRING) return false;
    P = p + 1 + n;
    return true;
  }
  if (ib >= 0xf4 && ib <= 0xf7) {
    P = p + 1;
    return true;
  }
  return false;
}

function key(depth: number): boolean {
  if (P >= E) return false;
  const ib = B[P];
  if (ib > 0x60 && ib < 0x78 && ib !== 0x69) {
    // short text key, not "__proto__"
    const n = ib - 0x60;
    if (n > E - P - 1 || n > MAX_STRING) return false;
    P += 1 + n;
    return true;
  }
  if ((ib & 0xe0) === 0x60) {
    // "__proto__" would be renamed by cbor-x
    if (ib === 0x69 && B[P + 1] === 0x5f && B[P + 2] === 0x5f) return false;
    return item(depth);
  }
  return TEXT_KEYS ? false : item(depth);
}

function indefinite(depth: number, isMap: boolean): boolean {
  if (depth >= MAX_DEPTH) return false;
  for (let i = 0;; i++) {
    if (P >= E) return false;
    if (B[P] === 0xff) {
      P++;
      return true;
    }
    if (i >= MAX_ITEMS) return false;
    if (isMap) {
      if (!key(depth + 1)) return false;
      if (P < E && B[P] === 0xff) return false;
    }
    if (!item(depth + 1)) return false;
  }
}

const EMPTY = new Uint8Array(0);

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
  B = b;
  P = pos;
  E = end;
  MAX_DEPTH = maxDepth;
  MAX_ITEMS = maxItems;
  MAX_STRING = maxStringBytes;
  TEXT_KEYS = textKeysOnly;
  const ok = item(0);
  B = EMPTY;
  return ok ? P : -1;
}
