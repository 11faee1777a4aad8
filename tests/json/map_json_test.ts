import { test } from "node:test";
import assert from "node:assert/strict";
import { JsonError, mapJson, parseJson, type StandardSchemaV1 } from "../../json/mod.ts";

const item = {
  type: "object",
  fields: {
    id: { type: "integer", min: 1 },
    name: { type: "string" },
    price: { type: "number", optional: true },
    active: { type: "boolean", default: true },
    note: { type: "string", nullable: true, default: null as unknown as string },
    tags: { type: "array", items: { type: "string" }, default: [] },
    dims: { type: "object", fields: { w: { type: "number" } }, optional: true },
  },
} as const;

test("mapJson() fills defaults, drops unknown members and keeps declared ones", () => {
  const v = mapJson({ id: 3, name: "n", extra: 1, dims: { w: 2, h: 3 } }, item);
  assert.deepEqual(v, { id: 3, name: "n", active: true, note: null, tags: [], dims: { w: 2 } });
  const typed: number = v.id;
  assert.equal(typed, 3);
});

test("mapJson() errors name the path", () => {
  const cases: [unknown, string][] = [
    [{ name: "n" }, "Missing member at $.id"],
    [{ id: 1.5, name: "n" }, "Expected an integer, got 1.5 at $.id"],
    [{ id: 0, name: "n" }, "0 is below 1 at $.id"],
    [{ id: 1, name: "n", tags: ["a", 1] }, "Expected a string, got number at $.tags[1]"],
    [{ id: 1, name: "n", dims: { w: "x" } }, "Expected a number, got string at $.dims.w"],
    [[], "Expected an object, got array at $"],
  ];
  for (const [value, message] of cases) {
    assert.throws(
      () => mapJson(value, item),
      (e) => e instanceof JsonError && e.code === "ESCHEMA" && e.message === message,
      message,
    );
  }
  assert.throws(
    () =>
      mapJson({ a: 1, b: 2 }, {
        type: "object",
        fields: { a: { type: "any" } },
        unknown: "reject",
      }),
    (e) => e instanceof JsonError && e.message === "Unknown member at $.b",
  );
  assert.deepEqual(
    mapJson({ a: 1, b: 2 }, { type: "object", fields: { a: { type: "any" } }, unknown: "keep" }),
    { a: 1, b: 2 },
  );
});

test("mapJson() uses a Standard Schema validator, also nested", () => {
  const even: StandardSchemaV1<unknown, number> = {
    "~standard": {
      version: 1,
      vendor: "test",
      validate: (v) =>
        typeof v === "number" && v % 2 === 0
          ? { value: v }
          : { issues: [{ message: "Not even", path: [] }] },
    },
  };
  assert.equal(mapJson(4, even), 4);
  assert.throws(
    () => mapJson(3, even),
    (e) => e instanceof JsonError && e.message === "Not even at $",
  );
  const schema = { type: "array", items: { type: "object", fields: { n: even } } } as const;
  assert.deepEqual(mapJson([{ n: 2 }], schema), [{ n: 2 }]);
  assert.throws(
    () => mapJson([{ n: 2 }, { n: 5 }], schema),
    (e) => e instanceof JsonError && e.message === "Not even at $[1].n",
  );
  const asyncSchema: StandardSchemaV1 = {
    "~standard": { version: 1, vendor: "t", validate: () => Promise.resolve({ value: 1 }) },
  };
  assert.throws(() => mapJson(1, asyncSchema), TypeError);
});

test("parseJson() with a schema returns the mapped value", () => {
  const v = parseJson('{"id": 9, "name": "x", "__proto__": 1}', { schema: item });
  assert.equal(v.active, true);
  assert.equal(v.id, 9);
});
