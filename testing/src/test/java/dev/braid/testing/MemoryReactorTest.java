package dev.braid.testing;

import static dev.braid.testing.DeferredAssertions.failureResultOf;
import static dev.braid.testing.DeferredAssertions.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.defer.Deferred;
import dev.braid.net.ClientFactory;
import dev.braid.net.ConnectionDone;
import dev.braid.net.Connector;
import dev.braid.net.Protocol;
import dev.braid.net.ProtocolFactory;
import dev.braid.net.ReactorTcp.TcpConnectOptions;
import dev.braid.net.ReactorTcp.TcpListenOptions;
import dev.braid.net.Transport;
import dev.braid.reactor.Reactor.ShutdownPhase;
import dev.braid.reactor.ReactorNotRestartableException;
import dev.braid.reactor.ReactorNotRunningException;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

@BraidTest
class MemoryReactorTest {
  private final MemoryReactor reactor = new MemoryReactor();
  private final List<String> events = new ArrayList<>();

  /** A server factory that records its start and stop. */
  private ProtocolFactory serverFactory(Protocol protocol) {
    return new ProtocolFactory() {
      @Override
      public Protocol buildProtocol(SocketAddress peer) {
        return protocol;
      }

      @Override
      public void startFactory() {
        events.add("server start");
      }

      @Override
      public void stopFactory() {
        events.add("server stop");
      }
    };
  }

  /** A client factory that records every call; {@code retry} makes it reconnect after failures. */
  private class RecordingClientFactory implements ClientFactory {
    boolean retry;
    final List<Protocol> built = new ArrayList<>();
    Connector startedWith;

    @Override
    public Protocol buildProtocol(SocketAddress peer) {
      events.add("build " + peer);
      Protocol protocol = new RecordingProtocol();
      built.add(protocol);
      return protocol;
    }

    @Override
    public void startFactory() {
      events.add("start");
    }

    @Override
    public void stopFactory() {
      events.add("stop");
    }

    @Override
    public void startedConnecting(Connector connector) {
      startedWith = connector;
      events.add("connecting");
    }

    @Override
    public void clientConnected(Connector connector, Protocol protocol) {
      events.add("connected");
    }

    @Override
    public void clientConnectionFailed(Connector connector, Throwable reason) {
      events.add("failed " + reason.getClass().getSimpleName());
      if (retry) {
        retry = false;
        connector.connect();
      }
    }

    @Override
    public void clientConnectionLost(Connector connector, Throwable reason) {
      events.add("lost " + reason.getClass().getSimpleName());
    }
  }

  /** A protocol that records its events and writes "hi" when connected. */
  private class RecordingProtocol implements Protocol {
    Transport transport;
    final StringBuilder received = new StringBuilder();

    @Override
    public void connectionMade(Transport transport) {
      this.transport = transport;
      events.add("made");
      transport.write("hi");
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      received.append(StandardCharsets.UTF_8.decode(data));
    }

    @Override
    public void connectionLost(Throwable reason) {
      events.add("protocol lost " + reason.getClass().getSimpleName());
    }
  }

  /** Writes back whatever it receives. */
  private static final class Echo implements Protocol {
    private Transport transport;

    @Override
    public void connectionMade(Transport transport) {
      this.transport = transport;
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      byte[] copy = new byte[data.remaining()];
      data.get(copy);
      transport.write(copy);
    }
  }

  // ---------------------------------------------------------------- time

  @Test
  void timeAndDelayedCallsComeFromTheReactorsClock() {
    reactor.callLater(Duration.ofSeconds(2), () -> events.add("due"));

    assertThat(reactor.pendingCalls()).isEqualTo(reactor.clock().pendingCalls()).hasSize(1);
    reactor.clock().advance(Duration.ofSeconds(2));

    assertThat(events).containsExactly("due");
    assertThat(reactor.nanoTime()).isEqualTo(Duration.ofSeconds(2).toNanos());
    assertThat(reactor.pendingCalls()).isEmpty();
  }

  // ---------------------------------------------------------------- listening

  @Test
  void listenTcpRecordsTheServerAndStartsItsFactory() throws IOException {
    ProtocolFactory factory = serverFactory(new Echo());
    TcpListenOptions options = TcpListenOptions.defaults().withInterface("127.0.0.1");

    FakeListeningPort port = reactor.listenTcp(8080, factory, options);

    assertThat(reactor.tcpServers())
        .containsExactly(new MemoryReactor.TcpServer(8080, factory, options, port));
    assertThat(port.address()).isEqualTo(new InetSocketAddress("127.0.0.1", 8080));
    assertThat(port.listening()).isTrue();
    assertThat(events).containsExactly("server start");
  }

