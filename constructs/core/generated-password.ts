import type { Construct } from "constructs";
import { Password } from "@cdktf/provider-random/lib/password";

/**
 * The password every cloud's generated secret holds: letters and digits only
 * (safe in URLs, config files and shell), at least one of each kind. The value
 * also lands in Terraform state, so state read access is secret access.
 * Throws, naming `owner` and `name`, when the length is outside 20-128.
 */
export function generatedPassword(scope: Construct, owner: string, name: string, passwordLength = 40): Password {
  if (!Number.isInteger(passwordLength) || passwordLength < 20 || passwordLength > 128) {
    throw new Error(`${owner} "${name}": passwordLength is ${passwordLength}; use a whole number from 20 to 128.`);
  }
  return new Password(scope, "password", {
    length: passwordLength,
    special: false,
    upper: true,
    lower: true,
    numeric: true,
    minUpper: 1,
    minLower: 1,
    minNumeric: 1,
  });
}
