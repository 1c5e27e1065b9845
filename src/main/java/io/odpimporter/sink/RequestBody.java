package io.odpimporter.sink;

import java.util.List;

/** The body of an ODP upsert: the JSON array of the records' fields, copied as the importer wrote them. */
final class RequestBody {

    private RequestBody() {}

    /** @return the JSON array of the records' fields, in their order, as UTF-8 bytes */
    static byte[] of(List<Pending> records) {
        int length = records.size() + 1;
        for (Pending p : records) {
            length += p.fieldsJson().length;
        }
        byte[] body = new byte[length];
        body[0] = '[';
        int at = 1;
        for (int i = 0; i < records.size(); i++) {
            if (i > 0) {
                body[at++] = ',';
            }
            byte[] fields = records.get(i).fieldsJson();
            System.arraycopy(fields, 0, body, at, fields.length);
            at += fields.length;
        }
        body[at] = ']';
        return body;
    }
}
