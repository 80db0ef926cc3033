package io.enclavesuite.api.enclave;

/** The checks both drift commands make on the object they name. */
final class DriftedObject {

    static void check(String kind, String name, String change) {
        if (kind == null || kind.isBlank() || name == null || name.isBlank()) {
            throw new IllegalArgumentException("a drift names the object's kind and name");
        }
        if (change == null || change.isBlank()) {
            throw new IllegalArgumentException("a drift says what had changed");
        }
    }

    private DriftedObject() {
    }
}
