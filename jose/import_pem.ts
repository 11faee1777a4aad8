// Copyright 2026 the wirekit authors. MIT license.
// importPem: SPKI public keys, PKCS#8 private keys and X.509 certificates.
import { exportJWK, importPKCS8, importSPKI, importX509 } from "jose";
import { mapJoseError } from "./_errors.ts";
import { JoseError } from "./jose_error.ts";
import type { JoseKey } from "./jose_key.ts";
import { importJwk } from "./import_jwk.ts";

/**
 * Options for {@linkcode importPem}.
 *
 * @example Usage
 * ```ts
 * import type { ImportPemOptions } from "wirekit/jose";
 * import assert from "node:assert/strict";
 *
 * const o: ImportPemOptions = { kid: "k1" };
 * assert.equal(o.kid, "k1");
 * ```
 */
export interface ImportPemOptions {
  /** Key id to attach. */
  kid?: string;
  /**
   * Largest PEM text accepted, in characters.
   * @default {65536}
   */
  maxLength?: number;
}

const LABELS = ["PUBLIC KEY", "PRIVATE KEY", "CERTIFICATE"] as const;

/**
 * Imports a PEM key bound to `alg`: `PUBLIC KEY` (SPKI), `PRIVATE KEY`
 * (PKCS#8) or `CERTIFICATE` (X.509; its subject public key is used).
 * PKCS#1 (`RSA PRIVATE KEY`) and SEC1 (`EC PRIVATE KEY`) are not accepted.
 *
 * @param pem PEM text (one block).
 * @param alg Algorithm to bind.
 * @param options Key id and size limit.
 * @returns The imported key.
 * @throws {JoseError} `"EKEY"` for an unsupported or mismatched PEM.
 *
 * @example Round trip through SPKI
 * ```ts
 * import { generateJwk, importJwk, importPem } from "wirekit/jose";
 * import { exportSPKI } from "jose";
 * import assert from "node:assert/strict";
 *
 * const jwk = await generateJwk("ES256");
 * const spki = await exportSPKI((await importJwk(jwk)).publicKey!);
 * const key = await importPem(spki, "ES256");
 * assert.equal(key.toJwk().x, jwk.x);
 * ```
 */
export async function importPem(
  pem: string,
  alg: string,
  options: ImportPemOptions = {},
): Promise<JoseKey> {
  if (typeof pem !== "string") throw new TypeError("PEM must be a string");
  const max = options.maxLength ?? 65536;
  if (pem.length > max) throw new JoseError("ELIMIT", `PEM exceeds ${max} characters`);
  const text = pem.trim();
  const m = /^-----BEGIN ([A-Z0-9 ]+)-----/.exec(text);
  const label = m?.[1];
  if (!label || !(LABELS as readonly string[]).includes(label)) {
    throw new JoseError(
      "EKEY",
      `Unsupported PEM block ${JSON.stringify(label ?? text.slice(0, 20))}`,
    );
  }
  let jwk;
  try {
    const key = label === "PUBLIC KEY"
      ? await importSPKI(text, alg, { extractable: true })
      : label === "PRIVATE KEY"
      ? await importPKCS8(text, alg, { extractable: true })
      : await importX509(text, alg, { extractable: true });
    jwk = await exportJWK(key);
  } catch (e) {
    throw mapJoseError(e, "key");
  }
  if (options.kid !== undefined) jwk.kid = options.kid;
  return await importJwk(jwk as Parameters<typeof importJwk>[0], alg);
}
