/** Compiles everything a workspace serves into one router (rebuilt on change). */
import type { Logger } from "../log";
import type { WorkspaceCounters } from "../metrics";
import type { MockStore, RateLimit, StoredFile, Workspace } from "../store/store";
import { compileOpenApiCached, type OperationRoute } from "../openapi/operations";
import { compileStub, type CompiledStub } from "./compile-stub";
import { Router } from "./router";

export type AnyRoute = CompiledStub | OperationRoute;

export interface CompiledWorkspace {
  readonly name: string;
  readonly workspace: Workspace;
  readonly router: Router<AnyRoute>;
  readonly counters: WorkspaceCounters;
  readonly proxy: { upstream: URL; record: boolean } | null;
  /** The workspace's quota, or null when its traffic is not limited. */
  readonly rateLimit: RateLimit | null;
  /** Non-fatal compile problems (missing files, documents that no longer compile). */
  readonly warnings: string[];
}

const OPENAPI_RANK_BASE = 1_000_000_000;

export async function compileWorkspace(
  store: MockStore,
  workspace: Workspace,
  counters: WorkspaceCounters,
  logger: Logger,
): Promise<CompiledWorkspace> {
  const name = workspace.name;
  const [stubs, docs] = await Promise.all([store.listStubs(name), store.listOpenApiDocs(name)]);
  const files = new Map<string, StoredFile>();
  const wanted = new Set(stubs.map((s) => s.response.bodyFile).filter((f): f is string => f !== undefined));
  await Promise.all(
    [...wanted].map(async (f) => {
      const file = await store.getFile(name, f);
      if (file) files.set(f, file);
    }),
  );
  const warnings: string[] = [];
  const routes: Array<CompiledStub | OperationRoute> = [];

  // Stubs: priority ascending, then the most recently added first.
  const ordered = [...stubs].sort((a, b) => a.priority - b.priority || b.createdAt - a.createdAt || a.id.localeCompare(b.id));
  ordered.forEach((stub, i) => {
    try {
      const compiled = compileStub(stub, files);
      compiled.rank = i;
      if (compiled.missingFile) warnings.push(`stub ${stub.id}: file ${JSON.stringify(compiled.missingFile)} does not exist in this workspace`);
      routes.push(compiled);
    } catch (err) {
      warnings.push(`stub ${stub.id} does not compile: ${(err as Error).message}`);
    }
  });

  // OpenAPI operations after every stub; concrete paths before templated ones.
  const ops: OperationRoute[] = [];
  for (const doc of [...docs].sort((a, b) => a.createdAt - b.createdAt)) {
    try {
      // Shared with the document cache: copies, because ranks are per workspace.
      for (const r of (await compileOpenApiCached(doc, workspace.settings.seed)).routes) ops.push({ ...r });
    } catch (err) {
      warnings.push(`OpenAPI document ${doc.name} does not compile: ${(err as Error).message}`);
    }
  }
  const specificity = (r: OperationRoute): number => (r.path!.kind === "exact" ? 0 : 1);
  ops
    .map((r, i) => ({ r, i }))
    .sort((a, b) => specificity(a.r) - specificity(b.r) || a.r.path!.paramNames.length - b.r.path!.paramNames.length || b.r.path!.literalLength - a.r.path!.literalLength || a.i - b.i)
    .forEach(({ r }, i) => {
      r.rank = OPENAPI_RANK_BASE + i;
      routes.push(r);
    });

  let proxy: CompiledWorkspace["proxy"] = null;
  if (workspace.settings.proxy) {
    try {
      proxy = { upstream: new URL(workspace.settings.proxy.upstream), record: workspace.settings.proxy.record };
    } catch {
      warnings.push(`proxy upstream ${JSON.stringify(workspace.settings.proxy.upstream)} is not a URL`);
    }
  }
  for (const w of warnings) logger.warn("workspace compile warning", { workspace: name, warning: w });
  const rateLimit = workspace.settings.rateLimit ? { ...workspace.settings.rateLimit } : null;
  return { name, workspace, router: new Router(routes), counters, proxy, rateLimit, warnings };
}
