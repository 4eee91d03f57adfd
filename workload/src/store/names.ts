/** Workspace names are DNS labels, so they work as `<workspace>.<domain>` hosts too. */
export const WORKSPACE_NAME_RE = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

export function isWorkspaceName(name: string): boolean {
  return WORKSPACE_NAME_RE.test(name);
}
