// Copyright 2026 the wirekit authors. MIT license.
import { JsonError } from "./json_error.ts";
import type { JsonPath, JsonValue } from "./json_value.ts";

/** Fields every schema node accepts. */
export interface JsonSchemaBase {
  /** The member may be absent (objects only). @default {false} */
  optional?: boolean;
  /** `null` is accepted as well. @default {false} */
  nullable?: boolean;
}

/** A string field. */
export interface JsonStringSchema extends JsonSchemaBase {
  /** Kind of value. */
  type: "string";
  /** Used when the member is absent. */
  default?: string;
  /** Longest accepted string in UTF-16 code units. @default {Infinity} */
  maxLength?: number;
}

/** A number field (`"integer"` requires a safe integer). */
export interface JsonNumberSchema extends JsonSchemaBase {
  /** Kind of value. */
  type: "number" | "integer";
  /** Used when the member is absent. */
  default?: number;
  /** Smallest accepted value. @default {-Infinity} */
  min?: number;
  /** Largest accepted value. @default {Infinity} */
  max?: number;
}

/** A boolean field. */
export interface JsonBooleanSchema extends JsonSchemaBase {
  /** Kind of value. */
  type: "boolean";
  /** Used when the member is absent. */
  default?: boolean;
}

/** Any JSON value, unchecked. */
export interface JsonAnySchema extends JsonSchemaBase {
  /** Kind of value. */
  type: "any";
  /** Used when the member is absent. */
  default?: JsonValue;
}

/** An array whose elements all follow `items`. */
export interface JsonArraySchema extends JsonSchemaBase {
  /** Kind of value. */
  type: "array";
  /** Schema of every element. */
  items: JsonSchemaLike;
  /** Used when the member is absent. */
  default?: readonly JsonValue[];
  /** Most elements accepted. @default {Infinity} */
  maxItems?: number;
}

/** An object with declared fields. */
export interface JsonObjectSchema extends JsonSchemaBase {
  /** Kind of value. */
  type: "object";
  /** Schema of each declared member. */
  fields: { readonly [name: string]: JsonSchemaLike };
  /**
   * Members not in `fields`: `"drop"` leaves them out of the result,
   * `"keep"` copies them unchecked, `"reject"` is an error.
   * @default {"drop"}
   */
  unknown?: "drop" | "keep" | "reject";
  /** Used when the member is absent. */
  default?: { readonly [name: string]: JsonValue };
}

/** A node of a typed-mapping schema. */
export type JsonSchema =
  | JsonStringSchema
  | JsonNumberSchema
  | JsonBooleanSchema
  | JsonAnySchema
  | JsonArraySchema
  | JsonObjectSchema;

/** One problem reported by a Standard Schema validator. */
export interface StandardSchemaIssue {
  /** What is wrong. */
  readonly message: string;
  /** Where, as keys or `{ key }` segments. */
  readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }>;
}

/** The result of a Standard Schema validation. */
export type StandardSchemaResult<Output> =
  | { readonly value: Output; readonly issues?: undefined }
  | { readonly issues: ReadonlyArray<StandardSchemaIssue> };

/** A validator implementing Standard Schema v1 (zod, valibot, arktype ...). */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  /** The Standard Schema interface. */
  readonly "~standard": {
    /** Always 1. */
    readonly version: 1;
    /** Library name. */
    readonly vendor: string;
    /** Validates a value; must be synchronous for this module. */
    readonly validate: (
      value: unknown,
    ) => StandardSchemaResult<Output> | Promise<StandardSchemaResult<Output>>;
    /** Type carriers. */
    readonly types?: { readonly input: Input; readonly output: Output } | undefined;
  };
}

/** What the `schema` options accept: a {@linkcode JsonSchema} or a Standard Schema validator. */
export type JsonSchemaLike = JsonSchema | StandardSchemaV1;

/** `T`, or `T | null` when the schema node `S` is nullable. */
export type JsonSchemaNullable<S, T> = S extends { nullable: true } ? T | null : T;

/** The object type described by the `fields` of an object schema. */
export type InferJsonFields<F> =
  & {
    -readonly [K in keyof F as F[K] extends { optional: true } ? never : K]: InferJsonSchema<F[K]>;
  }
  & {
    -readonly [K in keyof F as F[K] extends { optional: true } ? K : never]?: InferJsonSchema<F[K]>;
  };

/** The TypeScript type a schema maps JSON onto. */
export type InferJsonSchema<S> = S extends StandardSchemaV1<unknown, infer O> ? O
  : S extends { type: "string" } ? JsonSchemaNullable<S, string>
  : S extends { type: "number" | "integer" } ? JsonSchemaNullable<S, number>
  : S extends { type: "boolean" } ? JsonSchemaNullable<S, boolean>
  : S extends { type: "any" } ? JsonValue
  : S extends { type: "array"; items: infer I } ? JsonSchemaNullable<S, InferJsonSchema<I>[]>
  : S extends { type: "object"; fields: infer F } ? JsonSchemaNullable<S, InferJsonFields<F>>
  : never;

