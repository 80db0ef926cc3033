package io.enclavesuite.query.jdbc;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * Rows in PostgreSQL's binary {@code COPY} format, for the column types of {@link Columns}: {@code text},
 * {@code integer}, {@code bigint}, {@code timestamptz} and {@code jsonb}. Binary rather than text: nothing to escape
 * on this side and nothing to parse on PostgreSQL's (parsing text timestamps alone was 5 % of its work in a
 * rebuild). Each row's fields come in the order of the {@code COPY}'s column list ({@link Columns#copy} writes
 * them so); the types must match the columns exactly.
 */
public final class BinaryCopy {

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};
    /** 2000-01-01T00:00:00Z, PostgreSQL's epoch for timestamps, in microseconds since the Unix epoch. */
    private static final long POSTGRES_EPOCH_MICROS = 946_684_800_000_000L;
    /** The only version of jsonb's binary input: the JSON text follows. */
    private static final byte JSONB_VERSION = 1;

    private byte[] buffer;
    private int length;

    public BinaryCopy(int expectedBytes) {
        buffer = new byte[Math.max(64, expectedBytes)];
        write(SIGNATURE);
        writeInt(0); // flags: no OIDs
        writeInt(0); // no header extension
    }

    /** Starts a row of {@code fields} columns. */
    public BinaryCopy row(int fields) {
        writeShort(fields);
        return this;
    }

    public BinaryCopy text(String value) {
        if (value == null) {
            return nothing();
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        writeInt(bytes.length);
        write(bytes);
        return this;
    }

    public BinaryCopy integer(int value) {
        writeInt(4);
        writeInt(value);
        return this;
    }

    public BinaryCopy bigint(long value) {
        writeInt(8);
        writeLong(value);
        return this;
    }

    /** Microseconds, rounded half up from the instant's nanoseconds as pgjdbc rounds a bound timestamp. */
    public BinaryCopy timestamptz(Instant value) {
        if (value == null) {
            return nothing();
        }
        writeInt(8);
        writeLong(value.getEpochSecond() * 1_000_000 + (value.getNano() + 500) / 1_000 - POSTGRES_EPOCH_MICROS);
        return this;
    }

    public BinaryCopy jsonb(String json) {
        if (json == null) {
            return nothing();
        }
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        writeInt(bytes.length + 1);
        ensure(1);
        buffer[length++] = JSONB_VERSION;
        write(bytes);
        return this;
    }

    /** SQL null. */
    private BinaryCopy nothing() {
        writeInt(-1);
        return this;
    }

    /** The whole input, trailer included. */
    public byte[] finish() {
        writeShort(-1);
        return Arrays.copyOf(buffer, length);
    }

    private void write(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, length, bytes.length);
        length += bytes.length;
    }

    private void writeShort(int value) {
        ensure(2);
        buffer[length++] = (byte) (value >>> 8);
        buffer[length++] = (byte) value;
    }

    private void writeInt(int value) {
        ensure(4);
        for (int shift = 24; shift >= 0; shift -= 8) {
            buffer[length++] = (byte) (value >>> shift);
        }
    }

    private void writeLong(long value) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buffer[length++] = (byte) (value >>> shift);
        }
    }

    private void ensure(int more) {
        if (length + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
        }
    }
}
