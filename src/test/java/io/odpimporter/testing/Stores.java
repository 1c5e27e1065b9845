package io.odpimporter.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Builds offline-store files ({@code [{id, name, location}, ...]}) with ids unique to one test. */
public final class Stores {

    private Stores() {}

    /** @return {@code count} stores with ids {@code <tag>-<n>} */
    public static List<Map<String, String>> make(String tag, int from, int count) {
        List<Map<String, String>> stores = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            stores.add(Map.of("id", tag + "-" + i, "name", "Store " + i, "location", "City " + i));
        }
        return stores;
    }

    public static String json(List<Map<String, String>> stores) {
        StringBuilder sb = new StringBuilder("[\n");
        for (int i = 0; i < stores.size(); i++) {
            Map<String, String> s = stores.get(i);
            sb.append(i == 0 ? "" : ",\n")
                    .append("  {\"id\": \"")
                    .append(s.get("id"))
                    .append("\", \"name\": \"")
                    .append(s.get("name"))
                    .append("\", \"location\": \"")
                    .append(s.get("location"))
                    .append("\"}");
        }
        return sb.append("\n]").toString();
    }

    /** @return a tag unique to a test, usable as blob prefix and id prefix */
    public static String tag(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
