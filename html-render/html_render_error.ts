// Copyright 2026 the wirekit authors. MIT license.
import { WirekitError, type WirekitErrorOptions } from "../_internal/errors.ts";

/**
 * Why rendering failed as a whole: `"ELIMIT"` a limit (`limits.*`) was
 * exceeded, `"EPARSE"` the document could not be parsed at all, `"ELOAD"`
 * a resource the caller required could not be loaded, `"EFONT"` no usable
 * font was available. Problems with single assets or declarations are not
 * errors: they become diagnostics.
 */
export type HtmlRenderErrorCode = "ELIMIT" | "EPARSE" | "ELOAD" | "EFONT";

/**
 * The html-render module's domain error, with a machine-readable `code`.
 *
 * @example Check the code of a limit failure
 * ```ts
 * import { HtmlRenderError } from "wirekit/html-render";
 * import assert from "node:assert/strict";
 *
 * const err = new HtmlRenderError("ELIMIT", "Too many nodes");
 * assert.equal(err.code, "ELIMIT");
 * assert.ok(err instanceof Error);
 * ```
 */
export class HtmlRenderError extends WirekitError<HtmlRenderErrorCode> {
  /**
   * Creates the error.
   *
   * @param code Machine-readable failure kind.
   * @param message Human-readable message.
   * @param options Optional cause.
   */
  constructor(code: HtmlRenderErrorCode, message: string, options?: WirekitErrorOptions) {
    super(code, message, options);
  }
}
