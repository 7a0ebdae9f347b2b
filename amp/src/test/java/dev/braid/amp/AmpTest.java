package dev.braid.amp;

import static dev.braid.amp.InteropCommands.BOOM;
import static dev.braid.amp.InteropCommands.DIVIDE;
import static dev.braid.amp.InteropCommands.MISSING;
import static dev.braid.amp.InteropCommands.NOTIFY;
import static dev.braid.amp.InteropCommands.SLOW;
import static dev.braid.amp.InteropCommands.SUM;
import static dev.braid.amp.InteropCommands.SWITCH_TO_ECHO;
import static dev.braid.testing.DeferredAssertions.assertNoResult;
import static dev.braid.testing.DeferredAssertions.failureResultOf;
import static dev.braid.testing.DeferredAssertions.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.amp.InteropCommands.Divide;
import dev.braid.amp.InteropCommands.Message;
import dev.braid.amp.InteropCommands.Sum;
import dev.braid.amp.InteropCommands.Token;
import dev.braid.amp.InteropCommands.Total;
import dev.braid.amp.InteropCommands.ZeroDivision;
import dev.braid.bytes.ByteString;
import dev.braid.defer.Deferred;
import dev.braid.net.ConnectionDone;
import dev.braid.net.Protocol;
import dev.braid.net.Transport;
import dev.braid.testing.BraidTest;
import dev.braid.testing.LoggedErrors;
import dev.braid.testing.Loopback;
import dev.braid.testing.LoopbackPump;
import dev.braid.testing.ProtocolFeeder;
import dev.braid.testing.StringTransport;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

@BraidTest
class AmpTest {
  private final InteropCommands.Server server = new InteropCommands.Server();

  /** Collects what it receives; writes {@code greeting} when it takes the connection over. */
  private static final class Collector implements Protocol {
    private final String greeting;
    private ByteString received = ByteString.EMPTY;

    Collector(String greeting) {
      this.greeting = greeting;
    }

    @Override
    public void connectionMade(Transport transport) {
      transport.write(greeting);
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      received = received.concat(ByteString.copyOf(data));
    }
  }

  private static List<AmpBox> boxes(ByteString written) throws AmpParseException {
    AmpBoxParser parser = new AmpBoxParser();
    ByteBuffer in = written.asByteBuffer();
    List<AmpBox> out = new ArrayList<>();
    while (in.hasRemaining()) {
      parser.next(in).ifPresent(out::add);
    }
    return out;
  }

  @Test
  void callRemoteFiresWithTheResponderAnswer() {
    Amp client = new Amp();
    LoopbackPump pump = Loopback.connect(server.newConnection(), client);

    Deferred<Total> total = client.callRemote(SUM, new Sum(13, -20));
    assertNoResult(total);
    pump.flush();

    assertThat(successResultOf(total)).isEqualTo(new Total(-7));
    assertThat(client.pendingCalls()).isZero();
  }

  @Test
  void aCallIsOneBoxWithCommandAskAndTheArguments() throws Exception {
    Amp client = new Amp();
    StringTransport transport = new StringTransport();
    transport.makeConnection(client);

    client.callRemote(SUM, new Sum(1, 2));
    client.callRemote(SUM, new Sum(3, 4));

    assertThat(boxes(transport.written()))
        .containsExactly(
            AmpBox.builder()
                .put("a", "1")
                .put("b", "2")
                .put("_command", "Sum")
                .put("_ask", "1")
                .build(),
            AmpBox.builder()
                .put("a", "3")
                .put("b", "4")
                .put("_command", "Sum")
                .put("_ask", "2")
                .build());
    transport.receive(
        AmpBox.builder().put("_answer", "2").put("total", "7").build().toByteString());
    assertThat(client.pendingCalls()).isEqualTo(1);
  }

  @Test
  void aServerFedOneByteAtATimeAnswersEveryCall() {
    ByteString calls =
        AmpBox.builder()
            .put("_command", "Sum")
            .put("_ask", "a")
            .put("a", "1")
            .put("b", "2")
            .build()
            .toByteString()
            .concat(
                AmpBox.builder()
                    .put("_command", "Divide")
                    .put("_ask", "b")
                    .put("numerator", "1")
                    .put("denominator", "0")
                    .build()
                    .toByteString());
    ProtocolFeeder.standard()
        .feedAllWays(
            server::newConnection,
            calls,
            (amp, transport) ->
                assertThat(boxes(transport.written()))
                    .containsExactly(
                        AmpBox.builder().put("total", "3").put("_answer", "a").build(),
                        AmpBox.builder()
                            .put("_error", "b")
                            .put("_error_code", "ZERO_DIVISION")
                            .put("_error_description", "division by zero")
                            .build()));
  }

