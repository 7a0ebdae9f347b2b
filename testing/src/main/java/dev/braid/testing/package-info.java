/**
 * Braid's testing kit: run protocols, clients and servers in memory, on a clock that moves only
 * when the test moves it. Nothing here opens a socket or starts a thread, so a test is fast,
 * deterministic and needs no sleeps.
 *
 * <h2>The tools</h2>
 *
 * <ul>
 *   <li>{@link dev.braid.testing.BraidTest} (with {@link dev.braid.testing.BraidExtension}): put it
 *       on every test class. It fails a test that logged an ERROR it did not expect (take expected
 *       ones out with {@link dev.braid.testing.LoggedErrors#flush}) or left an unhandled error in a
 *       Deferred, and can hand a test a real running reactor ({@link
 *       dev.braid.testing.ReactorTester}).
 *   <li>{@link dev.braid.testing.FakeClock}: a {@link dev.braid.time.ReactorTime} for code that
 *       only needs time (timeouts, retries, idle timers); {@code advance} runs what comes due.
 *   <li>{@link dev.braid.testing.DeferredAssertions}: {@code successResultOf}, {@code
 *       failureResultOf}, {@code assertNoResult} read a Deferred that should (or should not) have
 *       fired by now.
 *   <li>{@code StringTransport}: a transport that records what one protocol writes, to test a
 *       protocol alone; {@code ProtocolFeeder} feeds it input whole and one byte at a time.
 *   <li>{@link dev.braid.testing.Loopback} and {@link dev.braid.testing.LoopbackPump}: a client
 *       protocol and a server protocol connected in memory; the test pumps the bytes.
 *   <li>{@link dev.braid.testing.MemoryReactor}: a fake {@link dev.braid.reactor.Reactor} for code
 *       that listens, connects, schedules and shuts down through a reactor; the test plays the
 *       network ({@link dev.braid.testing.FakeConnector}) and moves its clock.
 * </ul>
 *
 * <h2>An in-memory client/server test</h2>
 *
 * <pre>{@code
 * @Test
 * void clientGetsTheReplyAndTimesOutWhenTheServerGoesSilent() {
 *   var reactor = new MemoryReactor();
 *   var client = new KeyValueClient(reactor);              // fails a request after 5 s
 *   var pump = Loopback.connect(new KeyValueServer(Map.of("colour", "blue")), client);
 *   Deferred<String> reply = client.get("colour");
 *   assertNoResult(reply);                                 // nothing has moved yet
 *   pump.flush();                                          // request out, reply back
 *   assertThat(successResultOf(reply)).isEqualTo("blue");
 *   pump.serverTransport().pauseProducing();               // the server stops reading
 *   Deferred<String> late = client.get("size");
 *   reactor.clock().advance(Duration.ofSeconds(5));
 *   failureResultOf(late, TimeoutException.class);
 * }
 * }</pre>
 *
 * <h2>Threads</h2>
 *
 * Everything in this package runs on the test's thread, which plays the reactor thread; only {@link
 * dev.braid.testing.LoggedErrors} and {@link dev.braid.testing.MemoryReactor#callFromThread} may be
 * called from other threads.
 */
package dev.braid.testing;
