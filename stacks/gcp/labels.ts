import { Aspects, type IAspect } from "cdktf";
import type { IConstruct } from "constructs";
import { SqlDatabaseInstance } from "@cdktf/provider-google/lib/sql-database-instance";
import { TaggingAspect } from "../../constructs/core/tagging";

/** Cloud SQL keeps its labels in `settings.user_labels`, out of the TaggingAspect's reach. */
class SqlUserLabelsAspect implements IAspect {
  constructor(private readonly labels: Readonly<Record<string, string>>) {}

  visit(node: IConstruct): void {
    if (node instanceof SqlDatabaseInstance) node.addOverride("settings.user_labels", { ...this.labels });
  }
}

/** Puts the standard labels on every labelled resource of a GCP stack, Cloud SQL included. */
export function applyGcpLabels(scope: IConstruct, labels: Readonly<Record<string, string>>): void {
  TaggingAspect.apply(scope, labels, "labels");
  Aspects.of(scope).add(new SqlUserLabelsAspect(labels));
}
