package workshop.sim;

import workshop.protocol.Effects;
import workshop.protocol.Input;

/**
 * One input a node handled, and what it answered: what observers see after each step.
 *
 * @param index the node's position in {@link SimView#nodes()}, for observers that keep arrays
 */
public record Step<M>(long atMillis, String node, int index, Input<M> input, Effects<M> effects) {}
