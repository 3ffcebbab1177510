package org.concoord.nameserver;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.concoord.core.NodeId;
import org.concoord.core.view.View;
import org.concoord.runtime.ViewFeed;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.Route53ClientBuilder;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ChangeBatch;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * A Route 53 nameserver's DNS side (the original's {@code -t 3}): on every view change it UPSERTs
 * the domain's A, AAAA and TXT records, the SRV records of {@code _concoord._tcp.DOMAIN} and the
 * A/AAAA records of the per-replica names they point to, in one {@code ChangeResourceRecordSets}
 * call through the AWS SDK for Java v2, and DELETEs the record sets it pushed before that the new
 * view no longer has (a record set left by an earlier process is not known, and stays). When and
 * how often is {@link ZonePusher}'s. Thread-safe.
 */
public final class Route53Updater extends ZonePusher {
  private final Route53Config config;
  private final Route53Client route53;

  /** What the last successful push made Route 53 hold, by (name, type). */
  private Map<List<String>, ResourceRecordSet> pushedSets = Map.of();

  private Route53Updater(Name domain, NodeId self, Route53Config config) {
    super(domain, self, "concoord-route53");
    this.config = config;
    Route53ClientBuilder builder =
        Route53Client.builder()
            .region(Region.of(config.region()))
            .httpClient(UrlConnectionHttpClient.create())
            .credentialsProvider(credentials(config));
    if (config.endpoint() != null) {
      builder.endpointOverride(config.endpoint());
    }
    this.route53 = builder.build();
  }

  private static AwsCredentialsProvider credentials(Route53Config config) {
    return config.accessKeyId() == null
        ? DefaultCredentialsProvider.builder().build()
        : StaticCredentialsProvider.create(
            AwsBasicCredentials.create(config.accessKeyId(), config.secretAccessKey()));
  }

  /** Pushes the records of {@code domain} for every view published to {@code feed}. */
  public static Route53Updater start(
      String domain, NodeId self, Route53Config config, ViewFeed feed) {
    Route53Updater updater = create(domain, self, config);
    updater.start(feed);
    return updater;
  }

  /** An updater not started yet (tests push zones to it directly). */
  static Route53Updater create(String domain, NodeId self, Route53Config config) {
    return new Route53Updater(Nameserver.parseDomain(domain), self, config);
  }

  @Override
  String target() {
    return "Route 53 hosted zone " + config.hostedZoneId();
  }

  @Override
  void push(Zone zone, View view) {
    Map<List<String>, ResourceRecordSet> sets = recordSets(zone);
    List<Change> changes = new ArrayList<>();
    sets.values()
        .forEach(
            set ->
                changes.add(
                    Change.builder().action(ChangeAction.UPSERT).resourceRecordSet(set).build()));
    pushedSets.forEach(
        (key, set) -> {
          if (!sets.containsKey(key)) {
            changes.add(
                Change.builder().action(ChangeAction.DELETE).resourceRecordSet(set).build());
          }
        });
    route53.changeResourceRecordSets(
        request ->
            request
                .hostedZoneId(config.hostedZoneId())
                .changeBatch(
                    ChangeBatch.builder()
                        .comment("ConCoord view " + zone.serial() + " of " + domain)
                        .changes(changes)
                        .build()));
    pushedSets = sets;
  }

  /** The record sets Route 53 should hold for {@code zone}, by (name, type). */
  static Map<List<String>, ResourceRecordSet> recordSets(Zone zone) {
    Map<List<String>, List<Record>> wanted = new LinkedHashMap<>();
    Name domain = zone.domain();
    for (int type : new int[] {Type.A, Type.AAAA, Type.TXT}) {
      wanted.put(List.of(domain.toString(), Type.string(type)), zone.rrset(domain, type));
    }
    Name service = zone.service();
    List<Record> srv = zone.rrset(service, Type.SRV);
    wanted.put(List.of(service.toString(), "SRV"), srv);
    for (Record record : srv) {
      Name target = ((SRVRecord) record).getTarget();
      if (target.subdomain(domain)) {
        wanted.put(List.of(target.toString(), "A"), zone.rrset(target, Type.A));
        wanted.put(List.of(target.toString(), "AAAA"), zone.rrset(target, Type.AAAA));
      }
    }
    Map<List<String>, ResourceRecordSet> sets = new LinkedHashMap<>();
    wanted.forEach(
        (key, records) -> {
          if (!records.isEmpty()) {
            sets.put(
                key,
                ResourceRecordSet.builder()
                    .name(key.get(0))
                    .type(key.get(1))
                    .ttl(Zone.TTL_SECONDS)
                    .resourceRecords(records.stream().map(Route53Updater::value).toList())
                    .build());
          }
        });
    return sets;
  }

  /** A record's value as Route 53 writes it (TXT strings quoted, as in a zone file). */
  private static ResourceRecord value(Record record) {
    String value =
        record instanceof TXTRecord txt
            ? String.join(" ", txt.getStrings().stream().map(s -> "\"" + s + "\"").toList())
            : record.rdataToString();
    return ResourceRecord.builder().value(value).build();
  }

  @Override
  public void close() {
    super.close();
    route53.close();
  }
}
