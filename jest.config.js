// Tests transpile with swc (no type checking); `npm run typecheck` checks types once.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { parser: { syntax: "typescript" }, target: "es2022" } }] },
  setupFiles: ["<rootDir>/test/support/setup-env.js"],
  testTimeout: 30000,
};
