package io.enclavesuite.slack.channel;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

/**
 * The gateway's own view of which enclave each channel has and who takes part in each room, kept from the event
 * topics. It decides the enclave of a request before anything is sent: the enclave is always the one bound to the
 * channel the request came from (the command service checks the same again).
 */
@Component
public class ChannelDirectory {

    public record Binding(String channelId, String enclave, String channelName, boolean released) {
    }

    private final JdbcTemplate jdbc;

    public ChannelDirectory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The live enclave of a channel. */
    public Optional<String> enclaveOf(String channelId) {
        return jdbc.queryForList("select enclave from channel_binding where channel_id = ? and not released order by bound_at desc limit 1",
                String.class, channelId).stream().findFirst();
    }

    /** The channel an enclave is (or was, once deprovisioned) bound to: where its news goes. */
    public Optional<Binding> bindingOf(String enclave) {
        return jdbc.query("select channel_id, enclave, channel_name, released from channel_binding where enclave = ?",
                (rs, row) -> new Binding(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4)),
                enclave).stream().findFirst();
    }

    /** Provisioning started: a retry after a failure binds the same pair again and changes nothing. */
    void bind(String channelId, String enclave, String channelName, String owner) {
        jdbc.update("""
                insert into channel_binding (enclave, channel_id, channel_name, released, owner) values (?, ?, ?, false, ?)
                on conflict (enclave) do update set channel_id = excluded.channel_id,
                    channel_name = excluded.channel_name, released = false, owner = excluded.owner,
                    bound_at = now()""", enclave, channelId, channelName, owner);
    }

    /** The live enclaves: the channels whose members the drift check compares. */
    public List<Binding> live() {
        return jdbc.query("select channel_id, enclave, channel_name, released from channel_binding where not released order by enclave",
                (rs, row) -> new Binding(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4)));
    }

    // ---- members, as the enclave's events tell them -----------------------------------------------------------

    /** @param registration the position of the event that made them a member */
    public record Member(String user, String registration) {
    }

    public Optional<String> ownerOf(String enclave) {
        return jdbc.queryForList("select owner from channel_binding where enclave = ? and owner is not null",
                String.class, enclave).stream().findFirst();
    }

    /** The enclave's members, the owner not among them. */
    public List<Member> membersOf(String enclave) {
        return jdbc.query("select user_id, registration from enclave_member where enclave = ? order by user_id",
                (rs, row) -> new Member(rs.getString(1), rs.getString(2)), enclave);
    }

    /** Whether the person owns the enclave or is one of its members. */
    public boolean belongsTo(String enclave, String user) {
        return ownerOf(enclave).filter(user::equals).isPresent()
                || !jdbc.queryForList("select 1 from enclave_member where enclave = ? and user_id = ?", Integer.class,
                enclave, user).isEmpty();
    }

    void registered(String enclave, String user, String registration) {
        jdbc.update("insert into enclave_member (enclave, user_id, registration) values (?, ?, ?) on conflict do nothing",
                enclave, user, registration);
    }

    void removed(String enclave, String user) {
        jdbc.update("delete from enclave_member where enclave = ? and user_id = ?", enclave, user);
    }

    /** Deprovisioned: a new enclave of the same name starts with no members and invites everyone again. */
    void forgetMembers(String enclave) {
        jdbc.update("delete from enclave_member where enclave = ?", enclave);
        jdbc.update("delete from member_invitation where enclave = ?", enclave);
    }

    /** The new owner stops being a member; the previous one becomes one, from this event on. */
    void ownershipTransferred(String enclave, String previousOwner, String newOwner, String registration) {
        removed(enclave, newOwner);
        registered(enclave, previousOwner, registration);
        jdbc.update("update channel_binding set owner = ? where enclave = ?", newOwner, enclave);
    }

    void rename(String enclave, String channelName) {
        jdbc.update("update channel_binding set channel_name = ? where enclave = ?", channelName, enclave);
    }

    /** Deprovisioned, or provisioning failed: the channel is free for a new enclave. */
    void release(String enclave) {
        jdbc.update("update channel_binding set released = true where enclave = ?", enclave);
    }

    /** @param roomKey the public key windows are sealed to; null for a room made before senders sealed their own */
    public record Room(String room, String purpose, String initiator, String roomKey) {
    }

    void openRoom(String room, String purpose, String initiator, List<String> people, String roomKey) {
        jdbc.update("insert into room (room, purpose, initiator, room_key) values (?, ?, ?, ?) on conflict do nothing",
                room, purpose, initiator, roomKey);
        for (String person : people) {
            jdbc.update("insert into room_participant (room, user_id) values (?, ?) on conflict do nothing", room, person);
        }
    }

    public Optional<Room> room(String room) {
        return jdbc.query("select room, purpose, initiator, room_key from room where room = ?",
                (rs, row) -> new Room(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)), room)
                .stream().findFirst();
    }

    public List<String> participantsOf(String room) {
        return jdbc.queryForList("select user_id from room_participant where room = ? order by user_id", String.class, room);
    }
}
