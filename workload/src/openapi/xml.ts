/**
 * JSON values → XML text for `application/xml` (and `+xml`) responses,
 * following the schema's XML Object: `xml.name`, `xml.attribute`,
 * `xml.wrapped`, `xml.prefix` and `xml.namespace`. Elements without a name
 * take the property name, the `$ref`'d schema name, or `root`/`item`.
 */
import { isPlainObject } from "../util/json";
import { resolveRef } from "./refs";

interface Resolved {
  schema: Record<string, unknown>;
  /** Last segment of the `$ref` that led here (a default element name). */
  refName: string | undefined;
}

function resolve(root: unknown, schema: unknown): Resolved {
  let cur = schema;
  let refName: string | undefined;
  for (let i = 0; i < 32 && isPlainObject(cur) && typeof cur.$ref === "string"; i++) {
    const ref = cur.$ref;
    const r = resolveRef(root, ref);
    if (!r.ok) break;
    refName = decodeURIComponent(ref.slice(ref.lastIndexOf("/") + 1));
    cur = r.value;
  }
  const s = isPlainObject(cur) ? cur : {};
  // allOf parts contribute properties (and their XML names) too.
  if (Array.isArray(s.allOf)) {
    const merged: Record<string, unknown> = { ...s, properties: { ...(isPlainObject(s.properties) ? s.properties : {}) } };
    for (const part of s.allOf) {
      const p = resolve(root, part).schema;
      if (isPlainObject(p.properties)) Object.assign(merged.properties as object, p.properties);
      if (merged.xml === undefined && p.xml !== undefined) merged.xml = p.xml;
    }
    return { schema: merged, refName };
  }
  return { schema: s, refName };
}

function xmlOf(schema: Record<string, unknown>): Record<string, unknown> {
  return isPlainObject(schema.xml) ? schema.xml : {};
}

const NAME_START = /^[A-Za-z_]/;

/** A valid XML element name from an arbitrary key. */
function safeName(name: string): string {
  let n = name.replace(/[^A-Za-z0-9_.:-]/g, "_");
  if (!NAME_START.test(n)) n = `_${n}`;
  return n;
}

function escapeText(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function escapeAttr(s: string): string {
  return escapeText(s).replace(/"/g, "&quot;");
}

function scalar(v: unknown): string {
  return typeof v === "string" ? v : v === null || v === undefined ? "" : typeof v === "object" ? JSON.stringify(v) : String(v);
}

function qualified(name: string, xml: Record<string, unknown>): { tag: string; ns: string } {
  const prefix = typeof xml.prefix === "string" && xml.prefix !== "" ? xml.prefix : undefined;
  const tag = prefix ? `${safeName(prefix)}:${safeName(name)}` : safeName(name);
  const ns = typeof xml.namespace === "string" ? ` xmlns${prefix ? `:${safeName(prefix)}` : ""}="${escapeAttr(xml.namespace)}"` : "";
  return { tag, ns };
}

function element(root: unknown, value: unknown, schemaRaw: unknown, fallbackName: string, depth: number): string {
  const { schema, refName } = resolve(root, schemaRaw);
  const xml = xmlOf(schema);
  const name = typeof xml.name === "string" && xml.name !== "" ? xml.name : refName ?? fallbackName;
  const { tag, ns } = qualified(name, xml);
  if (depth > 64) return `<${tag}${ns}/>`;
  if (Array.isArray(value)) {
    // A bare array still needs one element around it.
    const itemName = resolve(root, schema.items).schema;
    const inner = value.map((v) => element(root, v, schema.items, typeof xmlOf(itemName).name === "string" ? (xmlOf(itemName).name as string) : "item", depth + 1)).join("");
    return `<${tag}${ns}>${inner}</${tag}>`;
  }
  if (isPlainObject(value)) {
    const props = isPlainObject(schema.properties) ? schema.properties : {};
    let attrs = "";
    let children = "";
    for (const [key, v] of Object.entries(value)) {
      if (v === undefined) continue;
      const { schema: ps, refName: pRef } = resolve(root, props[key]);
      const pXml = xmlOf(ps);
      const pName = typeof pXml.name === "string" && pXml.name !== "" ? pXml.name : key;
      if (pXml.attribute === true && (v === null || typeof v !== "object")) {
        attrs += ` ${qualified(pName, pXml).tag}="${escapeAttr(scalar(v))}"`;
        continue;
      }
      if (Array.isArray(v)) {
        const items = resolve(root, ps.items);
        const iXml = xmlOf(items.schema);
        const itemName = typeof iXml.name === "string" && iXml.name !== "" ? iXml.name : pXml.wrapped === true ? (items.refName ?? key) : pName;
        const inner = v.map((x) => element(root, x, ps.items, itemName, depth + 1)).join("");
        if (pXml.wrapped === true) {
          const w = qualified(pName, pXml);
          children += `<${w.tag}${w.ns}>${inner}</${w.tag}>`;
        } else children += inner;
        continue;
      }
      children += element(root, v, props[key] ?? {}, pRef && typeof pXml.name !== "string" ? key : pName, depth + 1);
    }
    return children === "" ? `<${tag}${ns}${attrs}/>` : `<${tag}${ns}${attrs}>${children}</${tag}>`;
  }
  if (value === null || value === undefined) return `<${tag}${ns}/>`;
  return `<${tag}${ns}>${escapeText(scalar(value))}</${tag}>`;
}

/** Serializes `value` as an XML document described by `schema`. */
export function toXml(root: unknown, value: unknown, schema: unknown): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${element(root, value, schema, "root", 0)}`;
}

/** True for `application/xml`, `text/xml` and `...+xml` media types. */
export function isXmlMediaType(mediaType: string): boolean {
  const base = mediaType.split(";")[0].trim().toLowerCase();
  return base === "application/xml" || base === "text/xml" || base.endsWith("+xml");
}
