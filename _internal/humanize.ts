// Copyright 2026 the wirekit authors. MIT license.
// Human-readable numbers for CLI output and diagnostics.

/** Options for {@linkcode humanizeBytes}. */
export interface HumanizeBytesOptions {
  /**
   * Use powers of 1024 with IEC prefixes (KiB, MiB) instead of 1000 (kB, MB).
   * @default {true}
   */
  binary?: boolean;
  /**
   * Significant digits shown for scaled values.
   * @default {3}
   */
  precision?: number;
}

function round(v: number, precision: number): string {
  if (v === 0) return "0";
  if (Math.abs(v) >= 10 ** (precision - 1)) return String(Math.round(v));
  return String(Number(v.toPrecision(precision)));
}

/**
 * Formats a byte count: `1536` -> `"1.5 KiB"` (or `"1.54 kB"` with `binary: false`).
 *
 * @param n Number of bytes.
 * @param options Base and precision.
 * @returns The formatted size.
 */
export function humanizeBytes(n: number, options: HumanizeBytesOptions = {}): string {
  if (!Number.isFinite(n)) return String(n);
  const binary = options.binary ?? true;
  const precision = options.precision ?? 3;
  const base = binary ? 1024 : 1000;
  const units = binary
    ? ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
    : ["B", "kB", "MB", "GB", "TB", "PB", "EB"];
  const sign = n < 0 ? "-" : "";
  let v = Math.abs(n);
  let u = 0;
  while (v >= base && u < units.length - 1) {
    v /= base;
    u++;
  }
  if (u === 0) return `${sign}${v} B`;
  return `${sign}${round(v, precision)} ${units[u]}`;
}

const SI_UP = ["", "k", "M", "G", "T", "P", "E"];
const SI_DOWN = ["", "m", "µ", "n", "p"];

/**
 * Formats a value with an SI prefix: `humanizeSi(2400000, "Hz")` -> `"2.4 MHz"`,
 * `humanizeSi(0.0032, "s")` -> `"3.2 ms"`.
 *
 * @param v The value.
 * @param unit Unit symbol appended after the prefix.
 * @param precision Significant digits.
 * @returns The formatted value.
 */
export function humanizeSi(v: number, unit = "", precision = 3): string {
  if (!Number.isFinite(v)) return `${v} ${unit}`.trim();
  if (v === 0) return `0 ${unit}`.trim();
  const sign = v < 0 ? "-" : "";
  let a = Math.abs(v);
  let prefix = "";
  if (a >= 1000) {
    let i = 0;
    while (a >= 1000 && i < SI_UP.length - 1) {
      a /= 1000;
      i++;
    }
    prefix = SI_UP[i];
  } else if (a < 1) {
    let i = 0;
    while (a < 1 && i < SI_DOWN.length - 1) {
      a *= 1000;
      i++;
    }
    prefix = SI_DOWN[i];
  }
  return `${sign}${round(a, precision)} ${prefix}${unit}`.trim();
}

/**
 * Formats a duration given in milliseconds: below a second with an SI
 * prefix (`"250 ms"`, `"12 µs"`), above it as units (`"1h 2m 3s"`, `"4.5 s"`).
 *
 * @param ms Duration in milliseconds.
 * @returns The formatted duration.
 */
export function humanizeDuration(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  const sign = ms < 0 ? "-" : "";
  const a = Math.abs(ms);
  if (a < 1000) return sign + humanizeSi(a / 1000, "s");
  if (a < 60_000) return `${sign}${round(a / 1000, 3)} s`;
  let s = Math.round(a / 1000);
  const d = Math.floor(s / 86400);
  s -= d * 86400;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const parts: string[] = [];
  if (d) parts.push(`${d}d`);
  if (h) parts.push(`${h}h`);
  if (m) parts.push(`${m}m`);
  if (s) parts.push(`${s}s`);
  return sign + parts.join(" ");
}
