/**
 * Jelly, PB's serialization (Twisted's {@code twisted.spread.jelly}): Java values to Banana
 * s-expressions and back, with shared and circular structures, and a strict allow-list of copied
 * types ({@link dev.braid.pb.jelly.JellyTypes}): a class name nobody registered is an error, never
 * a reflective instantiation. {@link dev.braid.pb.jelly.Jelly} does the work; {@link
 * dev.braid.pb.jelly.PyNone}, {@link dev.braid.pb.jelly.Tuple} and {@link
 * dev.braid.pb.jelly.Unpersistable} stand for the Python values Java has no type for.
 */
package dev.braid.pb.jelly;