/** Formats a concrete path as `$.a[3]["b c"]`. */
export function formatJsonPath(path: JsonPath): string {
  let s = "$";
  for (const p of path) {
    if (typeof p === "number") s += `[${p}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(p)) s += `.${p}`;
    else s += `[${JSON.stringify(p)}]`;
  }
  return s;
}

function kind(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}

function fail(path: JsonPath, message: string): never {
  throw new JsonError("ESCHEMA", `${message} at ${formatJsonPath(path)}`, { path: [...path] });
}

function isStandard(s: unknown): s is StandardSchemaV1 {
  return typeof s === "object" && s !== null && "~standard" in s;
}

function standard(schema: StandardSchemaV1, value: unknown, path: JsonPath): unknown {
  const r = schema["~standard"].validate(value);
  if (r instanceof Promise) {
    throw new TypeError("Standard Schema validators used by wirekit/json must be synchronous");
  }
  if (r.issues) {
    const first = r.issues[0];
    const sub: JsonPath = [...path];
    for (const seg of first?.path ?? []) {
      const k = typeof seg === "object" ? seg.key : seg;
      sub.push(typeof k === "number" ? k : String(k));
    }
    fail(sub, first?.message ?? "Invalid value");
  }
  return r.value;
}

function map(value: unknown, s: JsonSchema, path: JsonPath): unknown {
  if (value === null && s.nullable) return null;
  switch (s.type) {
    case "any":
      return value;
    case "string":
      if (typeof value !== "string") fail(path, `Expected a string, got ${kind(value)}`);
      if (s.maxLength !== undefined && value.length > s.maxLength) {
        fail(path, `String longer than ${s.maxLength}`);
      }
      return value;
    case "number":
    case "integer":
      if (typeof value !== "number") fail(path, `Expected a ${s.type}, got ${kind(value)}`);
      if (s.type === "integer" && !Number.isSafeInteger(value)) {
        fail(path, `Expected an integer, got ${value}`);
      }
      if (s.min !== undefined && value < s.min) fail(path, `${value} is below ${s.min}`);
      if (s.max !== undefined && value > s.max) fail(path, `${value} is above ${s.max}`);
      return value;
    case "boolean":
      if (typeof value !== "boolean") fail(path, `Expected a boolean, got ${kind(value)}`);
      return value;
    case "array": {
      if (!Array.isArray(value)) fail(path, `Expected an array, got ${kind(value)}`);
      if (s.maxItems !== undefined && value.length > s.maxItems) {
        fail(path, `Array has more than ${s.maxItems} elements`);
      }
      const out = new Array(value.length);
      for (let i = 0; i < value.length; i++) {
        path.push(i);
        out[i] = mapNode(value[i], s.items, path);
        path.pop();
      }
      return out;
    }
    case "object": {
      if (typeof value !== "object" || value === null || Array.isArray(value)) {
        fail(path, `Expected an object, got ${kind(value)}`);
      }
      const o = value as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      const put = (k: string, v: unknown) => {
        if (k === "__proto__") {
          Object.defineProperty(out, k, {
            value: v,
            writable: true,
            enumerable: true,
            configurable: true,
          });
        } else out[k] = v;
      };
      for (const name of Object.keys(s.fields)) {
        const f = s.fields[name];
        path.push(name);
        if (Object.hasOwn(o, name)) put(name, mapNode(o[name], f, path));
        else if (!isStandard(f) && f.default !== undefined) put(name, structuredClone(f.default));
        else if (isStandard(f)) put(name, standard(f, undefined, path));
        else if (!f.optional) fail(path, "Missing member");
        path.pop();
      }
      if (s.unknown === "keep" || s.unknown === "reject") {
        for (const k of Object.keys(o)) {
          if (Object.hasOwn(s.fields, k)) continue;
          if (s.unknown === "reject") fail([...path, k], "Unknown member");
          put(k, o[k]);
        }
      }
      return out;
    }
    default:
      throw new TypeError(`Unknown schema type ${JSON.stringify((s as { type: unknown }).type)}`);
  }
}

function mapNode(value: unknown, s: JsonSchemaLike, path: JsonPath): unknown {
  return isStandard(s) ? standard(s, value, path) : map(value, s, path);
}

/**
 * Maps a parsed JSON value onto the typed shape a schema describes: checks
 * types, fills defaults, drops (or keeps, or rejects) undeclared members.
 * A Standard Schema validator (`~standard`) is used as is, also for nested
 * fields. Failures throw `JsonError` `"ESCHEMA"` naming the path.
 *
 * @param value A parsed JSON value.
 * @param schema The shape, or a Standard Schema validator.
 * @param path Path of `value` in its document, for error messages.
 * @returns The typed value.
 *
 * @example Map a value and report a bad field
 * ```ts
 * import { JsonError, mapJson } from "wirekit/json";
 * import assert from "node:assert/strict";
 *
 * const schema = {
 *   type: "object",
 *   fields: {
 *     id: { type: "integer" },
 *     tags: { type: "array", items: { type: "string" }, default: [] },
 *   },
 * } as const;
 * const item = mapJson({ id: 7, extra: true }, schema);
 * assert.deepEqual(item, { id: 7, tags: [] });
 * assert.throws(
 *   () => mapJson({ id: 1, tags: ["a", 2] }, schema),
 *   (e) => e instanceof JsonError && e.message === "Expected a string, got number at $.tags[1]",
 * );
 * ```
 */
export function mapJson<const S extends JsonSchemaLike>(
  value: unknown,
  schema: S,
  path: JsonPath = [],
): InferJsonSchema<S> {
  return mapNode(value, schema, [...path]) as InferJsonSchema<S>;
}
