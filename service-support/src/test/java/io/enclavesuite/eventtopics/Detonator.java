package io.enclavesuite.eventtopics;

/**
 * A class with a side effect on initialisation, standing in for a gadget an attacker names in a record's
 * {@code axon-message-type}: if anything deserialised a record as this type, it would leave a system property behind
 * named after it. Tests name it by string only — touching the class itself would set it off.
 */
public record Detonator(String charge) {

    static {
        System.setProperty(Detonator.class.getName(), "detonated");
    }

    /** The same, for the test that shows what reading it without the check does (and so sets it off). */
    public record Twin(String charge) {

        static {
            System.setProperty(Twin.class.getName(), "detonated");
        }
    }
}
