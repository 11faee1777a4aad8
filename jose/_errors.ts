// Copyright 2026 the wirekit authors. MIT license.
// Maps errors thrown by `jose` (and WebCrypto) onto JoseError codes. Signature
// and decryption failures get fixed messages so callers cannot build oracles.
import { JoseError } from "./jose_error.ts";

/** Fixed message of every signature/MAC failure. */
export const SIG_FAILED = "Signature verification failed";
/** Fixed message of every decryption failure. */
export const DECRYPT_FAILED = "Decryption failed";

interface JoseLibError {
  code?: unknown;
  claim?: unknown;
  message?: unknown;
}

/** Converts anything thrown while running `jose` into a JoseError (or rethrows caller misuse). */
export function mapJoseError(e: unknown, context: "sig" | "enc" | "jwt" | "key"): Error {
  if (e instanceof JoseError || e instanceof RangeError) return e;
  const err = e as JoseLibError;
  const code = typeof err?.code === "string" ? err.code : "";
  const message = typeof err?.message === "string" ? err.message : String(e);
  switch (code) {
    case "ERR_JWS_SIGNATURE_VERIFICATION_FAILED":
      return new JoseError("ESIG", SIG_FAILED);
    case "ERR_JWE_DECRYPTION_FAILED":
      return new JoseError("EDECRYPT", DECRYPT_FAILED);
    case "ERR_JOSE_ALG_NOT_ALLOWED":
      return new JoseError("EALG", `Algorithm not allowed: ${message}`);
    case "ERR_JOSE_NOT_SUPPORTED":
      return new JoseError("EUNSUPPORTED", `Not supported: ${message}`, { cause: e });
    case "ERR_JWT_EXPIRED":
      return new JoseError("EEXPIRED", "JWT has expired", {
        claim: typeof err.claim === "string" ? err.claim : "exp",
      });
    case "ERR_JWT_CLAIM_VALIDATION_FAILED":
      return new JoseError("ECLAIM", `JWT claim check failed: ${message}`, {
        claim: typeof err.claim === "string" ? err.claim : undefined,
      });
    case "ERR_JWS_INVALID":
    case "ERR_JWE_INVALID":
    case "ERR_JWT_INVALID":
      // A decryption context must not reveal which step of unwrapping failed.
      if (context === "enc" && /exceeded the configured limit/.test(message)) {
        return new JoseError("ELIMIT", "Decompressed plaintext exceeds maxDecompressedBytes");
      }
      return new JoseError("EINVALID", message, { cause: e });
    case "ERR_JWK_INVALID":
    case "ERR_JWKS_INVALID":
      return new JoseError("EKEY", message, { cause: e });
    case "ERR_JWKS_NO_MATCHING_KEY":
    case "ERR_JWKS_MULTIPLE_MATCHING_KEYS":
      return new JoseError("EKEY", message, { cause: e });
  }
  if (context === "sig" && e instanceof Error && e.name === "OperationError") {
    return new JoseError("ESIG", SIG_FAILED);
  }
  if (context === "enc" && e instanceof Error && e.name === "OperationError") {
    return new JoseError("EDECRYPT", DECRYPT_FAILED);
  }
  // WebCrypto errors raised while unwrapping or decrypting (some runtimes throw
  // TypeError for malformed wrapped keys) must not be told apart from a failed tag.
  if (context === "enc" && e instanceof Error && !/CryptoKey|JWK|modulusLength/.test(message)) {
    return new JoseError("EDECRYPT", DECRYPT_FAILED);
  }
  if (e instanceof TypeError && /key|CryptoKey|JWK|modulusLength/i.test(message)) {
    return new JoseError("EKEY", `Key not usable: ${message}`, { cause: e });
  }
  if (
    e instanceof Error &&
    (e.name === "NotSupportedError" || /not supported|Unrecognized/i.test(message))
  ) {
    return new JoseError("EUNSUPPORTED", `Not supported: ${message}`, { cause: e });
  }
  if (e instanceof Error && (e.name === "DataError" || e.name === "SyntaxError")) {
    return new JoseError("EKEY", `Key not usable: ${message}`, { cause: e });
  }
  return e instanceof Error ? e : new Error(String(e));
}
