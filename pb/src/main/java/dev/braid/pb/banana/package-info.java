/**
 * Banana, the token encoding under Perspective Broker (Twisted's {@code twisted.spread.banana}):
 * integers of any size, floats, byte strings and lists, each a base-128 prefix and a type byte,
 * with PB's vocabulary of one-token words. {@link dev.braid.pb.banana.BananaParser} is the sans-IO
 * parser, {@link dev.braid.pb.banana.BananaEncoder} the encoder, {@link
 * dev.braid.pb.banana.BananaLimits} the limits.
 */
package dev.braid.pb.banana;
