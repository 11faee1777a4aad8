// Copyright 2026 the wirekit authors. MIT license.
// Error bases shared by every module. Each module exports its own subclass
// with a string-literal `code` union; malformed bytes use a SyntaxError
// subclass that carries the offset where decoding stopped.

/** Options accepted by {@linkcode WirekitError}. */
export interface WirekitErrorOptions {
  /** The underlying error, if any. */
  cause?: unknown;
}

/**
 * Base of every module's domain error: a machine-readable `code` plus an
 * optional `cause`. Modules subclass it with their own `code` union.
 */
export class WirekitError<Code extends string = string> extends Error {
  /** Machine-readable failure kind, e.g. `"ETIMEOUT"`. */
  readonly code: Code;

  /**
   * Creates the error.
   *
   * @param code Machine-readable failure kind.
   * @param message Human-readable description: what failed, quoting the value.
   * @param options The underlying cause, if any.
   */
  constructor(code: Code, message: string, options?: WirekitErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.name = new.target.name;
  }
}

/** Options accepted by {@linkcode OffsetSyntaxError}. */
export interface OffsetSyntaxErrorOptions {
  /** 1-based line, for text formats. */
  line?: number;
  /** 1-based column, for text formats. */
  column?: number;
  /** The underlying error, if any. */
  cause?: unknown;
}

/**
 * Malformed input: a `SyntaxError` that says where (`offset`, in bytes or
 * code units of the input) decoding failed.
 */
export class OffsetSyntaxError extends SyntaxError {
  /** Offset into the input at which the problem was found. */
  readonly offset: number;
  /** 1-based line, for text formats. */
  readonly line?: number;
  /** 1-based column, for text formats. */
  readonly column?: number;

  /**
   * Creates the error.
   *
   * @param message Human-readable description of the problem.
   * @param offset Offset into the input at which it was found.
   * @param options Line and column for text formats, and the cause.
   */
  constructor(message: string, offset: number, options?: OffsetSyntaxErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.offset = offset;
    if (options?.line !== undefined) this.line = options.line;
    if (options?.column !== undefined) this.column = options.column;
    this.name = new.target.name;
  }
}

/** Input ended before a complete value could be read. */
export class TruncatedInputError extends OffsetSyntaxError {
  /** How many more bytes were needed at `offset`. */
  readonly needed: number;

  /**
   * Creates the error.
   *
   * @param needed How many more bytes were needed.
   * @param offset Where they were needed.
   */
  constructor(needed: number, offset: number) {
    super(`Unexpected end of input: needed ${needed} more byte(s) at offset ${offset}`, offset);
    this.needed = needed;
  }
}

/** Malformed base64, base64url or hex text. */
export class EncodingSyntaxError extends OffsetSyntaxError {}

/** Malformed IP address or CIDR text. */
export class AddressSyntaxError extends OffsetSyntaxError {}
