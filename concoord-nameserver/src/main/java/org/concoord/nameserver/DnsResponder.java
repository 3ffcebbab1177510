package org.concoord.nameserver;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.HINFORecord;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Turns one DNS query (bytes off the wire) into the reply bytes, from the current {@link Zone}:
 * authoritative answers inside the zone, NXDOMAIN for names it does not hold, REFUSED outside it,
 * SERVFAIL while the view is not current yet, FORMERR for a query it cannot parse, NOTIMP for
 * opcodes other than QUERY, and nothing at all for what is not a query (too short for a header, or
 * a response: answering those could start a loop between two servers).
 *
 * <p>{@code ANY} gets the minimal answer of RFC 8482: one HINFO "RFC8482" for a name in the zone.
 *
 * <p>EDNS (RFC 6891): a query with an OPT record gets one back; its UDP reply may be as long as the
 * query's advertised size, between 512 and {@link #UDP_PAYLOAD_MAX}; an unknown EDNS version gets
 * BADVERS. A UDP reply that does not fit is truncated (TC set, whole RRsets only), and the client
 * asks again over TCP, where a reply may be up to 65,535 bytes.
 *
 * <p>Thread-safe (the zone is immutable and read once per query). Does no I/O. Never throws for any
 * input: whatever cannot be parsed is answered FORMERR or dropped.
 */
final class DnsResponder {
  /** The classic limit for a UDP reply without EDNS. */
  static final int UDP_PAYLOAD_MIN = 512;

  /**
   * Most bytes in a UDP reply, whatever the client advertises; also what this server advertises.
   */
  static final int UDP_PAYLOAD_MAX = 4096;

  /** The TTL of the HINFO that answers ANY (RFC 8482 suggests a long one). */
  static final long ANY_TTL = 3600;

  /** A TCP message's length is a 16-bit prefix. */
  static final int TCP_MESSAGE_MAX = 65_535;

  /** The zone that holds a name (or, for a name in none, any zone: it answers REFUSED). */
  private final Function<Name, Zone> zoneFor;

  /** A responder for one zone at a time (a standalone nameserver). */
  DnsResponder(Supplier<Zone> zone) {
    this.zoneFor = name -> zone.get();
  }

  /** A responder for several zones (a master): {@code zoneFor} picks the zone of a name. */
  DnsResponder(Function<Name, Zone> zoneFor) {
    this.zoneFor = zoneFor;
  }

  /** The reply to the first {@code length} bytes of {@code query}, or null to drop it. */
  byte[] respond(byte[] query, int length, boolean tcp) {
    if (length < Header.LENGTH || (query[2] & 0x80) != 0) {
      return null; // not even a header, or a response: never answer those
    }
    Message request;
    try {
      request = new Message(Arrays.copyOf(query, length));
    } catch (IOException | RuntimeException malformed) {
      return formatError(query);
    }
    Header header = request.getHeader();
    List<Record> questions = request.getSection(Section.QUESTION);
    OPTRecord opt = request.getOPT();
    Message reply = replyTo(request, questions.size() == 1 ? questions.get(0) : null, opt);
    if (header.getOpcode() != Opcode.QUERY) {
      return finish(reply, Rcode.NOTIMP, opt, tcp);
    }
    if (questions.size() != 1 || optCount(request) > 1) {
      return finish(reply, Rcode.FORMERR, opt, tcp);
    }
    if (opt != null && opt.getVersion() != 0) {
      return finish(reply, Rcode.BADVERS, opt, tcp);
    }
    Record question = questions.get(0);
    int type = question.getType();
    int dclass = question.getDClass();
    if ((dclass != DClass.IN && dclass != DClass.ANY) || type == Type.AXFR || type == Type.IXFR) {
      return finish(reply, Rcode.REFUSED, opt, tcp); // no zone transfers, no other classes
    }
    Zone current = zoneFor.apply(question.getName());
    Zone.Answer answer = current.lookup(question.getName(), type);
    if (answer.kind() == Zone.Kind.NOT_IN_ZONE) {
      return finish(reply, Rcode.REFUSED, opt, tcp);
    }
    if (!current.isReady()) {
      return finish(reply, Rcode.SERVFAIL, opt, tcp);
    }
    reply.getHeader().setFlag(Flags.AA);
    if (type == Type.ANY && answer.kind() != Zone.Kind.NO_SUCH_NAME) {
      // RFC 8482: an ANY query gets one small synthesized HINFO, not every RRset of the name
      // (no amplification, nothing listed that was not asked for by type).
      reply.addRecord(
          new HINFORecord(question.getName(), DClass.IN, ANY_TTL, "RFC8482", ""), Section.ANSWER);
      return finish(reply, Rcode.NOERROR, opt, tcp);
    }
    answer.answer().forEach(r -> reply.addRecord(r, Section.ANSWER));
    answer.authority().forEach(r -> reply.addRecord(r, Section.AUTHORITY));
    answer.additional().forEach(r -> reply.addRecord(r, Section.ADDITIONAL));
    int rcode = answer.kind() == Zone.Kind.NO_SUCH_NAME ? Rcode.NXDOMAIN : Rcode.NOERROR;
    return finish(reply, rcode, opt, tcp);
  }

  /** A reply skeleton: the query's id, opcode and RD flag, and its question if it had one. */
  private static Message replyTo(Message request, Record question, OPTRecord opt) {
    Header header = request.getHeader();
    Message reply = new Message(header.getID());
    reply.getHeader().setFlag(Flags.QR);
    reply.getHeader().setOpcode(header.getOpcode());
    if (header.getFlag(Flags.RD)) {
      reply.getHeader().setFlag(Flags.RD);
    }
    if (header.getFlag(Flags.CD)) {
      reply.getHeader().setFlag(Flags.CD);
    }
    if (question != null) {
      reply.addRecord(question, Section.QUESTION);
    }
    return reply;
  }

  private static byte[] finish(Message reply, int rcode, OPTRecord opt, boolean tcp) {
    reply.getHeader().setRcode(rcode & 0xf);
    int maxLength = TCP_MESSAGE_MAX;
    if (opt != null) {
      // The extended rcode's upper 8 bits travel in the OPT record (BADVERS is 16).
      reply.addRecord(new OPTRecord(UDP_PAYLOAD_MAX, rcode >>> 4, 0, 0), Section.ADDITIONAL);
      if (!tcp) {
        maxLength = Math.max(UDP_PAYLOAD_MIN, Math.min(UDP_PAYLOAD_MAX, opt.getPayloadSize()));
      }
    } else if (!tcp) {
      maxLength = UDP_PAYLOAD_MIN;
    }
    return reply.toWire(maxLength);
  }

  private static int optCount(Message request) {
    int count = 0;
    for (Record record : request.getSection(Section.ADDITIONAL)) {
      if (record.getType() == Type.OPT) {
        count++;
      }
    }
    return count;
  }

  /** FORMERR for a query whose header is readable and the rest not: id and opcode echoed. */
  private static byte[] formatError(byte[] query) {
    byte[] reply = new byte[Header.LENGTH];
    reply[0] = query[0];
    reply[1] = query[1];
    reply[2] = (byte) (0x80 | (query[2] & 0x79)); // QR, the opcode and RD as asked
    reply[3] = (byte) Rcode.FORMERR;
    return reply;
  }
}
