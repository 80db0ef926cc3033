package io.enclavesuite.bench;

import java.util.Arrays;

/** The bench jar's entry point: {@code throughput [seconds]} or {@code provisioning [enclaves] [commands/s] [warm-up]}
 * or {@code overlap [participants] [windows each]} or {@code receipts [seconds] [chain length]} or
 * {@code read-side rebuild [events]} or {@code read-side visibility [commands/s] [seconds]} or
 * {@code signatures [rounds]} or {@code room-sealing [participants] [windows each] [rounds]} or
 * {@code rebuild [enclaves] [tentacles each] [deletions] [commands/s]}. */
public final class Benchmarks {

    public static void main(String[] args) throws Exception {
        String which = args.length > 0 ? args[0] : "";
        String[] rest = args.length > 0 ? Arrays.copyOfRange(args, 1, args.length) : args;
        switch (which) {
            case "throughput" -> CommandThroughputBenchmark.main(rest);
            case "provisioning" -> ProvisioningLatencyBenchmark.main(rest);
            case "overlap" -> OverlapBenchmark.main(rest);
            case "receipts" -> ReceiptBenchmark.main(rest);
            case "read-side" -> ReadSideBenchmark.main(rest);
            case "signatures" -> SignatureBenchmark.main(rest);
            case "room-sealing" -> RoomSealingBenchmark.main(rest);
            case "rebuild" -> RebuildBenchmark.main(rest);
            default -> {
                System.err.println("usage: bench throughput [seconds-per-run] | provisioning [enclaves] [commands-per-second] [warm-up enclaves] | overlap [participants] [windows-each] | receipts [seconds] [chain length] | read-side rebuild [events] | read-side visibility [commands-per-second] [seconds] | signatures [rounds] | room-sealing [participants] [windows-each] [rounds] | rebuild [enclaves] [tentacles-each] [deletions] [commands-per-second]");
                System.exit(2);
            }
        }
    }

    private Benchmarks() {
    }
}
