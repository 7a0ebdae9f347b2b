package dev.braid.net.tls;

import dev.braid.defer.Deferred;
import dev.braid.net.Transport;
import dev.braid.protocols.CommandLimits;
import dev.braid.protocols.CommandReplies;
import dev.braid.protocols.LineCommandServer;
import dev.braid.time.ReactorTime;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A line-command server shaped like SMTP's STARTTLS dialogue (enough for {@code openssl s_client
 * -starttls smtp}), built on {@link LineCommandServer} and its STARTTLS hook: greets with 220,
 * answers EHLO with a 250 list offering STARTTLS, and on "STARTTLS" lets the base class answer 220,
 * drop every byte it still holds from before, and start TLS. Over TLS it answers each command with
 * "250 got LINE". It keeps the peer address its transport gave ({@link #peer}).
 */
final class StartTlsLineServer extends LineCommandServer {
  private static final CommandReplies REPLIES =
      new CommandReplies(
          "500 say EHLO or STARTTLS",
          "501 syntax error",
          "500 line too long",
          "421 idle",
          "421 too many errors",
          "451 local error");

  private final TlsOptions options;
  final List<String> lines = new ArrayList<>();
  final Deferred<Throwable> lost = new Deferred<>();
  SocketAddress peer;

  StartTlsLineServer(ReactorTime clock, TlsOptions options) {
    super(clock, CommandLimits.defaults(), REPLIES);
    this.options = options;
    command("EHLO", argument -> answer("EHLO", argument));
    command("STARTTLS", argument -> answer("STARTTLS", argument));
    command("NOOP", argument -> answer("NOOP", argument));
  }

  private void answer(String verb, String argument) {
    String text = argument.isEmpty() ? verb : verb + " " + argument;
    lines.add(text);
    if (tlsActive()) {
      reply("250 got " + text);
    } else if (verb.equals("EHLO")) {
      reply("250-braid");
      reply("250 STARTTLS");
    } else if (verb.equals("STARTTLS")) {
      startTls("220 go ahead", options); // plaintext sent after STARTTLS is never processed
    } else {
      reply(REPLIES.unknownCommand());
    }
  }

  @Override
  public void connectionMade(Transport transport) {
    super.connectionMade(transport);
    peer = transport.peerAddress();
    reply("220 braid ESMTP test");
  }

  @Override
  public void connectionLost(Throwable reason) {
    super.connectionLost(reason);
    lost.callback(reason);
  }
}
