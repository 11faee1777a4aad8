// Copyright 2026 the wirekit authors. MIT license.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CompactSign } from "jose";
import {
  exportJwk,
  generateJwk,
  importJwk,
  importSecret,
  JoseError,
  JwkSet,
  signJws,
  verifyJws,
} from "../../jose/mod.ts";

function code(c: string) {
  return (e: unknown) => e instanceof JoseError && e.code === c;
}
const dec = new TextDecoder();
const b64url = (s: string) => btoa(s).replace(/=+$/, "").replaceAll("+", "-").replaceAll("/", "_");

test("verifyJws() requires a non-empty algorithms list without none", async () => {
  const key = await importJwk(await generateJwk("HS256"));
  const jws = await signJws("x", key);
  // deno-lint-ignore no-explicit-any
  await assert.rejects(verifyJws(jws, key, {} as any), TypeError);
  await assert.rejects(verifyJws(jws, key, { algorithms: [] }), TypeError);
  await assert.rejects(verifyJws(jws, key, { algorithms: ["none", "HS256"] }), TypeError);
});

test("verifyJws() refuses alg none even with a matching key shape", async () => {
  const key = await importJwk(await generateJwk("HS256"));
  const unsecured = `${b64url('{"alg":"none"}')}.${b64url("x")}.`;
  await assert.rejects(verifyJws(unsecured, key, { algorithms: ["HS256"] }), code("EALG"));
  await assert.rejects(verifyJws(unsecured, [key], { algorithms: ["HS256"] }), code("EALG"));
});

test("a key verifies only the algorithm it is bound to (no HS256-with-RSA-public-key confusion)", async () => {
  const rsa = await importJwk(await generateJwk("RS256"));
  const pub = exportJwk(rsa);
  // The classic attack: HMAC over the token with the public key bytes as secret.
  const secret = await importSecret(
    new TextEncoder().encode(JSON.stringify(pub).padEnd(64, " ")),
    "HS256",
  );
  const forged = await signJws("admin", secret);
  await assert.rejects(verifyJws(forged, rsa, { algorithms: ["RS256", "HS256"] }), code("EKEY"));
  await assert.rejects(verifyJws(forged, rsa, { algorithms: ["RS256"] }), code("EALG"));
  // And a PS256 signature does not verify with an RS256-bound key of the same pair.
  const ps = await importJwk({ ...exportJwk(rsa, { includePrivate: true }), alg: "PS256" });
  const psJws = await signJws("x", ps);
  await assert.rejects(verifyJws(psJws, rsa, { algorithms: ["PS256", "RS256"] }), code("EKEY"));
});

test("signJws() refuses an alg option that differs from the key binding", async () => {
  const key = await importJwk(await generateJwk("ES256"));
  await assert.rejects(signJws("x", key, { alg: "ES384" }), code("EKEY"));
  await assert.rejects(signJws("x", key, { header: { alg: "HS256" } }), code("EKEY"));
  const enc = await importJwk(await generateJwk("A128KW"));
  await assert.rejects(signJws("x", enc), code("EKEY"));
});

test("verifyJws() detects compact, flattened and general, as objects or text", async () => {
  const key = await importJwk(await generateJwk("EdDSA"));
  const compact = await signJws("p", key);
  const flat = await signJws("p", key, {
    serialization: "flattened",
    unprotectedHeader: { note: "u" },
  });
  const general = await signJws("p", key, { serialization: "general" });
  const opts = { algorithms: ["EdDSA"] };
  assert.equal((await verifyJws(compact, key, opts)).serialization, "compact");
  assert.equal(
    (await verifyJws(new TextEncoder().encode(compact), key, opts)).serialization,
    "compact",
  );
  const f = await verifyJws(flat, key, opts);
  assert.equal(f.serialization, "flattened");
  assert.equal(f.unprotectedHeader?.note, "u");
  assert.equal((await verifyJws(JSON.stringify(flat), key, opts)).serialization, "flattened");
  assert.equal((await verifyJws(general, key, opts)).serialization, "general");
  assert.equal(
    dec.decode((await verifyJws(` ${JSON.stringify(general)}\n`, key, opts)).payload),
    "p",
  );
});

