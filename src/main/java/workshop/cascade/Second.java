package workshop.cascade;

/**
 * What the run saw of the servers during one second of the run.
 *
 * @param index 1 for the first second
 * @param cArrivals requests that reached C in this second, retries and refused ones included
 * @param aHealthy whether A's {@code GET /health} answered 200
 * @param aBusy A's busy workers then
 * @param aWaiting requests waiting for one of A's workers then
 */
public record Second(int index, long cArrivals, boolean aHealthy, int aBusy, int aWaiting) {}
