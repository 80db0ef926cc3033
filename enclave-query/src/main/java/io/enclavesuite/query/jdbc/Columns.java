package io.enclavesuite.query.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.UncheckedIOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A table's columns, derived from the Java type that holds one of its rows — a record's components or a class's
 * fields, as declared — so that a new column is one component or field, plus its migration: the column list, the
 * placeholders, an upsert's assignments, the typed binding, reading a row back and its binary {@code COPY} all
 * follow from that one list. A component or field {@code channelName} is the column {@code channel_name}; a
 * {@code String} is {@code text} ({@code jsonb} when marked {@link Jsonb}), an {@code int} {@code integer}, a
 * {@code long} {@code bigint}, an {@link Instant} {@code timestamptz} and an {@link ObjectNode} {@code jsonb}.
 * <p>
 * Values are bound with the setter of their type ({@code setString}, {@code setLong}, …), as the hand-written binding
 * did: a JDBC batch of a thousand rows binds as fast, and pgjdbc still rewrites it into multi-row inserts.
 *
 * @param <R> the type holding a row
 */
public final class Columns<R> {

    /** A {@code String} column of type {@code jsonb}: bound as text and cast ({@code ?::jsonb}). */
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.FIELD, ElementType.RECORD_COMPONENT})
    public @interface Jsonb {
    }

    private enum Type { TEXT, INTEGER, BIGINT, TIMESTAMPTZ, JSONB_TEXT, JSONB_OBJECT }

    /** @param set the field's setter; null for a record's component, which its constructor takes */
    private record Column(String name, Type type, MethodHandle get, MethodHandle set) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MethodType GETTER = MethodType.methodType(Object.class, Object.class);
    private static final MethodType SETTER = MethodType.methodType(void.class, Object.class, Object.class);

    private final Class<R> type;
    private final List<Column> columns;
    /** A record's canonical constructor taking an Object[], or a class's constructor without arguments. */
    private final MethodHandle construct;

    private Columns(Class<R> type, List<Column> columns, MethodHandle construct) {
        this.type = type;
        this.columns = List.copyOf(columns);
        this.construct = construct;
    }

    /**
     * The columns of a record's components, in their order.
     *
     * @param lookup the caller's ({@code MethodHandles.lookup()}), which may read its own package's records
     */
    public static <R extends Record> Columns<R> ofRecord(Class<R> type, MethodHandles.Lookup lookup) {
        try {
            List<Column> columns = new ArrayList<>();
            RecordComponent[] components = type.getRecordComponents();
            Class<?>[] parameters = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                RecordComponent component = components[i];
                parameters[i] = component.getType();
                columns.add(new Column(snakeCase(component.getName()),
                        typeOf(type, component.getName(), component.getType(), component.isAnnotationPresent(Jsonb.class)),
                        lookup.unreflect(component.getAccessor()).asType(GETTER), null));
            }
            MethodHandle constructor = lookup.findConstructor(type, MethodType.methodType(void.class, parameters))
                    .asSpreader(Object[].class, components.length);
            return new Columns<>(type, columns, constructor);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("the lookup given cannot read " + type, e);
        }
    }

    /**
     * The columns of a class's instance fields, in the order they are declared; the class needs a constructor
     * without arguments.
     *
     * @param lookup the caller's ({@code MethodHandles.lookup()}), which may read its own package's fields
     */
    public static <R> Columns<R> ofFields(Class<R> type, MethodHandles.Lookup lookup) {
        try {
            List<Column> columns = new ArrayList<>();
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) || field.isSynthetic()) {
                    continue;
                }
                columns.add(new Column(snakeCase(field.getName()),
                        typeOf(type, field.getName(), field.getType(), field.isAnnotationPresent(Jsonb.class)),
                        lookup.unreflectGetter(field).asType(GETTER), lookup.unreflectSetter(field).asType(SETTER)));
            }
            return new Columns<>(type, columns, lookup.findConstructor(type, MethodType.methodType(void.class)));
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("the lookup given cannot read " + type, e);
        }
    }

    private static String snakeCase(String name) {
        return name.replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT);
    }

    private static Type typeOf(Class<?> row, String name, Class<?> type, boolean jsonb) {
        if (type == String.class) {
            return jsonb ? Type.JSONB_TEXT : Type.TEXT;
        } else if (type == int.class) {
            return Type.INTEGER;
        } else if (type == long.class) {
            return Type.BIGINT;
        } else if (type == Instant.class) {
            return Type.TIMESTAMPTZ;
        } else if (type == ObjectNode.class) {
            return Type.JSONB_OBJECT;
        }
        throw new IllegalArgumentException(row.getName() + "." + name + ": no column type for " + type.getName());
    }

    /** The columns' names: {@code a, b, c}. */
    public String names() {
        return columns.stream().map(Column::name).collect(Collectors.joining(", "));
    }

    /** A placeholder per column, with the cast a {@code jsonb} one needs: {@code ?, ?, ?::jsonb}. */
    public String placeholders() {
        return columns.stream().map(column -> column.type() == Type.JSONB_TEXT || column.type() == Type.JSONB_OBJECT
                ? "?::jsonb" : "?").collect(Collectors.joining(", "));
    }

    /** An upsert's {@code do update set}: every column from the row that was to be inserted. */
    public String setFromExcluded() {
        return columns.stream().map(column -> column.name() + " = excluded." + column.name())
                .collect(Collectors.joining(", "));
    }

    public int size() {
        return columns.size();
    }

    /**
     * Binds the row's columns in order, from parameter {@code first} on.
     *
     * @return the next parameter's index
     */
    public int bind(PreparedStatement statement, int first, R row) throws SQLException {
        int i = first;
        for (Column column : columns) {
            Object value = get(column, row);
            switch (column.type()) {
                case TEXT, JSONB_TEXT -> statement.setString(i, (String) value);
                case INTEGER -> statement.setInt(i, (Integer) value);
                case BIGINT -> statement.setLong(i, (Long) value);
                case TIMESTAMPTZ -> statement.setTimestamp(i, value == null ? null : Timestamp.from((Instant) value));
                case JSONB_OBJECT -> statement.setString(i, value == null ? null : value.toString());
            }
            i++;
        }
        return i;
    }

    /** A row as read, by column name. */
    public R read(ResultSet result) throws SQLException {
        Object[] values = new Object[columns.size()];
        for (int i = 0; i < values.length; i++) {
            Column column = columns.get(i);
            values[i] = switch (column.type()) {
                case TEXT, JSONB_TEXT -> result.getString(column.name());
                case INTEGER -> result.getInt(column.name());
                case BIGINT -> result.getLong(column.name());
                case TIMESTAMPTZ -> {
                    Timestamp at = result.getTimestamp(column.name());
                    yield at == null ? null : at.toInstant();
                }
                case JSONB_OBJECT -> json(column, result.getString(column.name()));
            };
        }
        try {
            if (columns.get(0).set() == null) {
                return type.cast(construct.invoke(values));
            }
            Object row = construct.invoke();
            for (int i = 0; i < values.length; i++) {
                columns.get(i).set().invokeExact(row, values[i]);
            }
            return type.cast(row);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("cannot make a " + type.getName(), e);
        }
    }

    /** Writes the row into a binary {@code COPY} whose column list is {@link #names()}. */
    public void copy(R row, BinaryCopy copy) {
        copy.row(columns.size());
        for (Column column : columns) {
            Object value = get(column, row);
            switch (column.type()) {
                case TEXT -> copy.text((String) value);
                case INTEGER -> copy.integer((Integer) value);
                case BIGINT -> copy.bigint((Long) value);
                case TIMESTAMPTZ -> copy.timestamptz((Instant) value);
                case JSONB_TEXT -> copy.jsonb((String) value);
                case JSONB_OBJECT -> copy.jsonb(value == null ? null : value.toString());
            }
        }
    }

    private static Object get(Column column, Object row) {
        try {
            return column.get().invokeExact(row);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("cannot read column " + column.name(), e);
        }
    }

    private static ObjectNode json(Column column, String text) {
        if (text == null) {
            return null;
        }
        try {
            return (ObjectNode) JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("column " + column.name() + " does not hold a JSON object", e);
        }
    }
}