  @Test
  void listeningOnPortZeroGetsAMadeUpPortThatTheAddressShows() throws IOException {
    var first = reactor.listenTcp(0, serverFactory(new Echo()));
    var second = reactor.listenTcp(0, serverFactory(new Echo()));

    var a = (InetSocketAddress) first.address();
    var b = (InetSocketAddress) second.address();
    assertThat(a.getPort()).isEqualTo(MemoryReactor.FIRST_MADE_UP_PORT);
    assertThat(b.getPort()).isEqualTo(MemoryReactor.FIRST_MADE_UP_PORT + 1);
    assertThat(a.getAddress().getHostAddress()).isEqualTo("0.0.0.0");
    assertThat(reactor.tcpServers().getFirst().port()).isZero();
  }

  @Test
  void listeningOnAPortThatListensAlreadyThrowsBindExceptionUntilItStops() throws IOException {
    var port = reactor.listenTcp(8080, serverFactory(new Echo()));

    assertThatThrownBy(() -> reactor.listenTcp(8080, serverFactory(new Echo())))
        .isInstanceOf(BindException.class)
        .hasMessageContaining("8080");

    port.stopListening();
    assertThat(reactor.listenTcp(8080, serverFactory(new Echo())).listening()).isTrue();
  }

  @Test
  void stopListeningFiresAtOnceStopsTheFactoryOnceAndMarksThePortStopped() throws IOException {
    var port = reactor.listenTcp(8080, serverFactory(new Echo()));

    Deferred<Void> first = port.stopListening();
    Deferred<Void> second = port.stopListening();

    assertThat(successResultOf(first)).isNull();
    assertThat(successResultOf(second)).isNull();
    assertThat(port.listening()).isFalse();
    assertThat(events).containsExactly("server start", "server stop");
  }

  // ---------------------------------------------------------------- connecting

  @Test
  void connectTcpRecordsTheClientAndStartsAnAttempt() {
    var factory = new RecordingClientFactory();
    var options = TcpConnectOptions.defaults().withTimeout(Duration.ofSeconds(5));

    FakeConnector connector = reactor.connectTcp("example.com", 443, factory, options);

    assertThat(reactor.tcpClients())
        .containsExactly(
            new MemoryReactor.TcpClient("example.com", 443, factory, options, connector));
    assertThat(connector.state()).isEqualTo(Connector.State.CONNECTING);
    assertThat(connector.attempts()).isEqualTo(1);
    assertThat(connector.destination())
        .isEqualTo(InetSocketAddress.createUnresolved("example.com", 443));
    assertThat(factory.startedWith).isSameAs(connector);
    assertThat(events).containsExactly("start", "connecting");
  }

  @Test
  void anIpLiteralDestinationIsResolvedWithoutALookup() {
    var connector = reactor.connectTcp("127.0.0.1", 25, new RecordingClientFactory());

    assertThat(connector.destination()).isEqualTo(new InetSocketAddress("127.0.0.1", 25));
  }

  @Test
  void aFailedAttemptIsReportedToTheFactoryWhichIsThenStopped() {
    var connector = reactor.connectTcp("example.com", 80, new RecordingClientFactory());

    connector.failConnection(new ConnectException("refused"));

    assertThat(connector.state()).isEqualTo(Connector.State.DISCONNECTED);
    assertThat(events).containsExactly("start", "connecting", "failed ConnectException", "stop");
  }

  @Test
  void aFactoryThatReconnectsAfterAFailureKeepsRunning() {
    var factory = new RecordingClientFactory();
    factory.retry = true;
    var connector = reactor.connectTcp("example.com", 80, factory);

    connector.failConnection(new ConnectException("refused"));

    assertThat(connector.state()).isEqualTo(Connector.State.CONNECTING);
    assertThat(connector.attempts()).isEqualTo(2);
    assertThat(events)
        .containsExactly("start", "connecting", "failed ConnectException", "connecting");
  }

