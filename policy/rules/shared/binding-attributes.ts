/**
 * Whether a resource type takes an attribute (tags, labels), read from the
 * provider's generated cdktf binding: `lib/<type without prefix>/index.d.ts`,
 * whose `<Name>Config` interface lists the arguments. The bindings put that
 * interface first and run to megabytes, so only the start of the file is read;
 * each answer is cached per process.
 */
import { closeSync, existsSync, openSync, readSync } from "node:fs";
import { dirname, join } from "node:path";

const CONFIG_START = /export interface \w+Config extends cdktf\.TerraformMetaArguments \{/;
const answers = new Map<string, boolean>();
const libraries = new Map<string, string>();

/** The body of a binding's `<Name>Config` interface, or undefined when the file has none. */
function configInterfaceOf(file: string): string | undefined {
  const fd = openSync(file, "r");
  try {
    const chunk = Buffer.alloc(64 * 1024);
    let text = "";
    for (let read = readSync(fd, chunk, 0, chunk.length, null); read > 0; read = readSync(fd, chunk, 0, chunk.length, null)) {
      text += chunk.toString("utf8", 0, read);
      const start = CONFIG_START.exec(text);
      const end = start ? text.indexOf("\n}", start.index) : -1;
      if (start && end >= 0) return text.slice(start.index + start[0].length, end);
    }
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/**
 * Does `type` (e.g. `aws_s3_bucket`) take the optional argument `attribute`
 * (e.g. `tags`) according to `providerPackage` (e.g. `@cdktf/provider-aws`)?
 * `prefix` is the type prefix the binding folders drop (`aws_`). False for a
 * type the package has no binding for.
 */
export function bindingTakes(providerPackage: string, prefix: string, type: string, attribute: string): boolean {
  const key = `${providerPackage}\u0000${type}\u0000${attribute}`;
  const cached = answers.get(key);
  if (cached !== undefined) return cached;
  let lib = libraries.get(providerPackage);
  if (lib === undefined) {
    lib = join(dirname(require.resolve(`${providerPackage}/package.json`)), "lib");
    libraries.set(providerPackage, lib);
  }
  const file = join(lib, type.slice(type.startsWith(prefix) ? prefix.length : 0).replace(/_/g, "-"), "index.d.ts");
  const config = existsSync(file) ? configInterfaceOf(file) : undefined;
  const takes = config !== undefined && new RegExp(`\\n {4}readonly ${attribute}\\?:`).test(config);
  answers.set(key, takes);
  return takes;
}
