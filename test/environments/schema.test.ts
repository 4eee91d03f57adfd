import { readFileSync } from "fs";
import * as path from "path";
import { MAX_ZONES } from "../../constructs/core/cidr";
import { AWS_REGIONS, isAwsRegion } from "../../environments/regions";
import { FARGATE_MEMORY_MIB } from "../../environments/validate";
import { REAL_DIR } from "./fixtures";

type SchemaNode = Record<string, unknown>;
const schema = JSON.parse(readFileSync(path.join(REAL_DIR, "schema.json"), "utf8")) as SchemaNode;
const definitions = schema.definitions as Record<string, SchemaNode>;
const at = (...keys: string[]): SchemaNode => keys.reduce<SchemaNode>((node, key) => node[key] as SchemaNode, schema);

/** Every schema node below `node` with the JSON path that reaches it. */
function walk(node: SchemaNode, where: string, visit: (node: SchemaNode, where: string) => void): void {
  visit(node, where);
  for (const [name, child] of Object.entries((node.properties ?? {}) as Record<string, SchemaNode>)) walk(child, `${where}.${name}`, visit);
  if (node.items) walk(node.items as SchemaNode, `${where}[]`, visit);
}

describe("schema.json", () => {
  it("lists exactly the AWS regions of environments/regions.ts (update the enum from the list when this fails)", () => {
    expect(definitions.awsRegion.enum).toEqual([...AWS_REGIONS]);
  });

  it("uses the one region list for every region field", () => {
    expect(at("properties", "aws", "properties", "state", "properties", "region").$ref).toBe("#/definitions/awsRegion");
    expect(at("properties", "aws", "properties", "regions", "items", "properties", "name").$ref).toBe("#/definitions/awsRegion");
  });

  it("allows as many zones as the subnet plan reserves (MAX_ZONES)", () => {
    expect(at("properties", "aws", "properties", "regions", "items", "properties", "azCount").maximum).toBe(MAX_ZONES);
  });

  it("is editor-friendly: every property has a title and a description, every object refuses unknown keys", () => {
    const problems: string[] = [];
    walk(schema, "(root)", (node, where) => {
      if (typeof node.title !== "string" || typeof node.description !== "string") problems.push(`${where}: title/description missing`);
      if (node.type === "object" && node.additionalProperties !== false) problems.push(`${where}: additionalProperties is not false`);
      if (typeof node.pattern === "string" && typeof node.patternErrorMessage !== "string") problems.push(`${where}: pattern without patternErrorMessage`);
      if (node.default !== undefined && !String(node.description).includes("Default:")) problems.push(`${where}: default not documented in the description`);
    });
    expect(problems).toEqual([]);
  });

  it("keeps the vCPU range of the Fargate table", () => {
    const cpu = at("properties", "service", "properties", "cpu");
    const fargateCpus = [...FARGATE_MEMORY_MIB.keys()];
    expect([cpu.minimum, cpu.maximum]).toEqual([Math.min(...fargateCpus), Math.max(...fargateCpus)]);
  });
});

describe("regions.ts", () => {
  it("holds unique, well-formed commercial region ids and nothing from other partitions", () => {
    expect(new Set(AWS_REGIONS).size).toBe(AWS_REGIONS.length);
    for (const region of AWS_REGIONS) expect(region).toMatch(/^(af|ap|ca|eu|il|me|mx|sa|us)-[a-z]+-\d$/);
    expect(AWS_REGIONS.some((r) => r.startsWith("us-gov-") || r.startsWith("cn-"))).toBe(false);
    expect(isAwsRegion("eu-west-1")).toBe(true);
    expect(isAwsRegion("us-gov-west-1")).toBe(false);
  });
});
