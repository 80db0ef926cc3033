package io.enclavesuite.query.parked;

/**
 * A class with a side effect on initialisation, standing in for a gadget an attacker names in a record's
 * {@code axon-message-type}: if the read side ever deserialised a record as this type, a system property named after
 * it would appear. The test names it by string only — touching the class would set it off.
 */
public record Detonator(String charge) {

    static {
        System.setProperty(Detonator.class.getName(), "detonated");
    }
}
