package workshop.kv;

/**
 * A write with its place in the history: {@code offset} is the count of bytes of every write up to
 * and including this one, as the append-only log holds them (Redis's {@code master_repl_offset}
 * counts its replication stream the same way). Immutable; a replica that applies the same
 * operations in the same order reaches the same offset and the same data.
 *
 * @param offset the history's length in bytes once this write is in it
 * @param write what it changes
 * @param bytes the write as the log stores it ({@link WriteOp#encode()})
 */
public record Operation(long offset, WriteOp write, byte[] bytes) {}