  @Test
  void stopConnectingFailsTheAttemptWithACancellation() {
    var connector = reactor.connectTcp("example.com", 80, new RecordingClientFactory());

    connector.stopConnecting();

    assertThat(events).containsSubsequence("failed CancellationException", "stop");
    assertThatThrownBy(connector::stopConnecting).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void connectingWhileAnAttemptIsUnderWayThrows() {
    var connector = reactor.connectTcp("example.com", 80, new RecordingClientFactory());

    assertThatThrownBy(connector::connect)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("CONNECTING");
  }

  @Test
  void completeConnectionBuildsTheClientProtocolOnTheGivenTransport() {
    var factory = new RecordingClientFactory();
    var connector = reactor.connectTcp("127.0.0.1", 7, factory);
    var pump = Loopback.connect(new Echo(), new Protocol() {});
    Transport transport = pump.clientTransport();

    Protocol protocol = connector.completeConnection(transport);

    assertThat(protocol).isSameAs(factory.built.getFirst());
    assertThat(((RecordingProtocol) protocol).transport).isSameAs(transport);
    assertThat(connector.state()).isEqualTo(Connector.State.CONNECTED);
    assertThat(connector.protocol()).containsSame(protocol);
    assertThat(connector.transport()).containsSame(transport);
    assertThat(events)
        .containsExactly("start", "connecting", "build /127.0.0.1:7", "made", "connected");
  }

  @Test
  void droppingACompletedConnectionTellsTheProtocolAndTheFactory() {
    var connector = reactor.connectTcp("127.0.0.1", 7, new RecordingClientFactory());
    connector.completeConnection(Loopback.connect(new Echo(), new Protocol() {}).clientTransport());
    events.clear();

    connector.dropConnection(new ConnectionDone("closed"));

    assertThat(connector.state()).isEqualTo(Connector.State.DISCONNECTED);
    assertThat(connector.transport()).isEmpty();
    assertThat(events)
        .containsExactly("protocol lost ConnectionDone", "lost ConnectionDone", "stop");
  }

  @Test
  void completeLoopbackConnectsTheClientToTheReactorsListenerOnThatPort() throws IOException {
    reactor.listenTcp(8080, serverFactory(new Echo()));
    var factory = new RecordingClientFactory();
    var connector = reactor.connectTcp("127.0.0.1", 8080, factory);

    LoopbackPump pump = connector.completeLoopback();
    pump.flush();

    var client = (RecordingProtocol) factory.built.getFirst();
    assertThat(client.received.toString()).isEqualTo("hi");
    assertThat(pump.client()).isSameAs(client);
    assertThat(pump.clientTransport().peerAddress())
        .isEqualTo(new InetSocketAddress("127.0.0.1", 8080));
    assertThat(connector.state()).isEqualTo(Connector.State.CONNECTED);
    assertThat(events).endsWith("connected");
  }

  @Test
  void closingALoopbackConnectionTellsTheClientFactory() {
    var connector = reactor.connectTcp("127.0.0.1", 8080, new RecordingClientFactory());
    LoopbackPump pump = connector.completeLoopback(serverFactory(new Echo()));
    events.clear();

    pump.serverTransport().loseConnection();
    pump.flush();

    assertThat(connector.state()).isEqualTo(Connector.State.DISCONNECTED);
    assertThat(events)
        .containsExactly("protocol lost ConnectionDone", "lost ConnectionDone", "stop");
    assertThatThrownBy(() -> connector.dropConnection(new ConnectionDone("again")))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void completeLoopbackWithoutAListenerOnThatPortThrows() {
    var connector = reactor.connectTcp("127.0.0.1", 8080, new RecordingClientFactory());

    assertThatThrownBy(connector::completeLoopback)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("8080");
  }

  // ---------------------------------------------------------------- lifecycle

  @Test
  void runRunsTheCallWhenRunningTasksInOrderAndStaysRunning() {
    reactor.callWhenRunning(() -> events.add("first"));
    reactor.callWhenRunning(() -> events.add("second"));
    assertThat(events).isEmpty();
    assertThat(reactor.running()).isFalse();

    reactor.run();

    assertThat(events).containsExactly("first", "second");
    assertThat(reactor.running()).isTrue();
    assertThat(reactor.hasRun()).isTrue();
    assertThat(reactor.hasStopped()).isFalse();
  }

  @Test
  void callWhenRunningOnARunningReactorRunsTheTaskAtOnce() {
    reactor.run();

    reactor.callWhenRunning(() -> events.add("now"));

    assertThat(events).containsExactly("now");
  }

  @Test
  void aFailingCallWhenRunningTaskIsLoggedAndTheOthersStillRun() {
    reactor.callWhenRunning(
        () -> {
          throw new IllegalStateException("bad start");
        });
    reactor.callWhenRunning(() -> events.add("still ran"));

    reactor.run();

    assertThat(events).containsExactly("still ran");
    assertThat(LoggedErrors.flush(IllegalStateException.class)).hasSize(1);
  }

  @Test
  void runningARunningReactorAgainThrows() {
    reactor.run();

    assertThatThrownBy(reactor::run)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already running");
  }

  @Test
  void aStoppedReactorCannotRunAgain() {
    reactor.run();
    reactor.stop();

    assertThat(reactor.hasStopped()).isTrue();
    assertThat(reactor.running()).isFalse();
    assertThatThrownBy(reactor::run).isInstanceOf(ReactorNotRestartableException.class);
  }

  @Test
  void stoppingAReactorThatIsNotRunningThrows() {
    assertThatThrownBy(reactor::stop)
        .isInstanceOf(ReactorNotRunningException.class)
        .hasMessageContaining("never started");
    reactor.run();
    reactor.stop();
    assertThatThrownBy(reactor::stop)
        .isInstanceOf(ReactorNotRunningException.class)
        .hasMessageContaining("already stopped");
  }

  @Test
  void stopRunsTheTriggersPhaseByPhaseAndClosesPortsAndConnectorsDuringShutdown()
      throws IOException {
    var port = reactor.listenTcp(8080, serverFactory(new Echo()));
    var connector = reactor.connectTcp("example.com", 80, new RecordingClientFactory());
    events.clear();
    reactor.addShutdownTrigger(ShutdownPhase.AFTER, () -> record("after"));
    reactor.addShutdownTrigger(ShutdownPhase.DURING, () -> record("during"));
    reactor.addShutdownTrigger(ShutdownPhase.BEFORE, () -> record("before"));
    reactor.addShutdownTrigger(
        ShutdownPhase.BEFORE, () -> record("before, port listening: " + port.listening()));
    reactor.run();

    reactor.stop();

    assertThat(events)
        .containsExactly(
            "before",
            "before, port listening: true",
            "server stop",
            "failed CancellationException",
            "stop",
            "during",
            "after");
    assertThat(connector.state()).isEqualTo(Connector.State.DISCONNECTED);
    assertThat(reactor.hasStopped()).isTrue();
  }

  private Deferred<Void> record(String event) {
    events.add(event);
    return null;
  }

  @Test
  void aRemovedTriggerDoesNotRun() {
    reactor.addShutdownTrigger(ShutdownPhase.BEFORE, () -> record("removed")).remove();
    reactor.run();

    reactor.stop();

    assertThat(events).isEmpty();
  }

  @Test
  void shutdownWaitsForTheDeferredOfATriggerBeforeTheNextPhase() {
    Deferred<Void> draining = new Deferred<>();
    reactor.addShutdownTrigger(ShutdownPhase.BEFORE, () -> draining);
    reactor.addShutdownTrigger(ShutdownPhase.AFTER, () -> record("after"));
    reactor.run();

    reactor.stop();
    reactor.stop();
    assertThat(events).isEmpty();
    assertThat(reactor.running()).isTrue();

    draining.callback(null);

    assertThat(events).containsExactly("after");
    assertThat(reactor.hasStopped()).isTrue();
    assertThat(reactor.pendingCalls()).isEmpty();
  }

  @Test
  void shutdownGoesOnWhenATriggersDeferredDoesNotFireWithinTheTimeout() {
    reactor.addShutdownTrigger(ShutdownPhase.DURING, Deferred::new);
    reactor.addShutdownTrigger(ShutdownPhase.AFTER, () -> record("after"));
    reactor.run();
    reactor.stop();

    reactor.clock().advance(MemoryReactor.SHUTDOWN_TIMEOUT.minusNanos(1));
    assertThat(reactor.hasStopped()).isFalse();
    reactor.clock().advance(Duration.ofNanos(1));

    assertThat(events).containsExactly("after");
    assertThat(reactor.hasStopped()).isTrue();
  }

  @Test
  void aFailingTriggerIsLoggedAndShutdownGoesOn() {
    reactor.addShutdownTrigger(
        ShutdownPhase.BEFORE,
        () -> {
          throw new IllegalStateException("trigger threw");
        });
    reactor.addShutdownTrigger(
        ShutdownPhase.DURING, () -> Deferred.fail(new IOException("trigger failed")));
    reactor.run();

    reactor.stop();

    assertThat(reactor.hasStopped()).isTrue();
    assertThat(LoggedErrors.flush(IllegalStateException.class, IOException.class)).hasSize(2);
  }

  // ---------------------------------------------------------------- threads

  @Test
  void callFromThreadTasksWaitForDrainAndRunInOrder() {
    reactor.callFromThread(() -> events.add("one"));
    reactor.execute(
        () -> {
          events.add("two");
          reactor.callFromThread(() -> events.add("queued by two"));
        });
    assertThat(events).isEmpty();

    assertThat(reactor.drain()).isEqualTo(3);

    assertThat(events).containsExactly("one", "two", "queued by two");
  }

  @Test
  void callFromThreadTasksRunWhenTheClockTurns() {
    reactor.callFromThread(() -> events.add("task"));

    reactor.clock().runDue();

    assertThat(events).containsExactly("task");
  }

  @Test
  void aTaskQueuedByADelayedCallRunsBeforeTheNextDelayedCall() {
    reactor.callLater(
        Duration.ofSeconds(1),
        () -> {
          events.add("call 1");
          reactor.callFromThread(() -> events.add("task"));
        });
    reactor.callLater(Duration.ofSeconds(2), () -> events.add("call 2"));

    reactor.clock().advance(Duration.ofSeconds(2));

    assertThat(events).containsExactly("call 1", "task", "call 2");
  }

  @Test
  void runRunsTheTasksQueuedBeforeIt() {
    reactor.callFromThread(() -> events.add("queued"));
    reactor.callWhenRunning(() -> events.add("when running"));

    reactor.run();

    assertThat(events).containsExactly("when running", "queued");
  }

  @Test
  void aFailingCallFromThreadTaskIsLoggedAndTheRestRun() {
    reactor.callFromThread(
        () -> {
          throw new IllegalArgumentException("bad task");
        });
    reactor.callFromThread(() -> events.add("after"));

    reactor.drain();

    assertThat(events).containsExactly("after");
    assertThat(LoggedErrors.flush(IllegalArgumentException.class)).hasSize(1);
  }

  @Test
  void anotherThreadCanQueueTasksAndStopButOnlyTheCreatingThreadIsTheReactorThread()
      throws InterruptedException {
    reactor.run();
    AtomicBoolean otherIsReactorThread = new AtomicBoolean(true);
    Thread other =
        Thread.ofPlatform()
            .start(
                () -> {
                  otherIsReactorThread.set(reactor.isReactorThread());
                  reactor.callFromThread(() -> events.add("from other thread"));
                  reactor.stop();
                });
    other.join();

    assertThat(otherIsReactorThread).isFalse();
    assertThat(reactor.isReactorThread()).isTrue();
    assertThat(reactor.running()).isTrue();

    reactor.drain();

    assertThat(events).containsExactly("from other thread");
    assertThat(reactor.hasStopped()).isTrue();
  }

  @Test
  void drainFromAnotherThreadIsRefused() throws InterruptedException {
    List<Throwable> thrown = new ArrayList<>();
    Thread other =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    reactor.drain();
                  } catch (IllegalStateException e) {
                    thrown.add(e);
                  }
                });
    other.join();

