// Copyright 2026 the wirekit authors. MIT license.
// Types shared by the COSE API.

/**
 * A COSE map label: an integer or a text string.
 *
 * @example Labels
 * ```ts
 * import type { CoseLabel } from "wirekit/cose";
 * import assert from "node:assert/strict";
 *
 * const alg: CoseLabel = 1;
 * assert.equal(alg, 1);
 * ```
 */
export type CoseLabel = number | string;

/**
 * COSE key type names (RFC 9053 section 7).
 *
 * @example Key type
 * ```ts
 * import type { CoseKeyType } from "wirekit/cose";
 * import assert from "node:assert/strict";
 *
 * const t: CoseKeyType = "EC2";
 * assert.equal(t, "EC2");
 * ```
 */
export type CoseKeyType = "OKP" | "EC2" | "RSA" | "Symmetric";

/**
 * A header map. A `Map` is taken as is (labels as integers or text). A plain
 * object may use names (`alg`, `crit`, `content_type`, `kid`, `IV`,
 * `Partial_IV`, `salt`, `epk`, `x5chain`, ...) or integer labels written as
 * keys (`"33"`); `alg` may be an algorithm name (`"ES256"`) and `kid` a string
 * (encoded as UTF-8).
 *
 * @example Two ways to write the same header
 * ```ts
 * import type { CoseHeaders } from "wirekit/cose";
 * import assert from "node:assert/strict";
 *
 * const a: CoseHeaders = { alg: "ES256", kid: "11" };
 * const b: CoseHeaders = new Map<number | string, unknown>([[1, -7], [4, new TextEncoder().encode("11")]]);
 * assert.ok(a && b);
 * ```
 */
export type CoseHeaders = ReadonlyMap<CoseLabel, unknown> | Readonly<Record<string, unknown>>;

/**
 * A source of random bytes, injected for reproducible output (tests,
 * vectors). It must return exactly `length` bytes.
 *
 * @example A fixed source
 * ```ts
 * import type { RandomSource } from "wirekit/cose";
 * import assert from "node:assert/strict";
 *
 * const zeros: RandomSource = (n) => new Uint8Array(n);
 * assert.equal(zeros(12).length, 12);
 * ```
 */
export type RandomSource = (length: number) => Uint8Array;

/**
 * What a verification or decryption needs besides the key: the algorithm
 * allow-list (required) and the message framing.
 *
 * @example Options
 * ```ts
 * import type { CoseVerifyOptions } from "wirekit/cose";
 * import assert from "node:assert/strict";
 *
 * const o: CoseVerifyOptions = { algorithms: ["ES256"], tagged: "optional" };
 * assert.equal(o.algorithms.length, 1);
 * ```
 */
export interface CoseVerifyOptions {
  /** Algorithms accepted (IANA names such as `"ES256"`, or identifiers). Anything else fails with `EALG`. */
  algorithms: readonly (string | number)[];
  /**
   * External additional authenticated data.
   * @default {new Uint8Array(0)}
   */
  externalAad?: Uint8Array;
  /** The payload, for messages that carry `nil` in its place (detached content). */
  detachedPayload?: Uint8Array;
  /**
   * Whether the CBOR tag must be present (`"required"`), may be present
   * (`"optional"`), or must be absent (`"forbidden"`).
   * @default {"optional"}
   */
  tagged?: "required" | "optional" | "forbidden";
  /**
   * Extra critical header labels the caller understands and checks itself.
   * @default {[]}
   */
  understoodCrit?: readonly (string | number)[];
  /**
   * Largest message accepted, in bytes.
   * @default {16777216}
   */
  maxBytes?: number;
}

/**
 * Options of the message creators.
 *
 * @example Options
 * ```ts
 * import type { CoseCreateOptions } from "wirekit/cose";
 * import assert from "node:assert/strict";
 *
 * const o: CoseCreateOptions = { tagged: false, detached: true };
 * assert.equal(o.tagged, false);
 * ```
 */
export interface CoseCreateOptions {
  /** Protected headers of the message (the `alg` goes here unless given elsewhere). */
  protectedHeaders?: CoseHeaders;
  /** Unprotected headers of the message. */
  unprotectedHeaders?: CoseHeaders;
  /**
   * External additional authenticated data.
   * @default {new Uint8Array(0)}
   */
  externalAad?: Uint8Array;
  /**
   * Leave the payload out of the message (`nil`); the verifier supplies it.
   * @default {false}
   */
  detached?: boolean;
  /**
   * Write the CBOR tag of the message type.
   * @default {true}
   */
  tagged?: boolean;
  /**
   * Random bytes for IVs, content keys and ephemeral keys.
   * @default {crypto.getRandomValues}
   */
  random?: RandomSource;
}
