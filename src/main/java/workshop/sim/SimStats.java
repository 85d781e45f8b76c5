package workshop.sim;

/**
 * Counters of a run so far.
 *
 * @param steps inputs handled by nodes
 * @param sent messages nodes sent (copies made by duplication not counted)
 * @param delivered messages handled by their receiver (duplicates counted)
 * @param dropped messages the network lost (partition, block, loss)
 * @param refused messages to a node that was down
 * @param duplicated extra copies the network made
 * @param timeouts calls whose sender was told "timeout"
 * @param timersFired timers that fired
 * @param queued events still waiting in the queue
 */
public record SimStats(
    long steps,
    long sent,
    long delivered,
    long dropped,
    long refused,
    long duplicated,
    long timeouts,
    long timersFired,
    int queued) {}