    assertThat(thrown).singleElement().isInstanceOf(IllegalStateException.class);
  }

  @Test
  void deferToThreadRunsTheWorkAtOnceOnTheCallingThread() {
    Deferred<Thread> ranOn = reactor.deferToThread(Thread::currentThread);
    Deferred<Object> failed =
        reactor.deferToThread(
            () -> {
              throw new IOException("disk");
            });

    assertThat(successResultOf(ranOn)).isSameAs(Thread.currentThread());
    assertThat(failureResultOf(failed, IOException.class)).hasMessage("disk");
  }

  @Test
  void blockingCallFromThreadReturnsTheValueOfAFiredDeferred() throws Exception {
    assertThat(reactor.blockingCallFromThread(() -> Deferred.succeed("done"))).isEqualTo("done");
  }

  @Test
  void blockingCallFromThreadThrowsUncheckedErrorsAsTheyAreAndWrapsCheckedOnes() {
    var unchecked = new IllegalStateException("unchecked");
    var checked = new IOException("checked");

    assertThatThrownBy(() -> reactor.blockingCallFromThread(() -> Deferred.fail(unchecked)))
        .isSameAs(unchecked);
    assertThatThrownBy(() -> reactor.blockingCallFromThread(() -> Deferred.fail(checked)))
        .isInstanceOf(ExecutionException.class)
        .hasCause(checked);
  }

  @Test
  void blockingCallFromThreadRefusesADeferredThatHasNotFired() {
    assertThatThrownBy(() -> reactor.blockingCallFromThread(Deferred::new))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot wait");
  }

  @Test
  void disconnectWhileConnectingStopsTheAttemptWithACancellation() {
    List<Throwable> reasons = new ArrayList<>();
    var connector =
        reactor.connectTcp(
            "example.com",
            80,
            new ClientFactory() {
              @Override
              public Protocol buildProtocol(SocketAddress peer) {
                return new Echo();
              }

              @Override
              public void clientConnectionFailed(Connector c, Throwable reason) {
                reasons.add(reason);
              }
            });

    connector.disconnect();

    assertThat(reasons).singleElement().isInstanceOf(CancellationException.class);
    assertThat(connector.state()).isEqualTo(Connector.State.DISCONNECTED);
  }
}
