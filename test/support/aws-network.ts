/** Stand-in AWS networks for construct tests (what AwsNetwork hands the other constructs). */
import type { AwsNetworkRef } from "../../constructs/aws/network-ref";

/** Two zones, as dev has. */
export const AWS_NETWORK_2AZ: AwsNetworkRef = {
  cidr: "10.10.0.0/16",
  vpcId: "vpc-1",
  availabilityZones: ["us-east-1a", "us-east-1b"],
  publicSubnetIds: ["subnet-pub-a", "subnet-pub-b"],
  privateSubnetIds: ["subnet-priv-a", "subnet-priv-b"],
  dataSubnetIds: ["subnet-data-a", "subnet-data-b"],
  dataSubnetCidrs: ["10.10.128.0/20", "10.10.144.0/20"],
  privateRouteTableIds: ["rtb-1"],
  securityGroups: { loadBalancer: "sg-lb", service: "sg-service", database: "sg-db", redis: "sg-redis" },
};

/** Three zones, as staging and prod have. */
export const AWS_NETWORK_3AZ: AwsNetworkRef = {
  cidr: "10.10.0.0/16",
  vpcId: "vpc-1",
  availabilityZones: ["us-east-1a", "us-east-1b", "us-east-1c"],
  publicSubnetIds: ["subnet-p1", "subnet-p2", "subnet-p3"],
  privateSubnetIds: ["subnet-a1", "subnet-a2", "subnet-a3"],
  dataSubnetIds: ["subnet-d1", "subnet-d2", "subnet-d3"],
  dataSubnetCidrs: ["10.10.128.0/20", "10.10.144.0/20", "10.10.160.0/20"],
  privateRouteTableIds: ["rtb-1"],
  securityGroups: { loadBalancer: "sg-lb", service: "sg-svc", database: "sg-db", redis: "sg-redis" },
};
