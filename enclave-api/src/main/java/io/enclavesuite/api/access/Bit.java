package io.enclavesuite.api.access;

/** One permission bit of a mode triad. */
public enum Bit {
    READ('r', 0), WRITE('w', 1), EXECUTE('x', 2);

    private final char letter;
    private final int offset;

    Bit(char letter, int offset) {
        this.letter = letter;
        this.offset = offset;
    }

    public char letter() {
        return letter;
    }

    /** Position of this bit inside a triad of three characters. */
    int offset() {
        return offset;
    }
}
