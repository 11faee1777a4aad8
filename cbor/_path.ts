// Copyright 2026 the wirekit authors. MIT license.
// Path patterns for CborStreamParser, in the JSONPath subset json/ uses:
// `$`, `.name`, `["name"]`, `[2]` (array index or integer map key), `.*` /
// `[*]` (any child) and `..` (any number of levels).

/** One compiled step of a path pattern. */
export type PathStep =
  | { kind: "key"; key: string }
  | { kind: "index"; index: number }
  | { kind: "any" }
  | { kind: "descend" };

/** Parses a pattern such as `$.payload[2]` or `$..sig`. */
export function compilePath(pattern: string): PathStep[] {
  if (!pattern.startsWith("$")) {
    throw new SyntaxError(`Path pattern must start with "$": ${JSON.stringify(pattern)}`);
  }
  const steps: PathStep[] = [];
  let i = 1;
  const fail = (): never => {
    throw new SyntaxError(`Invalid path pattern ${JSON.stringify(pattern)} at ${i}`);
  };
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === ".") {
      if (pattern[i + 1] === ".") {
        steps.push({ kind: "descend" });
        i += 2;
        if (pattern[i] === "[") continue;
      } else i++;
      if (pattern[i] === "*") {
        steps.push({ kind: "any" });
        i++;
        continue;
      }
      const m = /^[A-Za-z_$][\w$-]*/.exec(pattern.slice(i));
      if (!m) fail();
      steps.push({ kind: "key", key: m![0] });
      i += m![0].length;
    } else if (c === "[") {
      const rest = pattern.slice(i);
      let m: RegExpExecArray | null;
      if ((m = /^\[\*\]/.exec(rest))) steps.push({ kind: "any" });
      else if ((m = /^\[(-?\d+)\]/.exec(rest))) steps.push({ kind: "index", index: Number(m[1]) });
      else if ((m = /^\[("(?:[^"\\]|\\.)*")\]/.exec(rest))) {
        steps.push({ kind: "key", key: JSON.parse(m[1]) });
      } else if ((m = /^\['((?:[^'\\]|\\.)*)'\]/.exec(rest))) {
        steps.push({ kind: "key", key: m[1].replace(/\\(.)/g, "$1") });
      } else return fail();
      i += m[0].length;
    } else fail();
  }
  if (steps.length && steps[steps.length - 1].kind === "descend") fail();
  return steps;
}

function stepMatches(step: PathStep, seg: unknown): boolean {
  switch (step.kind) {
    case "any":
      return true;
    case "key":
      return seg === step.key;
    case "index":
      return seg === step.index || (typeof seg === "bigint" && seg === BigInt(step.index));
    default:
      return false;
  }
}

/** Whether `path[0..len)` matches the steps from `si` on. */
export function matchPath(
  steps: readonly PathStep[],
  path: readonly unknown[],
  len: number,
  si = 0,
  pi = 0,
): boolean {
  while (si < steps.length) {
    const s = steps[si];
    if (s.kind === "descend") {
      for (let k = pi; k < len; k++) if (matchPath(steps, path, len, si + 1, k)) return true;
      return false;
    }
    if (pi >= len || !stepMatches(s, path[pi])) return false;
    si++;
    pi++;
  }
  return pi === len;
}

/** Renders a path as a pattern string (`$.a[0]`). */
export function formatPath(path: readonly unknown[]): string {
  let s = "$";
  for (const seg of path) {
    if (typeof seg === "number" || typeof seg === "bigint") s += `[${seg}]`;
    else if (typeof seg === "string" && /^[A-Za-z_$][\w$]*$/.test(seg)) s += `.${seg}`;
    else if (typeof seg === "string") s += `[${JSON.stringify(seg)}]`;
    else s += `[?]`;
  }
  return s;
}
