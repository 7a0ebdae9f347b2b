/**
 * The reactor: one thread, one event source, every callback. {@link Reactor} is the interface (time
 * from {@link dev.braid.time.ReactorTime} with {@link dev.braid.time.DelayedCall}, threads,
 * lifecycle and shutdown triggers, and the network calls of {@code dev.braid.net}); {@link
 * Reactors} makes one (and {@link Reactors#react} runs a main function on one), {@link
 * ReactorGroup} spreads connections over several. {@link Timing}, {@link LoopingCall} and {@link
 * Cooperator} schedule work on a reactor, and {@link Coroutines} runs code that reads like blocking
 * code on it (async/await).
 *
 * <p>The layers below the reactor know nothing of it: the clock ({@code dev.braid.time}), Deferreds
 * ({@code dev.braid.defer}) and protocols and transports ({@code dev.braid.net}).
 *
 * <p>Two engine pieces let other threads take turns with the reactor: a {@link LendableReactor}
 * lends its thread to another thread in strict hand-off ({@link HandOff}: coroutines and the
 * testing kit use it), and a {@link LoopDispatcher} runs each turn on a GUI toolkit's event thread
 * (the {@code braid-swing} module).
 *
 * <p>Threads: only the reactor thread may call a reactor, except {@link Reactor#callFromThread},
 * the one thread-safe door in.
 */
package dev.braid.reactor;
