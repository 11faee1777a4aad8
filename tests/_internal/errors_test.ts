import { test } from "node:test";
import assert from "node:assert/strict";
import { OffsetSyntaxError, WirekitError } from "../../_internal/errors.ts";

class DemoError extends WirekitError<"EONE" | "ETWO"> {}

test("WirekitError subclasses carry code, cause and their own name", () => {
  const cause = new Error("inner");
  const e = new DemoError("ETWO", "Second thing failed", { cause });
  assert.ok(e instanceof Error);
  assert.ok(e instanceof WirekitError);
  assert.equal(e.code, "ETWO");
  assert.equal(e.cause, cause);
  assert.equal(e.name, "DemoError");
  assert.equal("cause" in new DemoError("EONE", "x"), false);
});

test("OffsetSyntaxError is a SyntaxError with offset, line and column", () => {
  const e = new OffsetSyntaxError("Unexpected token", 12, { line: 2, column: 5 });
  assert.ok(e instanceof SyntaxError);
  assert.equal(e.offset, 12);
  assert.equal(e.line, 2);
  assert.equal(e.column, 5);
  assert.equal(e.name, "OffsetSyntaxError");
});
