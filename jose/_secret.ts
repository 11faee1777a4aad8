// Copyright 2026 the wirekit authors. MIT license.
// Builds secret JoseKeys from raw bytes (shared by importJwk and importSecret).
import { algEntry, type SecretForm } from "./_algorithms.ts";
import { mapJoseError } from "./_errors.ts";
import { JoseError } from "./jose_error.ts";
import { JoseKey } from "./jose_key.ts";
import type { Jwk } from "./types.ts";

/** Builds a secret JoseKey from raw bytes (shared by importJwk and importSecret). */
export async function secretKey(
  bytes: Uint8Array,
  alg: string,
  form: SecretForm | undefined,
  kid: string | undefined,
  jwk: Jwk,
  enc?: string,
): Promise<JoseKey> {
  const raw = new Uint8Array(bytes);
  let key: CryptoKey | Uint8Array = raw;
  let gcmKey: CryptoKey | undefined;
  const subtle = crypto.subtle;
  try {
    switch (form?.name) {
      case "HMAC":
        if (raw.length < form.minBytes) {
          throw new JoseError("EKEY", `"${alg}" needs a key of at least ${form.minBytes} bytes`);
        }
        key = await subtle.importKey("raw", raw, { name: "HMAC", hash: form.hash }, false, [
          "sign",
          "verify",
        ]);
        break;
      case "AES-KW":
      case "AES-GCM":
        if (raw.length !== form.bytes) {
          throw new JoseError(
            "EKEY",
            `"${alg}" needs a key of ${form.bytes} bytes, not ${raw.length}`,
          );
        }
        key = await subtle.importKey(
          "raw",
          raw,
          form.name,
          false,
          form.name === "AES-KW" ? ["wrapKey", "unwrapKey"] : ["encrypt", "decrypt"],
        );
        break;
      case "dir":
        if (![16, 24, 32, 48, 64].includes(raw.length)) {
          throw new JoseError(
            "EKEY",
            `A "dir" key must be 16, 24, 32, 48 or 64 bytes, not ${raw.length}`,
          );
        }
        if (raw.length <= 32) {
          gcmKey = await subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]);
        }
        break;
      case "PBES2":
        if (raw.length === 0) throw new JoseError("EKEY", "A PBES2 password must not be empty");
        break;
    }
  } catch (e) {
    throw mapJoseError(e, "key");
  }
  return new JoseKey({
    alg,
    kid,
    use: algEntry(alg)!.use,
    type: "secret",
    secretKey: key,
    gcmKey,
    jwk,
    enc,
  });
}
