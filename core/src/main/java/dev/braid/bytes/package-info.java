/** Immutable byte strings for values that hold bytes (protocol messages, map keys). */
package dev.braid.bytes;
