/**
 * What looks like a secret, by name or by value: shared by every cloud's rule
 * set (environment variables of containers and functions, outputs).
 */
import { SECRET_ENV_NAMES } from "../../../constructs/core/runtime-contract";
import type { TfReference } from "../../engine/types";

/** Name parts that mark a secret wherever they appear (`DBPASSWORD`, `client_secret`). */
const SECRET_SUBSTRINGS = ["PASSWORD", "PASSWD", "SECRET", "TOKEN", "CREDENTIAL", "PRIVATEKEY", "APIKEY", "CONNECTIONSTRING"];
/** Name parts that mark a secret as a whole word (`API_KEY`, `DB_PASS`), not inside others (`MONKEY`). */
const SECRET_WORDS = new Set(["KEY", "PASS", "PWD", "CREDS", "DSN"]);
/** A last word that makes the name a pointer to a secret, not the secret (`SECRET_ARN`, `KMS_KEY_ID`). */
const REFERENCE_WORDS = new Set(["ARN", "ARNS", "ID", "IDS", "NAME", "NAMES", "FILE", "PATH", "REF", "HEADER", "TTL", "VERSION", "LENGTH", "COUNT", "ROTATION", "REGION", "ALIAS"]);
/** `scheme://user:password@host`: credentials inside a URL. */
const URL_WITH_PASSWORD = /[a-z][a-z0-9+.-]*:\/\/[^\s/:@]+:[^\s/@]+@/i;
const PRIVATE_KEY_PEM = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;
/** Attributes that hold secret values, on any resource or data source. */
const SENSITIVE_ATTRIBUTES = new Set([
  "secret_string",
  "secret_binary",
  "password",
  "master_password",
  "auth_token",
  "private_key",
  "private_key_pem",
  "private_key_openssh",
  "secret",
  "ses_smtp_password_v4",
  "bcrypt_hash",
  "primary_access_key",
  "secondary_access_key",
  "primary_connection_string",
  "secondary_connection_string",
]);

/** Words of a name: split on `_ - . space` and camelCase. */
function wordsOf(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .split(/[_\-.\s]+/)
    .filter(Boolean)
    .map((w) => w.toUpperCase());
}

/**
 * True for names that say "secret": the runtime contract's SECRET_ENV_NAMES,
 * and names with PASSWORD, SECRET, TOKEN, KEY, ... in them, unless the last
 * word makes them a reference (`..._ARN`, `..._ID`, `..._NAME`, `..._FILE`).
 */
export function looksSecretName(name: string): boolean {
  if (SECRET_ENV_NAMES.includes(name)) return true;
  const words = wordsOf(name);
  if (words.length === 0 || REFERENCE_WORDS.has(words[words.length - 1])) return false;
  const joined = words.join("");
  return SECRET_SUBSTRINGS.some((s) => joined.includes(s)) || words.some((w) => SECRET_WORDS.has(w));
}

/** True when a reference reads a secret value (`random_password.x.result`, `...secret_string`). */
export function isSensitiveReference(ref: TfReference): boolean {
  if (ref.attribute === undefined) return false;
  if (ref.address.startsWith("random_password.") && (ref.attribute === "result" || ref.attribute === "bcrypt_hash")) return true;
  return SENSITIVE_ATTRIBUTES.has(ref.attribute);
}

/** Why a literal value looks like a secret, or undefined. */
export function secretValueProblem(value: string): string | undefined {
  // Cheap pre-filter: both patterns need "://" or "-----BEGIN", and the URL
  // pattern backtracks quadratically on long base64 runs (user data), which
  // would cost seconds per stack.
  if (!value.includes("://") && !value.includes("-----BEGIN")) return undefined;
  if (URL_WITH_PASSWORD.test(value)) return "holds a URL with a password in it";
  if (PRIVATE_KEY_PEM.test(value)) return "holds a private key";
  return undefined;
}
