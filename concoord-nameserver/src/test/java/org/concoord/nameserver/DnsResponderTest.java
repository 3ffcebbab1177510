package org.concoord.nameserver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Queries in, replies out, against zones built from views: every rule of the responder. */
class DnsResponderTest {
  final AtomicReference<Zone> zone = new AtomicReference<>(Views.zone(Views.small(), 3));
  final DnsResponder responder = new DnsResponder(zone::get);

  Message ask(Message query, boolean tcp) throws Exception {
    byte[] wire = query.toWire();
    byte[] reply = responder.respond(wire, wire.length, tcp);
    assertNotNull(reply, "no reply to " + query);
    return new Message(reply);
  }

  Message ask(String name, int type) throws Exception {
    return ask(Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN)), false);
  }

  static Set<String> rdata(Message reply, int section, int type) {
    return reply.getSection(section).stream()
        .filter(r -> r.getType() == type)
        .map(Record::rdataToString)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void theApexAnswersTheReplicasAddressesAuthoritatively() throws Exception {
    Message a = ask("counterdomain.", Type.A);
    Message aaaa = ask("CounterDomain.", Type.AAAA);

    assertEquals(Rcode.NOERROR, a.getRcode());
    assertTrue(a.getHeader().getFlag(Flags.AA));
    assertEquals(Set.of("127.0.0.1"), rdata(a, Section.ANSWER, Type.A));
    assertEquals(Set.of("0:0:0:0:0:0:0:1"), rdata(aaaa, Section.ANSWER, Type.AAAA));
  }

  @Test
  void srvNamesEachReplicaWithItsPortAndATargetWhoseAddressComesAlong() throws Exception {
    Message srv = ask("_concoord._tcp.counterdomain.", Type.SRV);

    assertEquals(
        Set.of(
            "0 1 14123 replica-14123-127-0-0-1.counterdomain.",
            "0 1 14124 replica-14124-127-0-0-1.counterdomain.",
            "0 1 14125 replica-14125-0-0-0-0-0-0-0-1.counterdomain.",
            "0 1 14126 node7.example.org."),
        rdata(srv, Section.ANSWER, Type.SRV));
    assertEquals(Set.of("127.0.0.1"), rdata(srv, Section.ADDITIONAL, Type.A));
    assertEquals(Set.of("0:0:0:0:0:0:0:1"), rdata(srv, Section.ADDITIONAL, Type.AAAA));
    Message target = ask("replica-14124-127-0-0-1.counterdomain.", Type.A);
    assertEquals(Set.of("127.0.0.1"), rdata(target, Section.ANSWER, Type.A));
  }

  @Test
  void txtListsEveryNodeWithItsRole() throws Exception {
    Message txt = ask("counterdomain.", Type.TXT);

    assertEquals(
        Set.of(
            "\"replica 127.0.0.1:14123\"",
            "\"replica 127.0.0.1:14124\"",
            "\"replica [::1]:14125\"",
            "\"replica node7.example.org:14126\"",
            "\"acceptor 127.0.0.1:14200\"",
            "\"acceptor 127.0.0.1:14201\"",
            "\"nameserver 127.0.0.1:14500\""),
        rdata(txt, Section.ANSWER, Type.TXT));
  }

  @Test
  void aTxtStringLongerThan255BytesIsSplit() {
    List<String> chunks = Zone.chunks("x".repeat(600));

    assertEquals(List.of(255, 255, 90), chunks.stream().map(String::length).toList());
  }

  @Test
  void nsNamesTheNameserversWithGlue() throws Exception {
    Message ns = ask("counterdomain.", Type.NS);

    assertEquals(Set.of("ns-14500-127-0-0-1.counterdomain."), rdata(ns, Section.ANSWER, Type.NS));
    assertEquals(Set.of("127.0.0.1"), rdata(ns, Section.ADDITIONAL, Type.A));
  }

  @Test
  void soaCarriesTheSerialAndANewViewRaisesIt() throws Exception {
    SOARecord before =
        (SOARecord) ask("counterdomain.", Type.SOA).getSection(Section.ANSWER).get(0);
    zone.set(Views.zone(Views.large(3), 4));
    SOARecord after = (SOARecord) ask("counterdomain.", Type.SOA).getSection(Section.ANSWER).get(0);

    assertEquals(3, before.getSerial());
    assertEquals(4, after.getSerial());
    assertEquals(Name.fromString("ns-14500-127-0-0-1.counterdomain."), after.getHost());
  }

  @Test
  void anUnknownNameInTheZoneIsNxdomainWithTheSoa() throws Exception {
    Message reply = ask("nosuch.counterdomain.", Type.A);

    assertEquals(Rcode.NXDOMAIN, reply.getRcode());
    assertTrue(reply.getHeader().getFlag(Flags.AA));
    assertEquals(Type.SOA, reply.getSection(Section.AUTHORITY).get(0).getType());
  }

  @Test
  void aNameThatExistsWithoutTheTypeIsNoDataNotNxdomain() throws Exception {
    Message mx = ask("counterdomain.", Type.MX);
    Message between = ask("_tcp.counterdomain.", Type.A); // an empty non-terminal

    assertEquals(Rcode.NOERROR, mx.getRcode());
    assertTrue(mx.getSection(Section.ANSWER).isEmpty());
    assertEquals(Rcode.NOERROR, between.getRcode());
    assertTrue(between.getSection(Section.ANSWER).isEmpty());
  }

  @Test
  void aNameOutsideTheZoneIsRefused() throws Exception {
    Message reply = ask("example.com.", Type.A);
    Message parent = ask("com.", Type.A);

    assertEquals(Rcode.REFUSED, reply.getRcode());
    assertFalse(reply.getHeader().getFlag(Flags.AA));
    assertEquals(Rcode.REFUSED, parent.getRcode());
  }

  @Test
  void zoneTransfersAndOtherClassesAreRefused() throws Exception {
    Message axfr = ask("counterdomain.", Type.AXFR);
    Message chaos =
        ask(
            Message.newQuery(
                Record.newRecord(Name.fromString("counterdomain."), Type.TXT, DClass.CH)),
            false);

    assertEquals(Rcode.REFUSED, axfr.getRcode());
    assertEquals(Rcode.REFUSED, chaos.getRcode());
  }

  @Test
  void anyGetsTheMinimalAnswerOfRfc8482() throws Exception {
    Message any = ask("counterdomain.", Type.ANY);

    Set<Integer> types =
        any.getSection(Section.ANSWER).stream().map(Record::getType).collect(Collectors.toSet());
    assertEquals(Set.of(Type.HINFO), types, "one synthesized HINFO, not every RRset");
    assertEquals(1, any.getSection(Section.ANSWER).size());
    assertEquals(Rcode.NOERROR, any.getRcode());
    assertEquals(Rcode.NXDOMAIN, ask("nosuch.counterdomain.", Type.ANY).getRcode());
  }

  @Test
  void aViewNotCaughtUpYetIsServfailInsideTheZoneAndRefusedOutside() throws Exception {
    zone.set(Zone.of(Views.DOMAIN, Views.small(), Views.SELF, 3, false));

    assertEquals(Rcode.SERVFAIL, ask("counterdomain.", Type.A).getRcode());
    assertEquals(Rcode.REFUSED, ask("example.com.", Type.A).getRcode());
  }

  @Test
  void theReplyEchoesTheIdTheQuestionAsWrittenAndRd() throws Exception {
    Message query =
        Message.newQuery(Record.newRecord(Name.fromString("CoUnTeRdOmAiN."), Type.A, DClass.IN));
    query.getHeader().setID(4321);

    Message reply = ask(query, false);

    assertEquals(4321, reply.getHeader().getID());
    assertTrue(reply.getHeader().getFlag(Flags.QR));
    assertTrue(reply.getHeader().getFlag(Flags.RD));
    assertEquals("CoUnTeRdOmAiN.", reply.getQuestion().getName().toString());
  }

  @Test
  void ednsGetsAnOptBackAndAnUnknownVersionGetsBadvers() throws Exception {
    Message query =
        Message.newQuery(Record.newRecord(Name.fromString("counterdomain."), Type.A, DClass.IN));
    query.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
    Message v1 =
        Message.newQuery(Record.newRecord(Name.fromString("counterdomain."), Type.A, DClass.IN));
    v1.addRecord(new OPTRecord(1232, 0, 1), Section.ADDITIONAL);

    Message reply = ask(query, false);
    Message badvers = ask(v1, false);

    assertNotNull(reply.getOPT());
    assertEquals(DnsResponder.UDP_PAYLOAD_MAX, reply.getOPT().getPayloadSize());
    assertEquals(Rcode.BADVERS, badvers.getRcode());
    assertTrue(badvers.getSection(Section.ANSWER).isEmpty());
  }

  static Message srvQuery(int ednsSize) throws Exception {
    Message query =
        Message.newQuery(
            Record.newRecord(
                Name.fromString("_concoord._tcp.counterdomain."), Type.SRV, DClass.IN));
    if (ednsSize > 0) {
      query.addRecord(new OPTRecord(ednsSize, 0, 0), Section.ADDITIONAL);
    }
    return query;
  }

  byte[] udp(Message query) {
    byte[] wire = query.toWire();
    return responder.respond(wire, wire.length, false);
  }

  @Test
  void aReplyTooLongForPlainUdpIsTruncatedButFitsTheClientsEdnsSize() throws Exception {
    zone.set(Views.zone(Views.large(30), 1));

    byte[] plain = udp(srvQuery(0));
    byte[] edns = udp(srvQuery(4096));

    assertTrue(plain.length <= 512, "plain UDP reply of " + plain.length + " bytes");
    assertTrue(new Message(plain).getHeader().getFlag(Flags.TC));
    assertTrue(edns.length > 512, "EDNS reply of " + edns.length + " bytes");
    assertFalse(new Message(edns).getHeader().getFlag(Flags.TC));
    assertEquals(30, new Message(edns).getSection(Section.ANSWER).size());
  }

  @Test
  void aViewTooLargeForAnyUdpReplyIsTruncatedThereAndWholeOverTcp() throws Exception {
    zone.set(Views.zone(Views.large(300), 1));

    byte[] edns = udp(srvQuery(1400));
    Message tcp = ask(srvQuery(0), true);

    assertTrue(edns.length <= 1400, "EDNS reply of " + edns.length);
    assertTrue(new Message(edns).getHeader().getFlag(Flags.TC));
    assertNotNull(new Message(edns).getOPT(), "a truncated reply keeps its OPT");
    assertFalse(tcp.getHeader().getFlag(Flags.TC));
    assertEquals(300, tcp.getSection(Section.ANSWER).size());
    assertEquals(300, rdata(tcp, Section.ADDITIONAL, Type.A).size());
  }

  @Test
  void garbageWithAReadableHeaderIsFormerrEchoingTheId() {
    byte[] garbage = {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 7, 'c', 'o'};

    byte[] reply = responder.respond(garbage, garbage.length, false);

    assertArrayEquals(
        new byte[] {0x12, 0x34, (byte) 0x81, Rcode.FORMERR, 0, 0, 0, 0, 0, 0, 0, 0}, reply);
  }

  @Test
  void twoQuestionsAreFormerrAndAnotherOpcodeIsNotimp() throws Exception {
    Message two =
        Message.newQuery(Record.newRecord(Name.fromString("counterdomain."), Type.A, DClass.IN));
    two.addRecord(
        Record.newRecord(Name.fromString("counterdomain."), Type.NS, DClass.IN), Section.QUESTION);
    Message notify =
        Message.newQuery(Record.newRecord(Name.fromString("counterdomain."), Type.SOA, DClass.IN));
    notify.getHeader().setOpcode(Opcode.NOTIFY);

    assertEquals(Rcode.FORMERR, ask(two, false).getRcode());
    assertEquals(Rcode.NOTIMP, ask(notify, false).getRcode());
  }

  @Test
  void responsesAndRuntPacketsAreDropped() throws Exception {
    Message query =
        Message.newQuery(Record.newRecord(Name.fromString("counterdomain."), Type.A, DClass.IN));
    query.getHeader().setFlag(Flags.QR);
    byte[] response = query.toWire();

    assertNull(responder.respond(response, response.length, false));
    assertNull(responder.respond(new byte[11], 11, false));
    assertNull(responder.respond(new byte[0], 0, true));
  }
}