test("a tampered JWS fails with the fixed signature message", async () => {
  const key = await importJwk(await generateJwk("ES256"));
  const jws = await signJws("amount=10", key);
  const [h, , s] = jws.split(".");
  const tampered = `${h}.${b64url("amount=99")}.${s}`;
  await assert.rejects(verifyJws(tampered, key, { algorithms: ["ES256"] }), (e) => {
    assert.ok(e instanceof JoseError);
    assert.equal(e.code, "ESIG");
    assert.equal(e.message, "Signature verification failed");
    return true;
  });
  const other = await importJwk(await generateJwk("ES256"));
  await assert.rejects(verifyJws(jws, other, { algorithms: ["ES256"] }), code("ESIG"));
});

test("general JWS with several signatures verifies with any one of the keys or a set", async () => {
  const a = await importJwk(await generateJwk("ES256", { kid: "a" }));
  const b = await importJwk(await generateJwk("RS256", { kid: "b" }));
  const c = await importJwk(await generateJwk("HS256", { kid: "c" }));
  const jws = await signJws("multi", [a, b, c]);
  assert.equal(jws.signatures.length, 3);
  for (const [k, alg] of [[a, "ES256"], [b, "RS256"], [c, "HS256"]] as const) {
    const r = await verifyJws(jws, k, { algorithms: [alg] });
    assert.equal(r.key, k);
    assert.equal(r.protectedHeader.kid, k.kid);
  }
  const set = await JwkSet.fromJson({ keys: [exportJwk(b)] });
  assert.equal((await verifyJws(jws, set, { algorithms: ["RS256"] })).key.kid, "b");
  // Only HS256 allowed but no HS256 key in the set: the key error, not ESIG.
  await assert.rejects(verifyJws(jws, set, { algorithms: ["HS256"] }), code("EKEY"));
  const stranger = await importJwk(await generateJwk("ES256", { kid: "a" }));
  await assert.rejects(verifyJws(jws, stranger, { algorithms: ["ES256"] }), code("ESIG"));
  await assert.rejects(
    verifyJws({ ...jws, signatures: Array(17).fill(jws.signatures[0]) }, a, {
      algorithms: ["ES256"],
    }),
    code("ELIMIT"),
  );
});

test("b64: false (RFC 7797) round-trips in all serializations and refuses '.' in compact", async () => {
  const key = await importJwk(await generateJwk("HS256"));
  const compact = await signJws("$ 02", key, { b64: false });
  assert.equal(compact.split(".")[1], "$ 02");
  const r = await verifyJws(compact, key, { algorithms: ["HS256"] });
  assert.deepEqual(r.protectedHeader.crit, ["b64"]);
  assert.equal(dec.decode(r.payload), "$ 02");
  const flat = await signJws("$.02", key, { b64: false, serialization: "flattened" });
  assert.equal(flat.payload, "$.02");
  assert.equal(dec.decode((await verifyJws(flat, key, { algorithms: ["HS256"] })).payload), "$.02");
  await assert.rejects(signJws("$.02", key, { b64: false }), TypeError);
});

test("detached content verifies only with the right payload", async () => {
  const key = await importJwk(await generateJwk("HS256"));
  const jws = await signJws("body", key, { detached: true });
  assert.equal(jws.split(".")[1], "");
  assert.equal(
    dec.decode((await verifyJws(jws, key, { algorithms: ["HS256"], payload: "body" })).payload),
    "body",
  );
  await assert.rejects(
    verifyJws(jws, key, { algorithms: ["HS256"], payload: "other" }),
    code("ESIG"),
  );
  const flat = await signJws("body", key, {
    detached: true,
    b64: false,
    serialization: "flattened",
  });
  assert.equal(flat.payload, undefined);
  await verifyJws(flat, key, { algorithms: ["HS256"], payload: "body" });
});

test("verifyJws() reports malformed input and limits with codes", async () => {
  const key = await importJwk(await generateJwk("HS256"));
  await assert.rejects(verifyJws("a.b", [key], { algorithms: ["HS256"] }), code("EINVALID"));
  await assert.rejects(verifyJws("{not json", key, { algorithms: ["HS256"] }), code("EINVALID"));
  await assert.rejects(
    verifyJws("a".repeat(2_000_000), key, { algorithms: ["HS256"] }),
    code("ELIMIT"),
  );
  await assert.rejects(verifyJws("x.y.z", key, { algorithms: ["HS256"] }), JoseError);
  // crit naming an extension nobody understands.
  const raw = await importJwk({ kty: "oct", k: "A".repeat(43), alg: "HS256" });
  const jws = await new CompactSign(new Uint8Array(1))
    .setProtectedHeader({ alg: "HS256", crit: ["exp"], exp: 1 })
    .sign(raw.keyFor("sign"), { crit: { exp: true } });
  await assert.rejects(verifyJws(jws, raw, { algorithms: ["HS256"] }), code("EUNSUPPORTED"));
  await verifyJws(jws, raw, { algorithms: ["HS256"], crit: { exp: true } });
});

