import { TerraformOutput } from "cdktf";
import type { AwsNetworkRef } from "../../../constructs/aws/network-ref";
import { AwsPostgres, estimateMaxConnections, type AwsPostgresProps } from "../../../constructs/aws/postgres";
import { configsOf, onlyConfigOf, resourcesOf, synthJson, type SynthJson } from "../../support/synth";
import { POSTGRES_SPEC } from "../../support/specs";
import { AWS_NETWORK_3AZ } from "../../support/aws-network";

const network: AwsNetworkRef = { ...AWS_NETWORK_3AZ, vpcId: "vpc-primary" };
const primaryContext = { cloud: "aws" as const, environment: "prod", region: "us-east-1", primary: true };
const secondaryContext = { cloud: "aws" as const, environment: "prod", region: "eu-west-1", primary: false };
const sourceArn = "arn:aws:rds:us-east-1:111122223333:db:mockforge-prod-use1-postgres";

const baseProps: AwsPostgresProps = {
  context: primaryContext,
  network,
  instanceClass: "db.r6g.large",
  ...POSTGRES_SPEC,
};
const replicaProps: AwsPostgresProps = {
  ...baseProps,
  context: secondaryContext,
  network: { ...network, vpcId: "vpc-secondary", availabilityZones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"] },
  readReplicas: 0,
  replicaOf: { sourceArn, sourceRegion: "us-east-1" },
  writerHost: "mockforge-prod-use1-postgres.abc.us-east-1.rds.amazonaws.com",
  passwordSecret: { secretId: "arn:aws:secretsmanager:us-east-1:111122223333:secret:rds!db-1", jsonKey: "password" },
};

function synth(overrides: Partial<AwsPostgresProps> = {}, props: AwsPostgresProps = baseProps): { json: SynthJson; db: AwsPostgres } {
  let db!: AwsPostgres;
  const json = synthJson((scope) => {
    db = new AwsPostgres(scope, "postgres", { ...props, ...overrides });
    new TerraformOutput(scope, "writer", { value: db.endpoints.writerHost });
    new TerraformOutput(scope, "reader", { value: db.endpoints.readerHost ?? "none" });
    new TerraformOutput(scope, "password", { value: db.endpoints.passwordSecret.secretId });
    new TerraformOutput(scope, "source", { value: db.replicationSourceId });
  });
  return { json, db };
}
const instances = (json: SynthJson) => resourcesOf(json, "aws_db_instance");
const writerOf = (json: SynthJson) => instances(json).find(([id]) => id.startsWith("postgres_instance_"))![1];
const replicasOf = (json: SynthJson) => instances(json).filter(([id]) => id.startsWith("postgres_replica-"));
const idOf = (json: SynthJson, type: string, prefix = "") => resourcesOf(json, type).find(([id]) => id.startsWith(prefix))![0];

describe("AwsPostgres (primary)", () => {
  const { json, db } = synth();
  const writer = writerOf(json);
  const kmsArn = `\${aws_kms_key.${idOf(json, "aws_kms_key")}.arn}`;

  it("runs PostgreSQL of the spec's version on gp3 storage with autoscaling", () => {
    expect(writer).toMatchObject({
      engine: "postgres",
      engine_version: "16",
      instance_class: "db.r6g.large",
      storage_type: "gp3",
      allocated_storage: 100,
      max_allocated_storage: 1000,
      port: 5432,
    });
  });

  it("encrypts storage with its own customer-managed key", () => {
    expect(writer.storage_encrypted).toBe(true);
    expect(writer.kms_key_id).toBe(kmsArn);
    expect(onlyConfigOf(json, "aws_kms_key").enable_key_rotation).toBe(true);
  });

  it("is private: no public endpoint, only the database security group, data subnets only", () => {
    expect(writer.publicly_accessible).toBe(false);
    expect(writer.vpc_security_group_ids).toEqual(["sg-db"]);
    expect(onlyConfigOf(json, "aws_db_subnet_group").subnet_ids).toEqual(["subnet-d1", "subnet-d2", "subnet-d3"]);
    expect(writer.db_subnet_group_name).toBe(`\${aws_db_subnet_group.${idOf(json, "aws_db_subnet_group")}.name}`);
  });

  it("follows the spec for Multi-AZ", () => {
    expect(writer.multi_az).toBe(true);
    expect(writerOf(synth({ highAvailability: false }).json).multi_az).toBe(false);
  });

  it("forces TLS 1.2+ and logs connections and slow statements through its parameter group", () => {
    const group = onlyConfigOf(json, "aws_db_parameter_group");
    expect(group.family).toBe("postgres16");
    const params = Object.fromEntries(group.parameter.map((p: any) => [p.name, p]));
    expect(params["rds.force_ssl"].value).toBe("1");
    expect(params.ssl_min_protocol_version.value).toBe("TLSv1.2");
    expect(params.log_connections.value).toBe("1");
    expect(params.log_disconnections.value).toBe("1");
    expect(params.log_min_duration_statement.value).toBe("1000");
    expect(group.lifecycle).toEqual({ create_before_destroy: true });
    expect(writer.parameter_group_name).toBe(`\${aws_db_parameter_group.${idOf(json, "aws_db_parameter_group")}.name}`);
  });

  it("applies static extra parameters at the next reboot, dynamic ones at once", () => {
    const group = onlyConfigOf(synth({ extraParameters: { shared_preload_libraries: "pg_stat_statements", work_mem: "8192" } }).json, "aws_db_parameter_group");
    const params = Object.fromEntries(group.parameter.map((p: any) => [p.name, p]));
    expect(params.shared_preload_libraries.apply_method).toBe("pending-reboot");
    expect(params.work_mem.apply_method).toBe("immediate");
  });

  it("lets RDS keep the master password in Secrets Manager under its key, exposed as a secret reference", () => {
    expect(writer.manage_master_user_password).toBe(true);
    expect(writer.master_user_secret_kms_key_id).toBe(kmsArn);
    expect(writer.password).toBeUndefined();
    expect(writer.username).toBe("mockforge");
    expect(writer.db_name).toBe("mockforge");
    expect(json.output?.password.value).toMatch(/^\$\{aws_db_instance\.postgres_instance_.+\.master_user_secret\[0\]\.secret_arn\}$/);
    expect(db.endpoints.passwordSecret.jsonKey).toBe("password");
  });

  it("keeps backups (point-in-time recovery) in separate backup and maintenance windows", () => {
    expect(writer.backup_retention_period).toBe(14);
    expect(writer.backup_window).toBe("03:00-04:00");
    expect(writer.maintenance_window).toBe("sun:05:00-sun:06:00");
    expect(writer.copy_tags_to_snapshot).toBe(true);
  });

  it("protects against deletion and takes a final snapshot when the spec says so", () => {
    expect(writer.deletion_protection).toBe(true);
    expect(writer.skip_final_snapshot).toBe(false);
    expect(writer.final_snapshot_identifier).toBe("mockforge-prod-use1-postgres-final");
    const unprotected = writerOf(synth({ deletionProtection: false }).json);
    expect(unprotected.deletion_protection).toBe(false);
    expect(unprotected.skip_final_snapshot).toBe(true);
    expect(unprotected.final_snapshot_identifier).toBeUndefined();
  });

  it("turns on Performance Insights (encrypted, 7 days) and Enhanced Monitoring with its role", () => {
    expect(writer.performance_insights_enabled).toBe(true);
    expect(writer.performance_insights_kms_key_id).toBe(kmsArn);
    expect(writer.performance_insights_retention_period).toBe(7);
    expect(writer.monitoring_interval).toBe(60);
    const role = onlyConfigOf(json, "aws_iam_role");
    expect(JSON.parse(role.assume_role_policy).Statement[0].Principal).toEqual({ Service: "monitoring.rds.amazonaws.com" });
    expect(writer.monitoring_role_arn).toBe(`\${aws_iam_role.${idOf(json, "aws_iam_role")}.arn}`);
    expect(onlyConfigOf(json, "aws_iam_role_policy_attachment").policy_arn).toBe(
      "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole",
    );
    expect(writer.depends_on).toEqual([`aws_iam_role_policy_attachment.${idOf(json, "aws_iam_role_policy_attachment")}`]);
  });

  it("drops the monitoring role when Enhanced Monitoring is off", () => {
    const off = synth({ monitoringIntervalSeconds: 0 }).json;
    expect(writerOf(off).monitoring_interval).toBe(0);
    expect(writerOf(off).monitoring_role_arn).toBeUndefined();
    expect(configsOf(off, "aws_iam_role")).toHaveLength(0);
  });

  it("exports logs, upgrades minor versions, allows IAM auth, pins the CA and never applies changes immediately", () => {
    expect(writer.enabled_cloudwatch_logs_exports).toEqual(["postgresql", "upgrade"]);
    expect(writer.auto_minor_version_upgrade).toBe(true);
    expect(writer.iam_database_authentication_enabled).toBe(true);
    expect(writer.ca_cert_identifier).toBe("rds-ca-rsa2048-g1");
    expect(writer.apply_immediately).toBe(false);
  });

  it("creates N in-region read replicas of the writer, private, encrypted and monitored", () => {
    const replicas = replicasOf(json);
    expect(replicas).toHaveLength(2);
    replicas.forEach(([, replica], i) => {
      expect(replica.identifier).toBe(`mockforge-prod-use1-postgres-replica-${i + 1}`);
      expect(replica.replicate_source_db).toMatch(/^\$\{aws_db_instance\.postgres_instance_.+\.identifier\}$/);
      expect(replica).toMatchObject({
        instance_class: "db.r6g.large",
        multi_az: false,
        publicly_accessible: false,
        vpc_security_group_ids: ["sg-db"],
        storage_encrypted: true,
        kms_key_id: kmsArn,
        performance_insights_enabled: true,
        performance_insights_kms_key_id: kmsArn,
        skip_final_snapshot: true,
        deletion_protection: true,
      });
      expect(replica.username).toBeUndefined();
      expect(replica.manage_master_user_password).toBeUndefined();
    });
    expect(replicas.map(([, r]) => r.availability_zone)).toEqual(["us-east-1b", "us-east-1c"]);
    expect(replicasOf(synth({ readReplicas: 0 }).json)).toHaveLength(0);
  });

  it("publishes writer and weighted reader names in a private zone of the VPC", () => {
    const zone = onlyConfigOf(json, "aws_route53_zone");
    expect(zone.name).toBe("prod.us-east-1.db.mockforge.internal");
    expect(zone.vpc).toEqual([{ vpc_id: "vpc-primary" }]);
    const records = configsOf(json, "aws_route53_record");
    const writerRecord = records.find((r) => r.name.startsWith("writer."))!;
    expect(writerRecord).toMatchObject({ type: "CNAME", ttl: 5, name: "writer.prod.us-east-1.db.mockforge.internal" });
    expect(writerRecord.records[0]).toMatch(/^\$\{aws_db_instance\.postgres_instance_.+\.address\}$/);
    const readers = records.filter((r) => r.name.startsWith("reader."));
    expect(readers).toHaveLength(2);
    expect(readers.map((r) => r.set_identifier)).toEqual(["mockforge-prod-use1-postgres-replica-1", "mockforge-prod-use1-postgres-replica-2"]);
    for (const r of readers) {
      expect(r).toMatchObject({ type: "CNAME", ttl: 5, weighted_routing_policy: { weight: 1 } });
      expect(r.records[0]).toMatch(/^\$\{aws_db_instance\.postgres_replica-\d_.+\.address\}$/);
    }
    expect(db.endpoints.writerHost).toBe("writer.prod.us-east-1.db.mockforge.internal");
    expect(db.endpoints.readerHost).toBe("reader.prod.us-east-1.db.mockforge.internal");
  });

  it("points the writer host at the instance and has no reader without replicas", () => {
    const { json: single, db: singleDb } = synth({ readReplicas: 0 });
    expect(configsOf(single, "aws_route53_zone")).toHaveLength(0);
    expect(single.output?.writer.value).toMatch(/^\$\{aws_db_instance\.postgres_instance_.+\.address\}$/);
    expect(singleDb.endpoints.readerHost).toBeUndefined();
  });

  it("exposes the ARN as replication source, identifiers writer first, and a max_connections estimate", () => {
    expect(json.output?.source.value).toMatch(/^\$\{aws_db_instance\.postgres_instance_.+\.arn\}$/);
    expect(db.identifiers).toEqual([
      "mockforge-prod-use1-postgres",
      "mockforge-prod-use1-postgres-replica-1",
      "mockforge-prod-use1-postgres-replica-2",
    ]);
    expect(db.replicaIdentifiers).toEqual(db.identifiers.slice(1));
    expect(writer.identifier).toBe(db.identifiers[0]);
    expect(db.maxConnections).toBe(1802);
    expect(db.endpoints).toMatchObject({ port: 5432, databaseName: "mockforge", username: "mockforge" });
  });
});

describe("estimateMaxConnections", () => {
  it.each([
    ["db.t4g.micro", 112],
    ["db.t4g.medium", 450],
    ["db.r6g.large", 1802],
    ["db.r6g.4xlarge", 5000],
  ])("%s -> %d (LEAST(memory/9531392, 5000))", (instanceClass, expected) => {
    expect(estimateMaxConnections(instanceClass)).toBe(expected);
  });

  it("names an unknown class", () => {
    expect(() => estimateMaxConnections("db.x9.huge")).toThrow(/instanceClass "db\.x9\.huge" is not in the memory table/);
    expect(() => synth({ instanceClass: "db.x9.huge" })).toThrow(/db\.x9\.huge/);
  });
});

describe("AwsPostgres (cross-region replica)", () => {
  const { json, db } = synth({}, replicaProps);
  const replica = writerOf(json);
  const kmsArn = `\${aws_kms_key.${idOf(json, "aws_kms_key")}.arn}`;

  it("replicates the source by ARN, encrypted with its own key in this region", () => {
    expect(replica.replicate_source_db).toBe(sourceArn);
    expect(replica.kms_key_id).toBe(kmsArn);
    expect(replica.storage_encrypted).toBe(true);
    expect(replica.identifier).toBe("mockforge-prod-euw1-postgres");
  });

  it("takes engine, credentials and database from the source", () => {
    for (const attribute of ["engine", "engine_version", "username", "password", "db_name", "manage_master_user_password", "master_user_secret_kms_key_id", "allocated_storage"]) {
      expect(replica[attribute]).toBeUndefined();
    }
  });

  it("lives in this region's data subnets and database security group, privately", () => {
    expect(replica.db_subnet_group_name).toBe(`\${aws_db_subnet_group.${idOf(json, "aws_db_subnet_group")}.name}`);
    expect(replica.vpc_security_group_ids).toEqual(["sg-db"]);
    expect(replica.publicly_accessible).toBe(false);
    expect(replica.parameter_group_name).toBe(`\${aws_db_parameter_group.${idOf(json, "aws_db_parameter_group")}.name}`);
  });

  it("keeps backups (PostgreSQL 14.1+ replicas) so a promoted replica has PITR, and cannot take a final snapshot", () => {
    expect(replica.backup_retention_period).toBe(14);
    expect(replica.skip_final_snapshot).toBe(true);
    expect(replica.final_snapshot_identifier).toBeUndefined();
    expect(replica.deletion_protection).toBe(true);
    expect(replica.multi_az).toBe(true);
  });

  it("reads from the replica and writes to the source region's writer with the source's secret", () => {
    expect(db.endpoints.writerHost).toBe(replicaProps.writerHost);
    expect(json.output?.reader.value).toMatch(/^\$\{aws_db_instance\.postgres_instance_.+\.address\}$/);
    expect(db.endpoints.passwordSecret).toEqual(replicaProps.passwordSecret);
    expect(configsOf(json, "aws_route53_zone")).toHaveLength(0);
    expect(db.replicaIdentifiers).toEqual(["mockforge-prod-euw1-postgres"]);
  });

  it("cascades in-region replicas from the cross-region replica behind a reader name", () => {
    const { json: cascaded, db: cascadedDb } = synth({ readReplicas: 2 }, replicaProps);
    const replicas = replicasOf(cascaded);
    expect(replicas).toHaveLength(2);
    for (const [, r] of replicas) expect(r.replicate_source_db).toMatch(/^\$\{aws_db_instance\.postgres_instance_.+\.identifier\}$/);
    const readers = configsOf(cascaded, "aws_route53_record").filter((r) => r.name.startsWith("reader."));
    expect(readers).toHaveLength(3);
    expect(configsOf(cascaded, "aws_route53_record").filter((r) => r.name.startsWith("writer."))).toHaveLength(0);
    expect(cascadedDb.endpoints.readerHost).toBe("reader.prod.eu-west-1.db.mockforge.internal");
    expect(cascadedDb.endpoints.writerHost).toBe(replicaProps.writerHost);
  });
});

describe("AwsPostgres validation", () => {
  it.each<[string, Partial<AwsPostgresProps>, RegExp]>([
    ["no backups", { backupRetentionDays: 0 }, /backupRetentionDays is 0; use 1 to 35 days.*point-in-time recovery/],
    ["too many backup days", { backupRetentionDays: 36 }, /backupRetentionDays is 36/],
    ["storage below the gp3 minimum", { storageGiB: 10 }, /storageGiB is 10; gp3 storage/],
    ["max storage below storage", { maxStorageGiB: 50 }, /maxStorageGiB is 50/],
    ["a bad engine version", { engineVersion: "latest" }, /engineVersion "latest"/],
    ["an old engine version", { engineVersion: "11" }, /engineVersion "11"/],
    ["too many replicas", { readReplicas: 6 }, /readReplicas is 6/],
    ["a bad monitoring interval", { monitoringIntervalSeconds: 20 }, /monitoringIntervalSeconds is 20; allowed values are 0, 1, 5, 10, 15, 30, 60/],
    ["a reserved user name", { username: "rdsadmin" }, /username "rdsadmin"/],
    ["a bad database name", { databaseName: "mock-forge" }, /databaseName "mock-forge"/],
    ["overriding TLS", { extraParameters: { "rds.force_ssl": "0" } }, /extraParameters may not set "rds.force_ssl"/],
    ["a bad backup window", { backupWindow: "3am" }, /backupWindow "3am"/],
    ["writerHost without replicaOf", { writerHost: "db.example.internal" }, /writerHost is only for replica mode/],
  ])("rejects %s", (_, overrides, message) => {
    expect(() => synth(overrides)).toThrow(message);
  });

  it.each<[string, Partial<AwsPostgresProps>, RegExp]>([
    ["a missing writer host", { writerHost: undefined }, /writerHost is required with replicaOf/],
    ["a missing password secret", { passwordSecret: undefined }, /passwordSecret is required with replicaOf/],
    ["a same-region source", { replicaOf: { sourceArn: sourceArn.replace("us-east-1", "eu-west-1"), sourceRegion: "eu-west-1" } }, /sourceRegion is "eu-west-1", this construct's own region/],
    ["an ARN from another region than stated", { replicaOf: { sourceArn, sourceRegion: "us-west-2" } }, /sourceArn is in us-east-1 but replicaOf.sourceRegion is us-west-2/],
    ["a non-RDS ARN", { replicaOf: { sourceArn: "arn:aws:s3:::bucket", sourceRegion: "us-east-1" } }, /is not an RDS DB instance ARN/],
    ["a primary context", { context: primaryContext }, /context.primary is true/],
    ["cascading on PostgreSQL 13", { engineVersion: "13", readReplicas: 1 }, /needs cascading read replicas \(PostgreSQL 14.1 or later\)/],
  ])("rejects a replica with %s", (_, overrides, message) => {
    expect(() => synth(overrides, replicaProps)).toThrow(message);
  });
});
