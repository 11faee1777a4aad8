// Copyright 2026 the wirekit authors. MIT license.

/**
 * Something the renderer could not honour: an unsupported property, value,
 * selector or element, or an asset that failed to load. The page still
 * renders; the affected element degrades.
 *
 * @example Format a diagnostic as `source:line:column message`
 * ```ts
 * import type { RenderDiagnostic } from "wirekit/html-render";
 * import assert from "node:assert/strict";
 *
 * const d: RenderDiagnostic = { kind: "property", message: 'Unsupported property "float"', source: "page.html", line: 3, column: 5 };
 * assert.equal(`${d.source}:${d.line}:${d.column} ${d.message}`, 'page.html:3:5 Unsupported property "float"');
 * ```
 */
export interface RenderDiagnostic {
  /** What kind of thing was not honoured. */
  kind: "property" | "value" | "selector" | "at-rule" | "element" | "asset" | "font" | "limit";
  /** Human-readable description quoting the offending text. */
  message: string;
  /** Where it came from: the page URL/name or a stylesheet URL. */
  source?: string;
  /** 1-based line in `source`. */
  line?: number;
  /** 1-based column in `source`. */
  column?: number;
}
