/**
 * Encryption in transit at the edge: TLS 1.2+ listeners with strong cipher
 * suites, and plain-HTTP listeners that only redirect to HTTPS. (OCI has no
 * CDN of its own: Web Application Acceleration runs on these listeners.
 * Object Storage and OCI Database with PostgreSQL accept TLS connections
 * only, with nothing to configure.)
 */
import type { StackContext, TfBlock } from "../../engine/types";
import { blocksOf, ociRule, shown, stringsOf } from "./helpers";

const TLS_PROTOCOLS = new Set(["TLSv1.2", "TLSv1.3"]);
/** Predefined OCI suites without TLS 1.0/1.1-era ciphers. */
const MODERN_PREDEFINED_SUITES = new Set(["oci-modern-ssl-cipher-suite-v1"]);
/** Cipher name parts that mark a broken or obsolete cipher (OpenSSL names). */
const WEAK_CIPHER = /(^|-)(RC4|DES|3DES|DES-CBC3|NULL|EXP|EXPORT|MD5|ADH|AECDH|anon|PSK|SEED|IDEA|CAMELLIA)(-|$)/i;

const CIPHER_SUITE = "oci_load_balancer_ssl_cipher_suite";

/** The cipher suite a listener names: a reference to a suite of this stack, or a suite of its load balancer by name. */
function cipherSuiteOf(listener: TfBlock, name: unknown, ctx: StackContext): TfBlock | undefined {
  const byRef = ctx.resolve(name, CIPHER_SUITE);
  if (byRef) return byRef;
  return ctx
    .resources(CIPHER_SUITE)
    .find((suite) => suite.config.name === name && (suite.config.load_balancer_id === listener.config.load_balancer_id || ctx.refersTo(listener.config.load_balancer_id, suite)));
}

function weakCiphers(suite: TfBlock): string[] {
  // Forward secrecy (ECDHE/DHE key exchange; TLS 1.3 suites always have it) and an AEAD mode.
  return stringsOf(suite.config.ciphers).filter((c) => WEAK_CIPHER.test(c) || !/^(ECDHE|DHE)-|^TLS_/i.test(c) || !/GCM|CHACHA20|CCM/i.test(c));
}

export const listenerTls = ociRule({
  id: "MF-OCI-LB-1",
  severity: "error",
  title: "TLS listeners accept TLS 1.2 or newer only, with a cipher suite of AEAD ciphers (defined in the stack or oci-modern-ssl-cipher-suite-v1)",
  fix: "Give ssl_configuration protocols [TLSv1.2] (or TLSv1.2 and TLSv1.3) and cipher_suite_name = an oci_load_balancer_ssl_cipher_suite of ECDHE-*-GCM ciphers (OciLoadBalancer does).",
  mirrors: [],
  appliesTo: ["oci_load_balancer_listener", CIPHER_SUITE],
  check: (block, ctx) => {
    if (block.type === CIPHER_SUITE) {
      const weak = weakCiphers(block);
      return weak.length > 0 ? [`cipher suite ${shown(block.config.name)} includes ${weak.join(", ")}: not a forward-secret AEAD cipher`] : [];
    }
    const ssl = blocksOf(block.config.ssl_configuration)[0];
    if (!ssl) return [];
    const problems: string[] = [];
    const protocols = stringsOf(ssl.protocols);
    if (protocols.length === 0) problems.push("ssl_configuration.protocols is not set: the load balancer's default also accepts TLS 1.0 and 1.1");
    const old = protocols.filter((p) => !TLS_PROTOCOLS.has(p));
    if (old.length > 0) problems.push(`ssl_configuration.protocols allows ${old.join(", ")}; use TLSv1.2 and TLSv1.3 only`);
    const name = ssl.cipher_suite_name;
    if (name === undefined) problems.push("ssl_configuration.cipher_suite_name is not set: the default suite includes CBC ciphers");
    else if (!cipherSuiteOf(block, name, ctx) && !MODERN_PREDEFINED_SUITES.has(String(name))) {
      problems.push(`cipher suite ${shown(name)} is neither defined in this stack nor oci-modern-ssl-cipher-suite-v1, so its ciphers cannot be verified`);
    }
    return problems;
  },
});

const RULE_SET = "oci_load_balancer_rule_set";

/** Rule sets a listener uses: references to rule sets of this stack, or rule sets of its load balancer by name. */
function ruleSetsOf(listener: TfBlock, ctx: StackContext): TfBlock[] {
  return stringsOf(listener.config.rule_set_names).flatMap((name) => {
    const byRef = ctx.resolve(name, RULE_SET);
    if (byRef) return [byRef];
    return ctx.resources(RULE_SET).filter((set) => set.config.name === name && set.config.load_balancer_id === listener.config.load_balancer_id);
  });
}

/** A rule set item that redirects every request (no condition, or a PATH prefix match on "/") to HTTPS. */
function redirectsEverythingToHttps(item: Record<string, any>): boolean {
  if (item.action !== "REDIRECT") return false;
  if (!blocksOf(item.redirect_uri).some((uri) => uri.protocol === "HTTPS")) return false;
  const conditions = blocksOf(item.conditions);
  return (
    conditions.length === 0 ||
    conditions.every((c) => c.attribute_name === "PATH" && c.attribute_value === "/" && ["FORCE_LONGEST_PREFIX_MATCH", "PREFIX_MATCH"].includes(c.operator))
  );
}

export const plainHttpRedirects = ociRule({
  id: "MF-OCI-LB-2",
  severity: "error",
  title: "Listeners without TLS only redirect to HTTPS (a rule set redirects every path)",
  fix: "Attach an oci_load_balancer_rule_set whose item is action REDIRECT, redirect_uri.protocol HTTPS, condition PATH \"/\" FORCE_LONGEST_PREFIX_MATCH (OciLoadBalancer's http listener).",
  mirrors: [],
  appliesTo: ["oci_load_balancer_listener"],
  check: (listener, ctx) => {
    if (blocksOf(listener.config.ssl_configuration).length > 0) return [];
    const port = listener.config.port ?? "?";
    if (listener.config.protocol === "TCP") return [`plain TCP listener on port ${port} passes traffic without TLS`];
    const sets = ruleSetsOf(listener, ctx);
    if (sets.some((set) => blocksOf(set.config.items).some(redirectsEverythingToHttps))) return [];
    return [
      sets.length === 0
        ? `HTTP listener on port ${port} has no rule set redirecting to HTTPS: traffic is served over plain HTTP`
        : `HTTP listener on port ${port}: none of its rule sets (${sets.map((s) => s.address).join(", ")}) redirects every path to HTTPS`,
    ];
  },
});

export const transitRules = [listenerTls, plainHttpRedirects];