test("verifyJws() picks the key by kid from an array", async () => {
  const a = await importJwk(await generateJwk("ES256", { kid: "a" }));
  const b = await importJwk(await generateJwk("ES256", { kid: "b" }));
  const jws = await signJws("x", b);
  assert.equal((await verifyJws(jws, [a, b], { algorithms: ["ES256"] })).key.kid, "b");
  const anon = await signJws("x", b, { includeKid: false });
  assert.equal((await verifyJws(anon, [a, b], { algorithms: ["ES256"] })).key.kid, "b");
});

test("signJws() unprotectedMembers moves alg/kid to the unprotected header (JSON only, opt-in)", async () => {
  const key = await importJwk({ ...(await generateJwk("HS256")), kid: "k1" });
  const flat = await signJws("x", key, { serialization: "flattened" });
  // Default: everything protected.
  assert.equal(flat.header, undefined);
  assert.equal(
    JSON.parse(
      dec.decode(
        Uint8Array.from(
          atob(flat.protected!.replaceAll("-", "+").replaceAll("_", "/")),
          (c) => c.charCodeAt(0),
        ),
      ),
    ).alg,
    "HS256",
  );
  const open = await signJws("x", key, {
    serialization: "flattened",
    unprotectedMembers: ["alg", "kid"],
  });
  assert.equal(open.protected, undefined);
  assert.deepEqual(open.header, { alg: "HS256", kid: "k1" });
  const general = await signJws("x", key, {
    serialization: "general",
    unprotectedMembers: ["alg"],
  });
  assert.deepEqual(general.signatures[0].header, { alg: "HS256" });
  assert.equal(typeof general.signatures[0].protected, "string");
  for (const jws of [open, general]) {
    const r = await verifyJws(jws, key, { algorithms: ["HS256"] });
    assert.equal(dec.decode(r.payload), "x");
    assert.equal(r.unprotectedHeader?.alg, "HS256");
  }
  await assert.rejects(
    signJws("x", key, { unprotectedMembers: ["alg"] }),
    TypeError,
    "compact has no unprotected header",
  );
  await assert.rejects(
    signJws("x", key, { serialization: "flattened", b64: false, unprotectedMembers: ["b64"] }),
    TypeError,
  );
  await assert.rejects(
    // deno-lint-ignore no-explicit-any
    signJws("x", key, { serialization: "flattened", unprotectedMembers: "alg" as any }),
    TypeError,
  );
});

test("verifyJws() with alg in the unprotected header still needs algorithms and the key binding", async () => {
  const hs = await importJwk(await generateJwk("HS256"));
  const jws = await signJws("x", hs, { serialization: "flattened", unprotectedMembers: ["alg"] });
  // Not on the allow-list.
  await assert.rejects(verifyJws(jws, hs, { algorithms: ["HS384"] }), code("EALG"));
  // Rewriting the unprotected alg: off the list -> EALG, on it but not the key's binding -> EKEY.
  const swapped = { ...jws, header: { alg: "HS512" } };
  await assert.rejects(verifyJws(swapped, hs, { algorithms: ["HS256"] }), code("EALG"));
  await assert.rejects(verifyJws(swapped, hs, { algorithms: ["HS256", "HS512"] }), code("EKEY"));
  const none = { ...jws, header: { alg: "none" } };
  await assert.rejects(verifyJws(none, hs, { algorithms: ["HS256"] }), code("EALG"));
  // A key bound to another algorithm of the list does not verify it.
  const rs = await importJwk(await generateJwk("RS256"));
  await assert.rejects(verifyJws(jws, rs, { algorithms: ["HS256", "RS256"] }), code("EKEY"));
  // The same for a general JWS and a key set.
  const general = await signJws("x", hs, { serialization: "general", unprotectedMembers: ["alg"] });
  await assert.rejects(verifyJws(general, [rs], { algorithms: ["HS256"] }), code("EKEY"));
  await assert.rejects(verifyJws(general, [hs], { algorithms: ["RS256"] }), code("EALG"));
  assert.equal(
    dec.decode((await verifyJws(general, [rs, hs], { algorithms: ["HS256"] })).payload),
    "x",
  );
});
