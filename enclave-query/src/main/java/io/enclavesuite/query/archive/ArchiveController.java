package io.enclavesuite.query.archive;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.access.EnclaveAccess;
import io.enclavesuite.api.access.Operation;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.apiauth.Problems;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code GET /api/archive}: the History page's archive — the rooms the reader takes part in and the enclaves they may
 * view ({@link EnclaveAccess}, as {@code GET /api/enclaves}), most recently changed first, filtered by {@code kind},
 * {@code status}, {@code person} (one of the item's people) and {@code q} (text in the title), in pages of
 * {@code limit} with an opaque {@code after} cursor ({@link ArchiveCursor}).
 */
@RestController
class ArchiveController {

    static final String ROOM = "room";
    static final String ENCLAVE = "enclave";
    private static final int DEFAULT_LIMIT = 25;
    private static final int MAX_LIMIT = 100;
    private static final int MAX_TEXT = 200;
    private static final int MAX_BATCH = 400;

    /**
     * Both kinds in one order: change time, then kind, then id byte-wise ("C"), newest first — the order the cursor
     * continues. A room is the reader's only with them in it; every enclave comes, for {@link EnclaveAccess} to decide.
     * An enclave's people are its owner, then its members.
     */
    private static final String ITEMS = """
            select * from (
                select 'room' as kind, r.room_id collate "C" as id, r.purpose as title, r.status, r.updated_at,
                       r.last_sequence, null as owner, null as mode,
                       array(select p.user_id from room_participant p where p.room_id = r.room_id
                             order by p.user_id collate "C") as people
                from room r
                where exists (select 1 from room_participant me where me.room_id = r.room_id and me.user_id = ?)
                union all
                select 'enclave', e.name collate "C", e.name, e.status, e.updated_at, e.last_sequence, e.owner,
                       e.default_mode,
                       array[e.owner] || array(select m.member from enclave_member m where m.enclave = e.name
                                               and m.member <> e.owner order by m.member collate "C")
                from enclave e
            ) item
            """;

    private final JdbcTemplate jdbc;
    private final ObjectMapper json = EnclaveJson.mapper();

    ArchiveController(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The request parameters, bound by name; parsed into a {@link Filter} with a clear error for each. */
    record ArchiveQuery(String kind, String status, String person, String q, String limit, String after) {
    }

    private record Filter(String kind, String status, String person, String text, int limit, ArchiveCursor after) {
    }

    /** One row of {@link #ITEMS}: what the answer shows, and what deciding whether an enclave is visible needs. */
    private record Item(String kind, String id, String title, String status, List<String> people, Instant updatedAt,
                        long sequence, String owner, String mode) {

        ArchiveCursor position() {
            return new ArchiveCursor(updatedAt, kind, id);
        }
    }

    @GetMapping("/api/archive")
    ObjectNode archive(@AuthenticationPrincipal UserId reader, ArchiveQuery query) {
        Filter filter = filter(query);
        // Rows come in batches until the page is full, one beyond it telling whether there is a next: enclaves the
        // reader may not view are left out here, and however many of them come first must not cut the page short.
        // Each batch after the first is twice as large, up to MAX_BATCH.
        List<Item> page = new ArrayList<>();
        int batch = filter.limit() + 1;
        ArchiveCursor position = filter.after();
        while (page.size() <= filter.limit()) {
            List<Item> rows = rows(reader, filter, position, batch);
            for (Item row : rows) {
                if (page.size() <= filter.limit() && visible(row, reader)) {
                    page.add(row);
                }
            }
            if (rows.size() < batch) {
                break;
            }
            position = rows.get(rows.size() - 1).position();
            batch = Math.min(2 * batch, MAX_BATCH);
        }
        ObjectNode body = json.createObjectNode();
        ArrayNode items = body.putArray("items");
        page.stream().limit(filter.limit()).forEach(item -> items.add(view(item)));
        if (page.size() > filter.limit()) {
            body.put("next", page.get(filter.limit() - 1).position().encode());
        }
        return body;
    }

    private List<Item> rows(UserId reader, Filter filter, ArchiveCursor after, int limit) {
        StringBuilder sql = new StringBuilder(ITEMS).append(" where true");
        List<Object> args = new ArrayList<>(List.of(reader.value()));
        if (filter.kind() != null) {
            sql.append(" and kind = ?");
            args.add(filter.kind());
        }
        if (filter.status() != null) {
            sql.append(" and lower(status) = ?");
            args.add(filter.status());
        }
        if (filter.person() != null) {
            sql.append(" and ? = any(people)");
            args.add(filter.person());
        }
        if (filter.text() != null) {
            sql.append(" and title ilike ? escape '\\'");
            args.add("%" + filter.text().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        if (after != null) {
            sql.append(" and (updated_at, kind, id) < (?, ?, ?)");
            args.addAll(List.of(Timestamp.from(after.updatedAt()), after.kind(), after.id()));
        }
        sql.append(" order by updated_at desc, kind desc, id desc limit ?");
        args.add(limit);
        return jdbc.query(sql.toString(), ArchiveController::item, args.toArray());
    }

    private static boolean visible(Item item, UserId reader) {
        if (!ENCLAVE.equals(item.kind())) {
            return true;
        }
        List<String> members = item.people().subList(1, item.people().size());
        EnclaveAccess access = new EnclaveAccess(EnclaveId.of(item.id()), UserId.of(item.owner()),
                members.stream().map(UserId::of).collect(Collectors.toSet()), Mode.parse(item.mode()));
        return access.decide(Optional.of(reader), Operation.VIEW_ENCLAVE).allowed();
    }

    private ObjectNode view(Item item) {
        ObjectNode node = json.createObjectNode();
        node.put("kind", item.kind());
        node.put("id", item.id());
        node.put("title", item.title());
        node.put("status", item.status());
        ArrayNode people = node.putArray("people");
        item.people().forEach(people::add);
        node.put("updatedAt", item.updatedAt().toString());
        node.putObject("why").put("aggregate", item.id()).put("sequence", item.sequence());
        return node;
    }

    private static Item item(ResultSet rs, int row) throws SQLException {
        return new Item(rs.getString("kind"), rs.getString("id"), rs.getString("title"), rs.getString("status"),
                Arrays.asList((String[]) rs.getArray("people").getArray()),
                rs.getTimestamp("updated_at").toInstant(), rs.getLong("last_sequence"), rs.getString("owner"),
                rs.getString("mode"));
    }

    private static Filter filter(ArchiveQuery query) {
        String kind = text("kind", query.kind());
        if (kind != null && !kind.equals(ROOM) && !kind.equals(ENCLAVE)) {
            throw Problems.badRequest("Malformed kind", "kind must be 'room' or 'enclave', not '" + kind + "'");
        }
        String status = text("status", query.status());
        return new Filter(kind, status == null ? null : status.toLowerCase(Locale.ROOT), text("person", query.person()),
                text("q", query.q()), limit(query.limit()),
                blank(query.after()) ? null : ArchiveCursor.decode(query.after().strip()));
    }

    private static String text(String name, String value) {
        if (blank(value)) {
            return null;
        }
        if (value.length() > MAX_TEXT) {
            throw Problems.badRequest("Malformed " + name, name + " must be at most " + MAX_TEXT + " characters");
        }
        return value.strip();
    }

    private static int limit(String text) {
        if (blank(text)) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(text.strip());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below, as for a number out of range
        }
        throw Problems.badRequest("Malformed limit", "limit must be a whole number from 1 to " + MAX_LIMIT
                + ", not '" + text + "'");
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
