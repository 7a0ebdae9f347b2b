/**
 * A small AMP service used by {@code braid amp} and the docs: {@link
 * dev.braid.amp.example.Calculator}'s Sum, Divide (with a declared error) and Echo.
 */
package dev.braid.amp.example;