  @Test
  void aDeclaredErrorTravelsAsItsCodeAndComesBackAsItsException() {
    Amp client = new Amp();
    LoopbackPump pump = Loopback.connect(server.newConnection(), client);

    Deferred<?> quotient = client.callRemote(DIVIDE, new Divide(1, 0));
    pump.flush();

    assertThat(failureResultOf(quotient, ZeroDivision.class)).hasMessage("division by zero");
    assertThat(pump.closed()).isFalse();
  }

  @Test
  void aCommandWithoutResponderIsAnsweredUnhandled() {
    Amp client = new Amp();
    LoopbackPump pump = Loopback.connect(server.newConnection(), client);

    Deferred<?> missing = client.callRemote(MISSING, Empty.INSTANCE);
    pump.flush();

    assertThat(failureResultOf(missing, UnhandledCommandException.class))
        .hasMessageContaining("Missing");
    assertThat(pump.closed()).isFalse();
  }

  @Test
  void anUndeclaredErrorIsAnsweredUnknownLoggedAndClosesTheConnection() {
    Amp client = new Amp();
    LoopbackPump pump = Loopback.connect(server.newConnection(), client);

    Deferred<?> boom = client.callRemote(BOOM, Empty.INSTANCE);
    pump.flush();

    UnknownRemoteException error = failureResultOf(boom, UnknownRemoteException.class);
    assertThat(error.code()).isEqualTo(Amp.UNKNOWN);
    assertThat(error).hasMessage("UNKNOWN: Unknown Error");
    assertThat(pump.closed()).isTrue();
    assertThat(LoggedErrors.flush(IllegalStateException.class)).hasSize(1);
  }

  @Test
  void aLateAnswerDoesNotHoldUpTheCallsAfterIt() {
    List<Deferred<Token>> held = new ArrayList<>();
    Amp serverSide =
        server
            .newConnection()
            .respond(
                SLOW,
                args -> {
                  Deferred<Token> d = new Deferred<>();
                  held.add(d);
                  return d.addCallback(ignored -> args);
                });
    Amp client = new Amp();
    LoopbackPump pump = Loopback.connect(serverSide, client);

    Deferred<Token> slow = client.callRemote(SLOW, new Token("late"));
    Deferred<Total> fast = client.callRemote(SUM, new Sum(1, 1));
    pump.flush();

    assertThat(successResultOf(fast)).isEqualTo(new Total(2));
    assertNoResult(slow);
    held.getFirst().callback(new Token("ignored"));
    pump.flush();
    assertThat(successResultOf(slow)).isEqualTo(new Token("late"));
  }

  @Test
  void aCommandWithoutAnswerFiresOnceSentAndGetsNoReply() throws Exception {
    Amp client = new Amp();
    StringTransport serverTransport = new StringTransport();
    serverTransport.makeConnection(server.newConnection());
    StringTransport clientTransport = new StringTransport();
    clientTransport.makeConnection(client);

    Deferred<Empty> sent = client.callRemote(NOTIFY, new Message("hi"));
    serverTransport.receive(clientTransport.written());

    assertThat(successResultOf(sent)).isEqualTo(Empty.INSTANCE);
    assertThat(boxes(clientTransport.written()).getFirst().has(Amp.ASK)).isFalse();
    assertThat(server.notes).containsExactly("hi");
    assertThat(serverTransport.written()).isEqualTo(ByteString.EMPTY);
  }

  @Test
  void callsStillWaitingFailWithTheReasonTheConnectionClosed() {
    Amp client = new Amp();
    StringTransport transport = new StringTransport();
    transport.makeConnection(client);

    Deferred<Total> total = client.callRemote(SUM, new Sum(1, 2));
    transport.reportDisconnect();

    failureResultOf(total, ConnectionDone.class);
    failureResultOf(client.callRemote(SUM, new Sum(1, 2)), ConnectionDone.class);
    assertThat(successResultOf(client.whenLost())).isInstanceOf(ConnectionDone.class);
  }

  @Test
  void malformedInputClosesTheConnectionWithoutAnError() {
    ProtocolFeeder.standard()
        .feedAllWays(
            server::newConnection,
            ByteString.of((byte) 1, (byte) 44, (byte) 'x', (byte) 'y'),
            (amp, transport) -> {
              assertThat(transport.disconnecting()).isTrue();
              assertThat(transport.written()).isEqualTo(ByteString.EMPTY);
            });
    assertThat(LoggedErrors.pending()).isEmpty();
  }

