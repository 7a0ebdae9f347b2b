package dev.braid.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.defer.Deferred;
import dev.braid.net.EndpointSyntaxException;
import dev.braid.net.ListeningPort;
import dev.braid.net.Protocol;
import dev.braid.net.ProtocolFactory;
import dev.braid.net.Transport;
import dev.braid.reactor.ReactorGroup.Distribution;
import dev.braid.testing.BraidTest;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The reactor group over real sockets: connections spread over all reactors and are served by their
 * owner only, reactors hand work to each other, and stopping the group closes everything. Each test
 * runs its own group on its own threads and stops it in {@link #stopGroup}.
 */
@BraidTest
class ReactorGroupTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final int CLIENTS = 48;

  private ReactorGroup group;
  private final List<Socket> clients = new ArrayList<>();
  private final ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
  private final AtomicInteger made = new AtomicInteger();
  private final AtomicInteger lost = new AtomicInteger();

  @AfterEach
  void stopGroup() throws Exception {
    for (Socket s : clients) {
      s.close();
    }
    if (group != null && group.running()) {
      group.stop();
      assertThat(group.awaitTermination(WAIT)).as("the group stopped").isTrue();
    }
  }

  /** Answers each chunk with the index of the reactor serving it; records off-owner callbacks. */
  private final class WhoServes implements Protocol {
    private Transport transport;
    private Reactor owner;

    private void check(String callback) {
      Reactor current = group.current().orElse(null);
      if (current == null || current != owner || !owner.isReactorThread()) {
        violations.add(callback + " ran on " + Thread.currentThread().getName());
      }
    }

    @Override
    public void connectionMade(Transport t) {
      transport = t;
      owner = group.ownerOf(t).orElseThrow();
      check("connectionMade");
      made.incrementAndGet();
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      check("dataReceived");
      int index = group.reactors().indexOf(owner);
      transport.write(ByteBuffer.wrap((index + "\n").getBytes(StandardCharsets.US_ASCII)));
    }

    @Override
    public void connectionLost(Throwable reason) {
      check("connectionLost");
      lost.incrementAndGet();
    }
  }

  private ProtocolFactory whoServes() {
    return peer -> new WhoServes();
  }

  private Socket connect(int port) throws IOException {
    Socket s = new Socket();
    clients.add(s);
    s.setSoTimeout((int) WAIT.toMillis());
    s.connect(new InetSocketAddress("127.0.0.1", port), (int) WAIT.toMillis());
    return s;
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) != -1 && c != '\n') {
      line.append((char) c);
    }
    return line.toString();
  }

  private List<ListeningPort> listen(String endpoint) throws Exception {
    return group
        .reactors()
        .get(0)
        .blockingCallFromThread(() -> group.listen(endpoint, whoServes()));
  }

  /** Connects CLIENTS clients, asks each which reactor serves it, returns the answers. */
  private Set<String> servingReactors(int port) throws IOException {
    List<Socket> mine = new ArrayList<>();
    for (int i = 0; i < CLIENTS; i++) {
      mine.add(connect(port));
    }
    Set<String> seen = new HashSet<>();
    for (Socket s : mine) {
      s.getOutputStream().write('?');
      seen.add(readLine(s.getInputStream()));
    }
    return seen;
  }

  private void spreadsAndStopsEverything(Distribution distribution) throws Exception {
    group = ReactorGroup.builder().reactors(3).distribution(distribution).build();
    assertThat(group.distribution()).isEqualTo(distribution);
    group.start();
    List<ListeningPort> ports = listen("tcp:0:interface=127.0.0.1");
    int port = ((InetSocketAddress) ports.get(0).address()).getPort();
    assertThat(ports)
        .hasSize(distribution == Distribution.REUSE_PORT ? 3 : 1)
        .allSatisfy(p -> assertThat(((InetSocketAddress) p.address()).getPort()).isEqualTo(port));

    assertThat(servingReactors(port)).containsExactlyInAnyOrder("0", "1", "2");
    assertThat(made.get()).isEqualTo(CLIENTS);

    group.stop();
    assertThat(group.awaitTermination(WAIT)).isTrue();
    assertThat(group.running()).isFalse();
    for (Socket s : clients) {
      assertThat(s.getInputStream().read()).as("the server closed the connection").isEqualTo(-1);
    }
    assertThat(lost.get()).isEqualTo(CLIENTS);
    assertThat(violations).isEmpty();
    assertThatThrownBy(() -> new Socket("127.0.0.1", port).close())
        .isInstanceOf(ConnectException.class);
  }

  @Test
  void reusePortSpreadsConnectionsOverAllReactorsEachServedByItsOwnerAndStopClosesAll()
      throws Exception {
    spreadsAndStopsEverything(Distribution.REUSE_PORT);
  }

  @Test
  void acceptorDealsConnectionsToAllReactorsEachServedByItsOwnerAndStopClosesAll()
      throws Exception {
    spreadsAndStopsEverything(Distribution.ACCEPTOR);
  }

  @Test
  void autoDistributionUsesReusePortOnLinux() {
    group = ReactorGroup.create(2);
    boolean linux = System.getProperty("os.name").toLowerCase().contains("linux");
    assertThat(group.distribution())
        .isEqualTo(linux ? Distribution.REUSE_PORT : Distribution.ACCEPTOR);
    assertThat(group.reactors()).hasSize(2);
  }

  @Test
  void protocolOnOneReactorGetsAnAnswerFromAnotherDeliveredOnItsOwnReactor() throws Exception {
    group = ReactorGroup.builder().reactors(2).distribution(Distribution.ACCEPTOR).build();
    group.start();
    ProtocolFactory askTheOther =
        peer ->
            new Protocol() {
              Transport transport;
              Reactor home;

              @Override
              public void connectionMade(Transport t) {
                transport = t;
                home = group.ownerOf(t).orElseThrow();
              }

              @Override
              public void dataReceived(ByteBuffer data) {
                Reactor other = group.reactors().get(1 - group.reactors().indexOf(home));
                group
                    .callOn(
                        other,
                        () -> Deferred.succeed("worked on other: " + other.isReactorThread()))
                    .addCallback(
                        answer -> {
                          String line = answer + ", back home: " + home.isReactorThread() + "\n";
                          transport.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
                          return null;
                        });
              }
            };
    List<ListeningPort> ports =
        group
            .reactors()
            .get(0)
            .blockingCallFromThread(() -> group.listen("tcp:0:interface=127.0.0.1", askTheOther));
    int port = ((InetSocketAddress) ports.get(0).address()).getPort();
    for (int i = 0; i < 2; i++) {
      Socket s = connect(port);
      s.getOutputStream().write('?');
      assertThat(readLine(s.getInputStream())).isEqualTo("worked on other: true, back home: true");
    }
  }

  @Test
  void callOnDeliversTheFailureOnTheCallingReactor() throws Exception {
    group = ReactorGroup.create(2);
    group.start();
    Reactor a = group.reactors().get(0);
    Reactor b = group.reactors().get(1);
    String seen =
        a.blockingCallFromThread(
            () ->
                group
                    .<String>callOn(
                        b,
                        () -> Deferred.fail(new IOException("b says no: " + b.isReactorThread())))
                    .addErrback(
                        error -> error.getMessage() + ", seen on a: " + a.isReactorThread()));
    assertThat(seen).isEqualTo("b says no: true, seen on a: true");
  }

  @Test
  void callOnOffTheGroupsThreadsIsRefused() throws Exception {
    group = ReactorGroup.create(2);
    group.start();
    assertThatThrownBy(() -> group.callOn(group.reactors().get(1), () -> Deferred.succeed(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not a reactor thread of this group");
  }

  @Test
  void stoppingOneReactorStopsTheWholeGroup() throws Exception {
    group = ReactorGroup.create(3);
    group.start();
    Reactor third = group.reactors().get(2);
    third.blockingCallFromThread(() -> Deferred.succeed(null));
    third.stop();
    assertThat(group.awaitTermination(WAIT)).isTrue();
    assertThat(group.reactors()).noneMatch(Reactor::running);
  }

  @Test
  void groupBeforeTriggerRunsBeforeAnyReactorClosesAConnection() throws Exception {
    group = ReactorGroup.builder().reactors(3).distribution(Distribution.ACCEPTOR).build();
    AtomicInteger lostWhenTriggerRan = new AtomicInteger(-1);
    group.addShutdownTrigger(
        Reactor.ShutdownPhase.BEFORE,
        () -> {
          Reactor first = group.reactors().get(0);
          // Finish later, on another thread, so the other reactors really have to wait.
          return first
              .deferToThread(() -> lost.get())
              .addCallback(
                  n -> {
                    lostWhenTriggerRan.set(n + (first.isReactorThread() ? 0 : 1000));
                    return null;
                  });
        });
    group.start();
    List<ListeningPort> ports = listen("tcp:0:interface=127.0.0.1");
    int port = ((InetSocketAddress) ports.get(0).address()).getPort();
    assertThat(servingReactors(port)).hasSize(3);

    group.stop();
    assertThat(group.awaitTermination(WAIT)).isTrue();
    assertThat(lostWhenTriggerRan.get()).isZero();
    assertThat(lost.get()).isEqualTo(CLIENTS);
  }

  @Test
  void listeningPortsCanBeStoppedFromAnyReactorOfTheGroup() throws Exception {
    group = ReactorGroup.builder().reactors(2).distribution(Distribution.REUSE_PORT).build();
    group.start();
    List<ListeningPort> ports = listen("tcp:0:interface=127.0.0.1");
    int port = ((InetSocketAddress) ports.get(0).address()).getPort();
    Reactor second = group.reactors().get(1);
    boolean deliveredOnSecond =
        second.blockingCallFromThread(
            () ->
                Deferred.gather(ports.stream().map(ListeningPort::stopListening).toList())
                    .addCallback(ignored -> second.isReactorThread()));
    assertThat(deliveredOnSecond).isTrue();
    assertThatThrownBy(() -> new Socket("127.0.0.1", port).close())
        .isInstanceOf(ConnectException.class);
  }

  @Test
  void runTwiceIsRefusedAndStopBeforeStartIsRefused() throws Exception {
    group = ReactorGroup.create(1);
    assertThatThrownBy(group::stop).isInstanceOf(ReactorNotRunningException.class);
    group.start();
    assertThatThrownBy(group::start).isInstanceOf(ReactorNotRestartableException.class);
    group.stop();
    assertThat(group.awaitTermination(WAIT)).isTrue();
    assertThatThrownBy(group::stop).isInstanceOf(ReactorNotRunningException.class);
  }

  @Test
  void runBlocksOnTheCallingThreadUntilTheGroupStops() throws Exception {
    group = ReactorGroup.create(2);
    AtomicInteger firstRanHere = new AtomicInteger();
    Thread caller = Thread.currentThread();
    group
        .reactors()
        .get(0)
        .callFromThread(
            () -> {
              firstRanHere.set(Thread.currentThread() == caller ? 1 : 2);
              group.stop();
            });
    group.run();
    assertThat(firstRanHere.get()).isEqualTo(1);
    assertThat(group.running()).isFalse();
  }

  @Test
  void listenRefusesOtherEndpointTypesAndBadNumbersOfReactors() {
    group = ReactorGroup.create(2);
    assertThatThrownBy(() -> group.listen("unix:/tmp/x", whoServes()))
        .isInstanceOf(EndpointSyntaxException.class)
        .hasMessageContaining("tcp: endpoints only");
    assertThatThrownBy(() -> group.listen("tcp:0:color=blue", whoServes()))
        .isInstanceOf(EndpointSyntaxException.class)
        .hasMessageContaining("color");
    assertThatThrownBy(() -> ReactorGroup.create(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void listenBeforeStartBindsAtOnceOnTheCreatingThread() throws Exception {
    group = ReactorGroup.builder().reactors(2).distribution(Distribution.REUSE_PORT).build();
    Deferred<List<ListeningPort>> ports = group.listen("tcp:0:interface=127.0.0.1", whoServes());
    assertThat(ports.called()).isTrue();
    int port = ((InetSocketAddress) ports.toCompletableFuture().get().get(0).address()).getPort();
    group.start();
    assertThat(servingReactors(port)).containsExactlyInAnyOrder("0", "1");
  }

  @Test
  void ownerOfIsEmptyForATransportThatIsNotAGroupConnection() {
    group = ReactorGroup.create(1);
    assertThat(group.ownerOf(new dev.braid.testing.StringTransport())).isEmpty();
    assertThat(group.current()).contains(group.reactors().get(0));
  }
}
