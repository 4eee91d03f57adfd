/**
 * How schema.json becomes a validation function, in one place: the loader
 * compiles it at run time (tests, ts sources) and scripts/transpile.mjs
 * writes the same compilation as standalone code next to the compiled
 * loader, so a synth does not spend ~70 ms compiling the schema each time.
 */
import type Ajv from "ajv";
import type { AnySchemaObject, ValidateFunction } from "ajv";

/** File name of the precompiled validator, written beside dist/environments/load.js. */
export const PRECOMPILED_VALIDATOR = "schema.validator.js";

function createAjv(source: boolean): Ajv {
  // Required lazily: with a precompiled validator, a synth never loads the compiler.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { default: AjvClass } = require("ajv") as typeof import("ajv");
  // verbose: errors carry the data and the schema node, which the messages quote.
  const ajv = new AjvClass({ allErrors: true, verbose: true, useDefaults: true, strict: true, code: { source } });
  // Editor hint (VS Code / yaml-language-server): the human text shown instead of the regex.
  ajv.addKeyword({ keyword: "patternErrorMessage", schemaType: "string" });
  return ajv;
}

export function compileSchema(schema: AnySchemaObject): ValidateFunction {
  return createAjv(false).compile(schema);
}

/** CommonJS source of a module whose export is the compiled validator. */
export function precompiledSource(schema: AnySchemaObject): string {
  const ajv = createAjv(true);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { default: standaloneCode } = require("ajv/dist/standalone") as typeof import("ajv/dist/standalone");
  return standaloneCode(ajv, ajv.compile(schema));
}
