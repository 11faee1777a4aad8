// Copyright 2026 the wirekit authors. MIT license.
// Signature verification over candidate keys.
import { CoseError } from "./cose_error.ts";
import type { CoseKey } from "./cose_key.ts";
import type { AlgEntry } from "./_algorithms.ts";
import { SIG_FAILED, verify } from "./_crypto.ts";
import { candidateKeys, checkKeyAlg } from "./_message.ts";

/** The first candidate key that verifies; ESIG when none does. */
export async function firstVerifying(
  keys: CoseKey | readonly CoseKey[],
  kid: unknown,
  entry: AlgEntry,
  tbs: Uint8Array,
  sig: Uint8Array,
): Promise<CoseKey> {
  const list = candidateKeys(keys, kid);
  if (list.length === 0) throw new CoseError("EKEY", "No key matches the message kid");
  let keyError: CoseError | undefined;
  for (const k of list) {
    try {
      checkKeyAlg(k, entry);
      if (await verify(entry, k, tbs, sig)) return k;
    } catch (e) {
      if (!(e instanceof CoseError)) throw e;
      keyError ??= e;
    }
  }
  if (keyError && list.length === 1) throw keyError;
  throw new CoseError("ESIG", SIG_FAILED);
}
