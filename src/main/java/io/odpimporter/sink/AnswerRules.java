package io.odpimporter.sink;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.odpimporter.odp.OdpAnswer;
import io.odpimporter.odp.OdpUpserts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What an ODP answer means for the records sent ({@link OdpAnswer} classifies it): 2xx with ODP's JSON accepts
 * them; a 400 naming records by index ({@code detail.invalids[].event}) parks exactly those and sends the others
 * again; a 400 without indexes or a 413 splits the batch in halves down to single records; a single record refused
 * with 400 is parked with ODP's reason; one refused with 413 is a configuration fault (a size limit to fix), retried,
 * never parked. 401/403/404 are configuration faults, the rest transient: both are retried.
 */
final class AnswerRules {

    private AnswerRules() {}

    /**
     * ODP's answer to the records actually sent (those whose partition was still ours).
     *
     * @param retryAfter the {@code Retry-After} header, or null
     */
    record Answer(OdpAnswer.Kind kind, int status, String body, List<Pending> sent, String retryAfter) {}

    /** What to do with the records of a batch ODP judged. */
    sealed interface Verdict {}

    /** ODP accepted them. */
    record Accept(List<Pending> records) implements Verdict {}

    /** Park the refused records (in this order), then send the others again (if any). */
    record Park(List<Refused> refused, List<Pending> resend) implements Verdict {}

    /** Send each half on its own, the left one first, to find the refused records. */
    record Split(List<Pending> left, List<Pending> right) implements Verdict {}

    /** Nothing was sent: every record's partition was revoked. */
    record Nothing() implements Verdict {}

    /** A record ODP refused, and ODP's reason. */
    record Refused(Pending record, String reason) {}

    /** @return the answer's kind, made a configuration fault for a single record refused with 413 */
    static Answer judged(OdpUpserts.Reply reply, List<Pending> sent, ObjectMapper mapper) {
        OdpAnswer.Kind kind = OdpAnswer.classify(reply.status(), reply.body(), mapper);
        if (reply.status() == 413 && sent.size() == 1) {
            // one record too large for ODP (or a proxy before it) is a limit to fix, not bad data
            kind = OdpAnswer.Kind.CONFIGURATION;
        }
        return new Answer(kind, reply.status(), reply.body(), sent, reply.retryAfter());
    }

    /**
     * @param answer an ACCEPTED or INVALID answer
     * @return what to do with the records sent
     */
    static Verdict verdict(Answer answer, ObjectMapper mapper) {
        List<Pending> batch = answer.sent();
        if (batch.isEmpty()) {
            return new Nothing();
        }
        if (answer.kind() == OdpAnswer.Kind.ACCEPTED) {
            return new Accept(batch);
        }
        if (answer.status() == 400) {
            Map<Integer, String> invalid = OdpAnswer.invalidIndexes(answer.body(), batch.size(), mapper);
            if (!invalid.isEmpty()) {
                // ODP named the bad records: park exactly those, send the others again
                List<Refused> refused = new ArrayList<>();
                List<Pending> good = new ArrayList<>();
                for (int i = 0; i < batch.size(); i++) {
                    String message = invalid.get(i);
                    if (message == null) {
                        good.add(batch.get(i));
                    } else {
                        refused.add(new Refused(batch.get(i), "HTTP 400: " + message));
                    }
                }
                return new Park(refused, good);
            }
        }
        if (batch.size() == 1) {
            return new Park(
                    List.of(new Refused(batch.get(0), OdpAnswer.reason(answer.status(), answer.body()))), List.of());
        }
        // no index to go by (or a 413): find the bad records by halving
        int half = batch.size() / 2;
        return new Split(List.copyOf(batch.subList(0, half)), List.copyOf(batch.subList(half, batch.size())));
    }
}
