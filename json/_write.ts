// Copyright 2026 the wirekit authors. MIT license.
// The iterative JSON writer shared by stringifyJson and JsonStringifyStream.
import { JsonError } from "./json_error.ts";

type WellFormed = { isWellFormed?: () => boolean };

/** Escapes a string: JSON.stringify escapes lone surrogates as \udxxx (ES2019). */
export function quote(s: string, canonical: boolean): string {
  if (canonical) {
    const f = (s as unknown as WellFormed).isWellFormed;
    const ok = f
      ? f.call(s)
      : !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);
    if (!ok) throw new TypeError("Canonical JSON cannot hold a lone surrogate");
  }
  return JSON.stringify(s);
}

/** Resolves the indent option to the unit string. */
export function indentUnit(indent: number | string | undefined): string {
  if (indent === undefined) return "";
  if (typeof indent === "number") {
    if (!Number.isInteger(indent) || indent < 0 || indent > 10) {
      throw new RangeError(`Option indent must be 0 to 10 spaces, got ${indent}`);
    }
    return " ".repeat(indent);
  }
  if (typeof indent !== "string" || !/^[ \t\n\r]{0,10}$/.test(indent)) {
    throw new RangeError("Option indent must be up to 10 JSON whitespace characters");
  }
  return indent;
}

/** Serialises a primitive, or returns undefined for a container / skipped value. */
function primitive(v: unknown, canonical: boolean): string | undefined | null {
  switch (typeof v) {
    case "string":
      return quote(v, canonical);
    case "number":
      if (!Number.isFinite(v)) {
        throw new TypeError(`Cannot write the non-finite number ${v} as JSON`);
      }
      return JSON.stringify(v);
    case "boolean":
      return v ? "true" : "false";
    case "bigint":
      if (canonical) throw new TypeError("Canonical JSON cannot hold a bigint");
      return v.toString();
    case "undefined":
    case "function":
    case "symbol":
      return null;
    default:
      return v === null ? "null" : undefined;
  }
}

function toJsonValue(v: unknown, key: string): unknown {
  if (
    typeof v === "object" && v !== null && typeof (v as { toJSON?: unknown }).toJSON === "function"
  ) {
    return (v as { toJSON: (k: string) => unknown }).toJSON(key);
  }
  return v;
}

interface Frame {
  value: unknown[] | Record<string, unknown>;
  keys: string[] | null; // null for arrays
  i: number;
  wrote: boolean;
}

/**
 * Appends the JSON text of `root` to `out`, starting at nesting `level`.
 * Iterative; `undefined`, functions and symbols are skipped in objects and
 * written as null in arrays; returns false if `root` itself has no JSON form.
 */
export function writeJson(
  root: unknown,
  out: string[],
  unit: string,
  level: number,
  canonical: boolean,
  maxDepth: number,
): boolean {
  root = toJsonValue(root, "");
  const first = primitive(root, canonical);
  if (first === null) return false;
  if (first !== undefined) {
    out.push(first);
    return true;
  }
  const stack: Frame[] = [];
  const seen = new Set<unknown>();
  const nl = (depth: number) => unit === "" ? "" : "\n" + unit.repeat(depth);
  const colon = unit === "" ? ":" : ": ";
  const open = (v: object) => {
    if (seen.has(v)) throw new TypeError("Cannot write a circular structure as JSON");
    if (stack.length >= maxDepth) {
      throw new JsonError("EDEPTH", `Nesting deeper than ${maxDepth}`);
    }
    seen.add(v);
    if (Array.isArray(v)) {
      out.push("[");
      stack.push({ value: v, keys: null, i: 0, wrote: false });
    } else {
      out.push("{");
      const keys = Object.keys(v);
      if (canonical) keys.sort();
      stack.push({ value: v as Record<string, unknown>, keys, i: 0, wrote: false });
    }
  };
  open(root as object);
  while (stack.length > 0) {
    const f = stack[stack.length - 1];
    const depth = level + stack.length;
    if (f.keys === null) {
      const arr = f.value as unknown[];
      if (f.i >= arr.length) {
        stack.pop();
        seen.delete(arr);
        out.push(f.wrote ? nl(depth - 1) + "]" : "]");
        continue;
      }
      const idx = f.i++;
      const v = toJsonValue(arr[idx], String(idx));
      out.push((f.wrote ? "," : "") + nl(depth));
      f.wrote = true;
      const p = primitive(v, canonical);
      if (p === undefined) open(v as object);
      else out.push(p === null ? "null" : p);
    } else {
      const obj = f.value as Record<string, unknown>;
      if (f.i >= f.keys.length) {
        stack.pop();
        seen.delete(obj);
        out.push(f.wrote ? nl(depth - 1) + "}" : "}");
        continue;
      }
      const k = f.keys[f.i++];
      const v = toJsonValue(obj[k], k);
      const p = primitive(v, canonical);
      if (p === null) continue;
      out.push((f.wrote ? "," : "") + nl(depth) + quote(k, canonical) + colon);
      f.wrote = true;
      if (p === undefined) open(v as object);
      else out.push(p);
    }
  }
  return true;
}
