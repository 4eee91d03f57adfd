import { readFileSync } from "node:fs";
import { join } from "node:path";
import { IMAGE_TAG_PATTERN, isImageTag } from "../../constructs/core/image-tag";

describe("image tags", () => {
  it("follow Docker's grammar", () => {
    for (const ok of ["0.1.0", "1e8dc31cff95", "a".repeat(128), "_x", "v1_rc-2.3"]) expect(isImageTag(ok)).toBe(true);
    for (const bad of ["", "-x", ".x", "a:b", "a/b", "a b", "a".repeat(129), "ä"]) expect(isImageTag(bad)).toBe(false);
  });

  it("are checked with the same pattern in the environment schema (JSON data) as in code", () => {
    const schema = JSON.parse(readFileSync(join(__dirname, "..", "..", "environments", "schema.json"), "utf8")) as {
      definitions?: Record<string, { properties?: Record<string, { pattern?: string }> }>;
    };
    const patterns: string[] = [];
    const walk = (v: unknown, key?: string): void => {
      if (v && typeof v === "object") {
        if (key === "imageTag" && typeof (v as { pattern?: unknown }).pattern === "string") patterns.push((v as { pattern: string }).pattern);
        for (const [k, child] of Object.entries(v)) walk(child, k);
      }
    };
    walk(schema);
    expect(patterns.length).toBeGreaterThan(0);
    for (const p of patterns) expect(p).toBe(IMAGE_TAG_PATTERN.source);
  });
});
