// Copyright 2026 the wirekit authors. MIT license.
// importSecret: raw bytes or a password -> JoseKey for HS*, A*KW, A*GCMKW, dir or PBES2.
import { encodeBase64Url } from "../_internal/base64.ts";
import { algEntry, unsupportedMessage } from "./_algorithms.ts";
import { JoseError } from "./jose_error.ts";
import type { JoseKey } from "./jose_key.ts";
import { secretKey } from "./_secret.ts";

/**
 * Options for {@linkcode importSecret}.
 *
 * @example Usage
 * ```ts
 * import type { ImportSecretOptions } from "wirekit/jose";
 * import assert from "node:assert/strict";
 *
 * const o: ImportSecretOptions = { kid: "k1" };
 * assert.equal(o.kid, "k1");
 * ```
 */
export interface ImportSecretOptions {
  /** Key id to attach. */
  kid?: string;
}

/**
 * Imports a shared secret (bytes, or a UTF-8 password for PBES2) as a
 * {@linkcode JoseKey} bound to `alg`.
 *
 * @param secret Key bytes, or text (encoded as UTF-8).
 * @param alg A symmetric algorithm: HS*, A*KW, A*GCMKW, dir or PBES2-*.
 * @param options Key id.
 * @returns The imported key.
 * @throws {JoseError} `"EKEY"` when the length does not fit the algorithm.
 *
 * @example A PBES2 password
 * ```ts
 * import { importSecret } from "wirekit/jose";
 * import assert from "node:assert/strict";
 *
 * const key = await importSecret("correct horse battery staple", "PBES2-HS256+A128KW");
 * assert.equal(key.type, "secret");
 * ```
 */
export async function importSecret(
  secret: Uint8Array | string,
  alg: string,
  options: ImportSecretOptions = {},
): Promise<JoseKey> {
  const entry = algEntry(alg);
  if (!entry) throw new JoseError("EUNSUPPORTED", unsupportedMessage(alg));
  if (!entry.secret) throw new JoseError("EKEY", `"${alg}" does not use a shared secret`);
  const bytes = typeof secret === "string" ? new TextEncoder().encode(secret) : secret;
  const jwk = {
    kty: "oct",
    k: encodeBase64Url(bytes),
    alg,
    ...(options.kid ? { kid: options.kid } : {}),
  };
  return await secretKey(bytes, alg, entry.secret, options.kid, jwk);
}
