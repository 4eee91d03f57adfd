/**
 * Resource types whose replacement or destroy loses data or breaks something
 * that cannot be recreated as it was (keys, secrets, image registries). The
 * plan summary flags every replace/destroy of these loudly. One list per
 * cloud, in one place: add a type here when a construct starts using it.
 */
export const STATEFUL_RESOURCE_TYPES: Readonly<Record<string, readonly string[]>> = {
  aws: [
    "aws_db_instance", // Postgres primary and replicas
    "aws_rds_cluster",
    "aws_s3_bucket", // assets and their replicas
    "aws_ebs_volume", // Redis data volumes
    "aws_instance", // Redis Sentinel nodes
    "aws_elasticache_replication_group",
    "aws_kms_key", // destroying a key makes everything encrypted with it unreadable
    "aws_secretsmanager_secret",
    "aws_ecr_repository", // released images
    "aws_route53_zone",
    "aws_cloudwatch_log_group",
  ],
  gcp: [
    "google_sql_database_instance",
    "google_sql_database",
    "google_storage_bucket",
    "google_compute_disk",
    "google_compute_instance", // Redis Sentinel nodes
    "google_kms_crypto_key",
    "google_kms_key_ring",
    "google_secret_manager_secret",
    "google_artifact_registry_repository",
    "google_dns_managed_zone",
  ],
  azure: [
    "azurerm_postgresql_flexible_server",
    "azurerm_postgresql_flexible_server_database",
    "azurerm_storage_account",
    "azurerm_storage_container",
    "azurerm_managed_disk",
    "azurerm_linux_virtual_machine", // Redis Sentinel nodes
    "azurerm_key_vault",
    "azurerm_key_vault_key",
    "azurerm_key_vault_secret",
    "azurerm_container_registry",
    "azurerm_log_analytics_workspace",
  ],
  oci: [
    "oci_psql_db_system",
    "oci_objectstorage_bucket",
    "oci_core_volume",
    "oci_core_instance", // Redis Sentinel nodes
    "oci_kms_vault",
    "oci_kms_key",
    "oci_vault_secret",
    "oci_artifacts_container_repository",
  ],
  // Generated credentials: a replacement rotates the database password under running services.
  common: ["random_password", "tls_private_key"],
};

const ALL = new Set(Object.values(STATEFUL_RESOURCE_TYPES).flat());

export function isStatefulType(type: string): boolean {
  return ALL.has(type);
}
