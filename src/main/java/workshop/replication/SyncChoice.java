package workshop.replication;

/**
 * Why a primary answers a PSYNC with a full sync rather than a partial one, in words. The choice
 * itself is {@link Dataset#canContinue}: the same history (or the one this primary forked from, up
 * to where they part) and an offset the backlog still covers.
 */
final class SyncChoice {
  private SyncChoice() {}

  static String whyFull(Dataset data, ReplicationMessage.Psync p) {
    if (Dataset.NONE.equals(p.replid())) {
      return "it holds nothing yet";
    }
    if (data.sharedWith(p.replid(), p.offset()) < 0) {
      return "its history " + Ids.brief(p.replid()) + " is not this one's";
    }
    if (p.offset() > data.offset()
        || (p.replid().equals(data.replid2()) && p.offset() > data.replid2Offset())) {
      return "it holds writes this primary never saw";
    }
    return "it needs the writes from offset "
        + (p.offset() + 1)
        + ", but the backlog holds "
        + data.backlogFirst()
        + " to "
        + data.offset()
        + " only: it was overrun";
  }
}
