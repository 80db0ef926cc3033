package io.enclavesuite.console.enclave;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One enclave in the person's list: its name, status, owner, channel, and the person's role in it — which triad of
 * its mode they read by (the owner's, the members', or everyone else's when the mode lets anyone view).
 */
public record EnclaveLine(String name, String status, String owner, String channel, String role) {

    static EnclaveLine of(JsonNode enclave, String reader) {
        String owner = enclave.path("owner").asText();
        return new EnclaveLine(enclave.path("name").asText(), enclave.path("status").asText(), owner,
                enclave.path("channel").path("name").asText(""), role(enclave, owner, reader));
    }

    static String role(JsonNode enclave, String owner, String reader) {
        if (owner.equals(reader)) {
            return "owner";
        }
        for (JsonNode member : enclave.path("members")) {
            if (member.asText().equals(reader)) {
                return "member";
            }
        }
        return "everyone else";
    }
}
