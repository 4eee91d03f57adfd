/**
 * Terraform reads `${` and `%{` in strings as template syntax, and the Redis
 * boot script every cloud's user data carries is bash full of `${VAR}`.
 * Escape the literal text, then splice the real tokens (values known only at
 * apply time) in place of plain placeholders.
 */
export function terraformLiteral(text: string, substitutions: Readonly<Record<string, string>>): string {
  let out = text.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
  for (const [placeholder, value] of Object.entries(substitutions)) {
    if (!out.includes(placeholder)) throw new Error(`terraformLiteral: placeholder ${placeholder} does not occur in the text.`);
    out = out.split(placeholder).join(value);
  }
  return out;
}
