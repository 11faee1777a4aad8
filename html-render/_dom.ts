// Copyright 2026 the wirekit authors. MIT license.
// HTML to a small element/text tree via parse5 (tolerant, entities decoded),
// with source locations and a node-count limit.
import { parse } from "parse5";
import { HtmlRenderError } from "./html_render_error.ts";

/** A source location (1-based line and column). */
export interface SourceLoc {
  line: number;
  col: number;
}

/** A text node. */
export interface TextNode {
  kind: 3;
  text: string;
  parent: ElementNode;
}

/** An element node. */
export interface ElementNode {
  kind: 1;
  tag: string;
  attrs: Map<string, string>;
  id: string;
  classes: string[];
  children: (ElementNode | TextNode)[];
  parent: ElementNode | null;
  /** Previous and next element siblings, for sibling combinators and structural pseudo-classes. */
  prev: ElementNode | null;
  next: ElementNode | null;
  /** 1-based index among element siblings, and how many element siblings there are. */
  index: number;
  siblings: number;
  loc: SourceLoc;
  /** Location of the first character of its text content (for <style>). */
  textLoc?: SourceLoc;
}

interface P5Node {
  nodeName: string;
  tagName?: string;
  value?: string;
  attrs?: { name: string; value: string }[];
  childNodes?: P5Node[];
  content?: P5Node;
  sourceCodeLocation?: {
    startLine: number;
    startCol: number;
    startTag?: { endLine: number; endCol: number };
  };
}

/** Parses HTML into an element tree rooted at `<html>`. */
export function parseDom(html: string, maxNodes: number): ElementNode {
  const doc = parse(html, { sourceCodeLocationInfo: true }) as unknown as P5Node;
  let count = 0;
  const root = (doc.childNodes ?? []).find((n) => n.nodeName === "html");
  function convert(n: P5Node, parent: ElementNode | null): ElementNode {
    const attrs = new Map<string, string>();
    for (const a of n.attrs ?? []) attrs.set(a.name.toLowerCase(), a.value);
    const loc = n.sourceCodeLocation;
    const el: ElementNode = {
      kind: 1,
      tag: (n.tagName ?? n.nodeName).toLowerCase(),
      attrs,
      id: attrs.get("id") ?? "",
      classes: (attrs.get("class") ?? "").split(/[ \t\n\r\f]+/).filter(Boolean),
      children: [],
      parent,
      prev: null,
      next: null,
      index: 1,
      siblings: 1,
      loc: { line: loc?.startLine ?? 0, col: loc?.startCol ?? 0 },
    };
    if (loc?.startTag) el.textLoc = { line: loc.startTag.endLine, col: loc.startTag.endCol };
    // An explicit stack instead of recursion: deep documents must not overflow.
    return el;
  }
  if (!root) throw new HtmlRenderError("EPARSE", "The document has no <html> element");
  const top = convert(root, null);
  const stack: [P5Node, ElementNode][] = [[root, top]];
  while (stack.length) {
    const [src, el] = stack.pop()!;
    let prev: ElementNode | null = null;
    let idx = 0;
    const kids = src.nodeName === "template" ? [] : src.childNodes ?? [];
    for (const c of kids) {
      if (++count > maxNodes) {
        throw new HtmlRenderError(
          "ELIMIT",
          `The document has more than ${maxNodes} nodes (limits.domNodes)`,
        );
      }
      if (c.nodeName === "#text") {
        el.children.push({ kind: 3, text: c.value ?? "", parent: el });
      } else if (c.tagName) {
        const ce = convert(c, el);
        ce.index = ++idx;
        ce.prev = prev;
        if (prev) prev.next = ce;
        prev = ce;
        el.children.push(ce);
        stack.push([c, ce]);
      }
    }
    for (const c of el.children) if (c.kind === 1) c.siblings = idx;
  }
  return top;
}

/** The text content of an element (for <style>, <title>). */
export function textContent(el: ElementNode): string {
  let s = "";
  for (const c of el.children) s += c.kind === 3 ? c.text : textContent(c);
  return s;
}
