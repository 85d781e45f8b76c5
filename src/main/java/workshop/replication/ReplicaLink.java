package workshop.replication;

/**
 * What a primary knows of one replica: the offset it acknowledged, the batch in flight (one at a
 * time), and whether the link is up. Only acknowledgements move {@code acked}, so the primary never
 * believes a replica holds more than it said; -1 while a full sync is on its way.
 */
final class ReplicaLink {
  final String name;
  long attempt;
  long acked = -1;
  long inFlightTo; // 0: nothing in flight
  long sentAtMillis;
  long lastAckMillis;
  long connectedAtMillis;
  boolean online = true;

  ReplicaLink(String name) {
    this.name = name;
  }

  /** A new sync of this replica: its {@code attempt}, and what it holds ({@code -1}: unknown). */
  void restart(long attempt, long holds, long nowMillis) {
    this.attempt = attempt;
    this.acked = holds;
    this.inFlightTo = 0;
    this.lastAckMillis = nowMillis;
    this.connectedAtMillis = nowMillis;
    this.online = true;
  }

  boolean syncing() {
    return acked < 0;
  }

  boolean idle() {
    return inFlightTo == 0;
  }

  void sent(long upTo, long nowMillis) {
    inFlightTo = upTo;
    sentAtMillis = nowMillis;
  }

  /** This link as INFO shows it: lag in writes, and the age of the oldest unacknowledged one. */
  ReplicationInfo.Link info(Dataset data, long now) {
    long lagWrites = acked < 0 ? data.offset() : data.offset() - acked;
    long oldest = acked < 0 ? -1 : data.timeOf(acked + 1);
    long lagMillis = lagWrites == 0 ? 0 : now - (oldest < 0 ? connectedAtMillis : oldest);
    return new ReplicationInfo.Link(
        name, state(), acked, lagWrites, lagMillis, now - lastAckMillis);
  }

  String state() {
    return !online ? "offline" : syncing() ? "sync" : "online";
  }
}
