package workshop.protocol;

import java.time.Instant;
import java.util.random.RandomGenerator;

/**
 * What a driver hands a node with every input: the node's own clock reading and its random source.
 * In the simulator {@code now} is virtual time as this node's clock shows it (skew and drift
 * included) and {@code random} is seeded, so a run replays; over HTTP they are the machine's clock
 * and a generator seeded at start-up.
 */
public record Env(Instant now, RandomGenerator random) {}
