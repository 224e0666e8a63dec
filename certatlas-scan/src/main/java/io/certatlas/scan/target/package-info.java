/**
 * What to scan: targets as the operator writes them (host names, IPv4/IPv6 addresses, CIDR
 * ranges, port lists and ranges, targets files, exclusions) turned into a {@link
 * io.certatlas.scan.target.ScanPlan}. Names resolve once, when the plan is built, and are sent as
 * SNI; plans above a million endpoints are refused unless forced; endpoints are generated lazily.
 */
package io.certatlas.scan.target;