  @Test
  void aBoxThatIsNeitherCommandNorAnswerClosesTheConnection() {
    StringTransport transport = new StringTransport();
    transport.makeConnection(server.newConnection());

    transport.receive(AmpBox.builder().put("a", "1").build().toByteString());

    assertThat(transport.disconnecting()).isTrue();
  }

  @Test
  void anAnswerToACallNeverMadeClosesTheConnection() {
    StringTransport transport = new StringTransport();
    transport.makeConnection(new Amp());

    transport.receive(AmpBox.builder().put("_answer", "9").build().toByteString());

    assertThat(transport.disconnecting()).isTrue();
  }

  @Test
  void argumentsThatDoNotDecodeAreAnsweredUnknownAndCloseTheConnection() throws Exception {
    StringTransport transport = new StringTransport();
    transport.makeConnection(server.newConnection());

    transport.receive(
        AmpBox.builder()
            .put("_command", "Sum")
            .put("_ask", "1")
            .put("a", "one")
            .put("b", "2")
            .build()
            .toByteString());

    assertThat(boxes(transport.written()))
        .containsExactly(
            AmpBox.builder()
                .put("_error", "1")
                .put("_error_code", "UNKNOWN")
                .put("_error_description", "Unknown Error")
                .build());
    assertThat(transport.disconnecting()).isTrue();
  }

  @Test
  void argumentsThatCannotBeSentFailTheCallWithoutSendingIt() {
    Amp client = new Amp();
    StringTransport transport = new StringTransport();
    transport.makeConnection(client);

    Deferred<Token> tooLong = client.callRemote(SLOW, new Token("x".repeat(70_000)));
    Deferred<Token> nullField = client.callRemote(SLOW, new Token(null));

    assertThat(failureResultOf(tooLong, AmpValueException.class))
        .hasMessageContaining("at most 65535");
    assertThat(failureResultOf(nullField, AmpValueException.class)).hasMessageContaining("null");
    assertThat(transport.written()).isEqualTo(ByteString.EMPTY);
  }

  @Test
  void aSwitchingCommandHandsTheConnectionToNewProtocolsOnBothSides() {
    Amp client = new Amp();
    LoopbackPump pump = Loopback.connect(server.newConnection(), client);
    Collector collector = new Collector("after the switch");

    Deferred<Empty> switched =
        client.callRemoteSwitching(SWITCH_TO_ECHO, Empty.INSTANCE, response -> collector);
    Deferred<Total> blocked = client.callRemote(SUM, new Sum(1, 2));
    pump.flush();

    assertThat(successResultOf(switched)).isEqualTo(Empty.INSTANCE);
    failureResultOf(blocked, ProtocolSwitchedException.class);
    assertThat(collector.received.utf8()).isEqualTo("after the switch");
    failureResultOf(client.callRemote(SUM, new Sum(1, 2)), ProtocolSwitchedException.class);
  }

  @Test
  void aRefusedSwitchLeavesAmpRunning() {
    Amp client = new Amp();
    LoopbackPump pump = Loopback.connect(server.newConnection(), client);
    Command<Empty, Empty> unknownSwitch = Command.of("NoSuchSwitch", Empty.class, Empty.class);

    Deferred<Empty> switched =
        client.callRemoteSwitching(unknownSwitch, Empty.INSTANCE, r -> new Collector(""));
    pump.flush();
    Deferred<Total> after = client.callRemote(SUM, new Sum(2, 2));
    pump.flush();

    failureResultOf(switched, UnhandledCommandException.class);
    assertThat(successResultOf(after)).isEqualTo(new Total(4));
  }

  @Test
  void aCommandWhoseRecordsHaveNoAmpTypeIsRefusedWhenDeclared() {
    record Bad(Object value) {}
    assertThatThrownBy(() -> Command.of("Bad", Bad.class, Empty.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("value")
        .hasMessageContaining("no type");
  }

  @Test
  void aSecondResponderForOneCommandIsRefused() {
    Amp amp = server.newConnection();
    assertThatThrownBy(() -> amp.respondNow(SUM, args -> new Total(0)))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void optionalArgumentsAreLeftOutWhenEmpty() throws Exception {
    record Greeting(String name, Optional<String> title) {}
    Command<Greeting, Empty> greet = Command.withoutAnswer("Greet", Greeting.class);
    Amp client = new Amp();
    StringTransport transport = new StringTransport();
    transport.makeConnection(client);

    client.callRemote(greet, new Greeting("ada", Optional.empty()));
    client.callRemote(greet, new Greeting("ada", Optional.of("dr")));

    List<AmpBox> sent = boxes(transport.written());
    assertThat(sent.get(0).has("title")).isFalse();
    assertThat(sent.get(1).get("title")).contains(ByteString.utf8("dr"));
  }
}
